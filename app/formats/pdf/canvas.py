"""The reportlab canvas Kiln draws on: its page streams' ASCII85 text handed to the file as
bytes, and their zlib level in Kiln's hands.

reportlab compresses every page's content stream with ``zlib.compress`` at the default level
(6), and ``PAGE_LEVEL`` keeps that level: the PDFs are byte for byte those reportlab writes, as
issue #19 asks. (A packet's dialogue list is some 2,000 pages and 35 MB of operators; level 3
would save 0.15 s of its export for a file about an eighth larger: measured, not taken.) The
stream is ASCII85 over the compressed bytes, as reportlab writes it. reportlab loads only when
a PDF is made, so the class is made then.
"""

from __future__ import annotations

import logging
import zlib
from functools import cache

logger = logging.getLogger(__name__)

#: zlib's level for page streams: reportlab's own (3 is faster, and its files an eighth larger)
PAGE_LEVEL = 6


class _PageFlate:
    """A FlateDecode filter at ``PAGE_LEVEL`` (reportlab's ``PDFStreamFilterZCompress``)."""

    pdfname = "FlateDecode"

    def encode(self, text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return zlib.compress(data, PAGE_LEVEL)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


class _PageBase85:
    """reportlab's ``PDFStreamFilterBase85Encode``, giving bytes: its text went through
    reportlab's PDFDocEncoding codec when the stream was written, a charmap codec that took
    0.25 s over a packet's 7 MB of ASCII85 (its characters are ASCII, the same bytes)."""

    pdfname = "ASCII85Decode"

    def encode(self, data: bytes) -> bytes:
        from reportlab import rl_config
        from reportlab.lib.rl_accel import asciiBase85Encode

        text = asciiBase85Encode(data)
        if rl_config.wrapA85:
            from reportlab.pdfbase.pdfutils import _wrap

            text = _wrap(text)
        return text.encode("latin-1")  # type: ignore[no-any-return]

    def decode(self, text: bytes) -> bytes:
        from reportlab.lib.rl_accel import asciiBase85Decode

        return asciiBase85Decode(text)  # type: ignore[no-any-return]


@cache
def canvas_class() -> type:
    """reportlab's ``Canvas`` whose ``showPage`` gives the page it adds a content stream
    compressed by ``_PageFlate`` (what reportlab's ``PDFPage`` makes at save, with another
    filter), when page compression is on."""
    from reportlab import rl_config
    from reportlab.pdfbase.pdfdoc import PDFStream
    from reportlab.pdfgen.canvas import Canvas

    flate, base85 = _PageFlate(), _PageBase85()

    class KilnCanvas(Canvas):  # type: ignore[misc]
        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            pages = self._doc.Pages.pages
            super().showPage()
            page = pages[-1]
            if self._pageCompression and page.stream and not page.Contents:
                stream = PDFStream()
                # as reportlab does: ASCII85 over the compressed bytes when it is set to
                stream.filters = [base85, flate] if rl_config.useA85 else [flate]
                stream.content = page.stream
                stream.__Comment__ = "page stream"
                page.Contents = stream

    return KilnCanvas
