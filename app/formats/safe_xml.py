"""Parse XML from outside safely: no DTDs, no entity expansion, no external references.

FDX and XLIFF files come from other people's machines; an entity bomb or an external entity
must be refused with one message, never expanded. The elements are counted while the XML is
parsed (``app.formats.budgets``): a file of millions of tiny elements is refused part way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from app.core.i18n import _
from app.formats.budgets import Budget, XmlStretch
from app.formats.common import ImportFailed

logger = logging.getLogger(__name__)

_DANGEROUS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
#: Bytes handed to the parser at a time.
_CHUNK = 64 * 1024


def _unsafe(path: Path) -> ImportFailed:
    return ImportFailed(
        _(
            "{path} declares a DTD or XML entities, which Kiln refuses for safety; "
            "export the file again from its program without them."
        ).format(path=path)
    )


class _CountingBuilder(ET.TreeBuilder):
    """A tree builder that counts the elements it builds against the reader's budget (and the
    tags named in ``counted`` under their own budget), so a file of millions of tiny elements is
    refused while it is parsed, its tree never built whole."""

    def __init__(self, budget: Budget, counted: Mapping[str, str]) -> None:
        super().__init__()
        self.budget = budget
        self.counted = counted

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        self.budget.take("xml_elements")
        if tag in self.counted:
            self.budget.take(self.counted[tag])
        return super().start(tag, attrs)


def parse_xml(raw: bytes, path: Path, what: str, budget: Budget | None = None,
              counted: Mapping[str, str] | None = None) -> ET.Element:
    """The root element of ``raw``; one clear message for unsafe or broken XML, and for more
    elements or attributes than ``app.formats.budgets`` allows (elements counted as the XML is
    parsed, attributes before; ``counted`` maps tags to budgets of their own)."""
    probe = raw[:4096]
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = raw[:8192].decode("utf-16", errors="ignore").encode("utf-8")
    if _DANGEROUS.search(probe) or _DANGEROUS.search(raw):
        raise _unsafe(path)
    budget = budget if budget is not None else Budget(path)
    budget.take("xml_attributes", raw.count(b"="))  # an upper bound: values may hold "=" too
    stretch = XmlStretch(path)
    try:
        parser = DefusedXMLParser(target=_CountingBuilder(budget, counted or {}), forbid_dtd=True)
        for start in range(0, len(raw), _CHUNK):
            chunk = raw[start : start + _CHUNK]
            stretch.feed(chunk)
            parser.feed(chunk)
        return parser.close()
    except DefusedXmlException:
        raise _unsafe(path) from None
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: unknown encoding
        if isinstance(exc, ImportFailed):
            raise
        raise ImportFailed(
            _(
                "{path} is not a readable {what} file ({detail}); check that it is the right "
                "file and that it is not damaged."
            ).format(path=path, what=what, detail=exc)
        ) from None


def local(tag: str) -> str:
    """``{urn:…}unit`` → ``unit``."""
    return tag.rsplit("}", 1)[-1]
