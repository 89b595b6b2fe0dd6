"""Parse XML from outside safely: no DTDs, no entity expansion, no external references.

FDX and XLIFF files come from other people's machines; an entity bomb or an external entity
must be refused with one message, never expanded.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from app.core.i18n import _
from app.formats.common import ImportFailed

logger = logging.getLogger(__name__)

_DANGEROUS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _unsafe(path: Path) -> ImportFailed:
    return ImportFailed(
        _(
            "{path} declares a DTD or XML entities, which Kiln refuses for safety; "
            "export the file again from its program without them."
        ).format(path=path)
    )


def parse_xml(raw: bytes, path: Path, what: str) -> ET.Element:
    """The root element of ``raw``; one clear message for unsafe or broken XML."""
    probe = raw[:4096]
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = raw[:8192].decode("utf-16", errors="ignore").encode("utf-8")
    if _DANGEROUS.search(probe) or _DANGEROUS.search(raw):
        raise _unsafe(path)
    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import fromstring
    except ImportError:  # pragma: no cover - defusedxml is a runtime dependency
        fromstring = ET.fromstring
        DefusedXmlException = ValueError  # noqa: N806
    try:
        return (
            fromstring(raw, forbid_dtd=True)
            if fromstring is not ET.fromstring
            else (ET.fromstring(raw))
        )
    except DefusedXmlException:
        raise _unsafe(path) from None
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: unknown encoding
        raise ImportFailed(
            _(
                "{path} is not a readable {what} file ({detail}); check that it is the right "
                "file and that it is not damaged."
            ).format(path=path, what=what, detail=exc)
        ) from None


def local(tag: str) -> str:
    """``{urn:…}unit`` → ``unit``."""
    return tag.rsplit("}", 1)[-1]
