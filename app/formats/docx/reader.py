"""The paragraphs of a Word document, streamed out of its package within the readers' budgets.

The main document part is found as Word finds it (the package's ``officeDocument``
relationship, its content type a WordprocessingML document) and unpacked chunk by chunk through
``app.formats.safe_zip``; its XML is read by a parser target that keeps no tree: each body
paragraph's text is handed on as soon as the paragraph ends, so memory stays bounded whatever the
part holds. The text of a paragraph is what python-docx gives (``Paragraph.text``): the runs of
the paragraph and of its hyperlinks, ``w:tab``/``w:ptab`` as a tab, ``w:br`` (a line break) and
``w:cr`` as a line break, ``w:noBreakHyphen`` as ``-``; tables and tracked insertions are not
body paragraphs. XML elements and paragraphs are counted against ``app.formats.budgets``; a
DTD is refused.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from app.core.i18n import _
from app.formats.budgets import Budget, XmlStretch
from app.formats.common import ImportFailed
from app.formats.safe_zip import SafeZip

logger = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_DOCUMENT = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                   "officeDocument")
DOCUMENT_MAIN = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document."
                 "main+xml")
#: The package's small parts (content types, relationships) are never larger than this.
MAX_SMALL_PART = 1024 * 1024
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


class _Stop(Exception):
    """Raised inside the parser target to carry a refusal out of lxml."""

    def __init__(self, error: ImportFailed) -> None:
        super().__init__(str(error))
        self.error = error


def _parser(target: object | None = None) -> etree.XMLParser:
    return etree.XMLParser(target=target, resolve_entities=False, no_network=True,
                           huge_tree=False, load_dtd=False)


def _small_xml(package: SafeZip, name: str) -> Any:
    """The root of one of the package's small parts (no DTD allowed)."""
    data = package.read(name, limit=MAX_SMALL_PART)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise package.refuse(_("a part is damaged")) from exc
    if root.getroottree().docinfo.doctype:
        raise package.refuse(_("a part declares a DTD"))
    return root


def main_part(package: SafeZip) -> str:
    """The name of the main document part, checked to be a Word document's."""
    rels = _small_xml(package, "_rels/.rels")
    target = next(
        (r.get("Target") or "" for r in rels.iter(_RELS)
         if r.get("Type") == OFFICE_DOCUMENT and r.get("TargetMode") != "External"),
        "",
    )
    if not target:
        raise package.refuse(_("it holds no Word document"))
    name = posixpath.normpath(target.lstrip("/"))
    types = _small_xml(package, "[Content_Types].xml")
    content_type = next(
        (o.get("ContentType") for o in types.iter(_TYPES + "Override")
         if (o.get("PartName") or "").lstrip("/").lower() == name.lower()),
        None,
    )
    if content_type is None:
        extension = name.rsplit(".", 1)[-1].lower()
        content_type = next(
            (d.get("ContentType") for d in types.iter(_TYPES + "Default")
             if (d.get("Extension") or "").lower() == extension),
            None,
        )
    if content_type != DOCUMENT_MAIN:
        raise package.refuse(_("it is not a Word document but {kind}").format(
            kind=(content_type or "?")[:80]))
    return name


class _Paragraphs:
    """A parser target: the text of each body paragraph, handed to ``emit`` as it ends."""

    def __init__(self, budget: Budget, emit: Callable[[str], None], refuse: Callable[[str],
                 ImportFailed]) -> None:
        self.budget = budget
        self.emit = emit
        self.refuse = refuse
        self.stack: list[str] = []
        self.pieces: list[str] | None = None  # the paragraph being read
        self.run_depth = 0  # depth of the run being read (0: none)
        self.text_depth = 0  # depth of the w:t being read
        self.text_closed = False  # the w:t had a child: what follows it is not its text
        self.in_body = False  # inside the first w:body (python-docx reads that one)
        self.body_seen = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        try:
            self.budget.take("xml_elements")
        except ImportFailed as exc:
            raise _Stop(exc) from None
        depth = len(self.stack) + 1
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(tag)
        if depth == 1:
            if tag != W + "document":
                raise _Stop(self.refuse(_("its main part is not a Word document")))
        elif depth == 2:
            self.in_body = tag == W + "body" and not self.body_seen
            self.body_seen = self.body_seen or self.in_body
        elif depth == 3:
            if self.in_body and tag == W + "p":
                self.pieces = []
        elif self.pieces is None:
            return
        elif tag == W + "r" and (depth == 4 or (depth == 5 and parent == W + "hyperlink")):
            self.run_depth = depth
        elif self.run_depth and depth == self.run_depth + 1:
            if tag == W + "t":
                self.text_depth = depth
                self.text_closed = False
            elif tag == W + "br":
                if attrib.get(W + "type", "textWrapping") == "textWrapping":
                    self.pieces.append("\n")
            elif tag in _RUN_TEXT:
                self.pieces.append(_RUN_TEXT[tag])
        elif self.text_depth and depth > self.text_depth:
            self.text_closed = True

    def end(self, tag: str) -> None:
        depth = len(self.stack)
        self.stack.pop()
        if depth == 2:
            self.in_body = False
        if self.pieces is None:
            return
        if depth == self.text_depth:
            self.text_depth = 0
        elif depth == self.run_depth:
            self.run_depth = 0
        elif depth == 3:
            text = "".join(self.pieces)
            self.pieces = None
            try:
                self.budget.take("paragraphs")
                self.emit(text)
            except ImportFailed as exc:
                raise _Stop(exc) from None

    def data(self, text: str) -> None:
        if self.text_depth and len(self.stack) == self.text_depth and not self.text_closed \
                and self.pieces is not None:
            self.pieces.append(text)

    def doctype(self, *_args: object) -> None:
        raise _Stop(self.refuse(_("a part declares a DTD")))

    def close(self) -> None:
        if not self.body_seen:
            raise _Stop(self.refuse(_("its main part has no body")))


def paragraphs(path: Path, budget: Budget,
               refuse: Callable[[str], ImportFailed]) -> Iterator[str]:
    """The text of each body paragraph of the Word document at ``path``, in order, as it is
    unpacked and parsed (``refuse(reason)`` makes the error naming the file)."""
    package = SafeZip(path, refuse)
    name = main_part(package)
    ready: list[str] = []
    parser = _parser(_Paragraphs(budget, ready.append, refuse))
    stretch = XmlStretch(path)
    try:
        for chunk in package.chunks(name):
            stretch.feed(chunk)
            parser.feed(chunk)
            yield from ready
            ready.clear()
        parser.close()
    except _Stop as stop:
        raise stop.error from None
    except etree.XMLSyntaxError as exc:
        raise refuse(_("its text is not well-formed XML")) from exc
    yield from ready


__all__ = ["DOCUMENT_MAIN", "main_part", "paragraphs"]
