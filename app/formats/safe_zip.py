"""Read parts of a zip package (a Word document) without trusting what its headers claim.

A zip's headers state each part's sizes; a hostile file states small ones and packs hundreds of
megabytes, or unpacks far more than a part's size. So before anything is unpacked the declared
sizes, ratios, names and the number of parts are checked (cheap, and enough for an honest
bomb); and when a part is read it is unpacked here, chunk by chunk, counting the real bytes that
come out against the real bytes that went in: more than the part's stated size, more than
``MAX_PART`` or more than ``MAX_RATIO`` times its packed bytes, and the file is refused at once,
having cost one chunk. Only stored and deflated parts (what Word writes) are read, never
encrypted ones, and every part is checked against its CRC.
"""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from app.core.i18n import _
from app.formats.common import ImportFailed

logger = logging.getLogger(__name__)

#: A package is refused when its parts would unpack (as declared) to more than this …
MAX_UNPACKED = 200 * 1024 * 1024
#: … or a part read unpacks (really) to more than this …
MAX_PART = 64 * 1024 * 1024
#: … or to more than this many times its packed bytes (past the first MB) …
MAX_RATIO = 200
#: … or when it holds more parts than this.
MAX_MEMBERS = 2000
#: Bytes read from the file, and unpacked, at a time.
CHUNK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_LOCAL_SIGNATURE = 0x04034B50

Refuse = Callable[[str], ImportFailed]


class SafeZip:
    """The parts of the zip at ``path``, checked on opening; ``refuse(reason)`` makes the
    one-sentence error that names the file."""

    def __init__(self, path: Path, refuse: Refuse) -> None:
        self.path = Path(path)
        self.refuse = refuse
        try:
            with zipfile.ZipFile(self.path) as package:
                members = package.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise refuse(_("it is not a readable zip package")) from exc
        if len(members) > MAX_MEMBERS:
            raise refuse(_("it holds too many parts"))
        self.size = self.path.stat().st_size
        self.members: dict[str, zipfile.ZipInfo] = {}
        total = 0
        for item in members:
            name = item.filename.replace("\\", "/")
            if name.startswith("/") or ".." in name.split("/") or ":" in name:
                raise refuse(_("a part is named outside the document: {name}").format(
                    name=name[:80]))
            total += item.file_size
            if item.file_size > 1024 * 1024 and item.file_size > MAX_RATIO * max(
                item.compress_size, 1
            ):
                raise refuse(_("a part unpacks to far more than its size, like a zip bomb"))
            self.members.setdefault(name, item)
        if total > MAX_UNPACKED:
            raise refuse(_("it unpacks to more than {mb} MB").format(mb=MAX_UNPACKED // 2**20))

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The part called ``name`` (a leading ``/`` and the case of the name do not matter)."""
        name = name.lstrip("/")
        if name in self.members:
            return self.members[name]
        lower = name.lower()
        return next((m for n, m in self.members.items() if n.lower() == lower), None)

    def read(self, name: str, limit: int = MAX_PART) -> bytes:
        """The whole part ``name`` (a small one: at most ``limit`` bytes unpacked)."""
        return b"".join(self.chunks(name, limit))

    def chunks(self, name: str, limit: int = MAX_PART) -> Iterator[bytes]:
        """The unpacked bytes of part ``name``, a chunk at a time, checked as they come."""
        item = self.find(name)
        if item is None:
            raise self.refuse(_("a part it needs is missing: {name}").format(name=name[:80]))
        if item.flag_bits & 0x1:
            raise self.refuse(_("a part is encrypted"))
        if item.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise self.refuse(_("a part is packed in a way Word does not use"))
        with open(self.path, "rb") as handle:
            start = self._data_start(handle, item)
            packed = max(0, min(item.compress_size, self.size - start))
            if item.compress_type == zipfile.ZIP_STORED:
                yield from self._stored(handle, item, packed, limit)
            else:
                yield from self._deflated(handle, item, packed, limit)

    def _data_start(self, handle, item: zipfile.ZipInfo) -> int:  # noqa: ANN001 - a file
        # A directory placed further on than the end record says gives offsets before the
        # start of the file (zipfile shifts them all): the package is damaged, not readable.
        if not 0 <= item.header_offset <= self.size - _LOCAL_HEADER.size:
            raise self.refuse(_("a part is damaged"))
        handle.seek(item.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size:
            raise self.refuse(_("a part is damaged"))
        fields = _LOCAL_HEADER.unpack(header)
        if fields[0] != _LOCAL_SIGNATURE:
            raise self.refuse(_("a part is damaged"))
        start = item.header_offset + _LOCAL_HEADER.size + fields[9] + fields[10]
        handle.seek(start)
        return start

    def _check(self, item: zipfile.ZipInfo, out: int, fed: int, limit: int) -> None:
        """Refuse as soon as the real bytes unpacked say the package lies or is a bomb."""
        if out > item.file_size:
            raise self.refuse(_("a part unpacks to more than the package says; its sizes were "
                                "altered"))
        if out > limit:
            raise self.refuse(_("a part unpacks to more than {mb} MB").format(mb=limit // 2**20))
        if out > 1024 * 1024 and out > MAX_RATIO * max(fed, 1):
            raise self.refuse(_("a part unpacks to far more than its size, like a zip bomb"))

    def _finish(self, item: zipfile.ZipInfo, out: int, crc: int) -> None:
        if out != item.file_size or crc != item.CRC:
            raise self.refuse(_("a part is damaged"))

    def _stored(self, handle, item: zipfile.ZipInfo, packed: int,  # noqa: ANN001
                limit: int) -> Iterator[bytes]:
        left, out, crc = packed, 0, 0
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            out += len(data)
            self._check(item, out, out, limit)
            crc = zlib.crc32(data, crc)
            yield data
        self._finish(item, out, crc)

    def _deflated(self, handle, item: zipfile.ZipInfo, packed: int,  # noqa: ANN001
                  limit: int) -> Iterator[bytes]:
        unpack = zlib.decompressobj(-15)
        left, fed, out, crc = packed, 0, 0, 0
        try:
            while not unpack.eof:
                data = unpack.unconsumed_tail
                if not data:
                    if left <= 0:
                        break
                    data = handle.read(min(CHUNK, left))
                    if not data:
                        break
                    left -= len(data)
                    fed += len(data)
                chunk = unpack.decompress(data, CHUNK)
                out += len(chunk)
                self._check(item, out, fed, limit)
                if chunk:
                    crc = zlib.crc32(chunk, crc)
                    yield chunk
        except zlib.error as exc:
            raise self.refuse(_("a part is damaged")) from exc
        if not unpack.eof:
            raise self.refuse(_("a part is damaged"))
        self._finish(item, out, crc)


__all__ = ["MAX_MEMBERS", "MAX_PART", "MAX_RATIO", "MAX_UNPACKED", "SafeZip"]
