"""The names of what Kiln reads and writes: the documents, the export and import formats and the
text encodings, as plain strings.

The command line's words (``app.formats.cli_words``) need only these names, and building the
parser must not import the readers and writers (SQLAlchemy, reportlab, …); the registry
(``app.formats.registry``) builds its writers and readers under the same names, and
``tests/unit/test_cli_lazy.py`` checks that the two agree.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

SHOOTING_SCRIPT, TRANSLATOR_PACKET = "shooting-script", "translator-packet"
DIALOGUE_LIST, GLOSSARY = "dialogue-list", "glossary"
#: The changes report: what changed between two drafts, a draft and now, or two files.
CHANGES = "changes"
#: Every document ``--what`` can name.
DOCUMENTS = (SHOOTING_SCRIPT, TRANSLATOR_PACKET, DIALOGUE_LIST, GLOSSARY, CHANGES)
#: The formats a changes report is written in (the registry's writers of ``CHANGES``).
REPORT_FORMATS = ("pdf", "docx", "json")

#: Every format ``--format`` of ``kiln export`` can name (the registry's writers, in order).
EXPORT_FORMATS = ("pdf", "docx", "fountain", "fdx", "xliff", "xlsx", "srt", "vtt", "tbx", "json")

#: The script formats Kiln reads (the registry's readers, in order).
SCRIPT_FORMATS = ("fountain", "fdx", "docx", "zh-text")
#: What ``--format`` of ``kiln import`` accepts: a reader, or ``auto`` (by suffix and content).
IMPORT_FORMATS = ("auto", *SCRIPT_FORMATS)

#: The text encodings a script may be read in (``auto``: detected).
ENCODINGS = ("auto", "utf-8", "gb18030", "utf-16")
