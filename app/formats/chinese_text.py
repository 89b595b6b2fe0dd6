"""Read Chinese scripts typed as plain text or in Word (DOCX) into a Kiln project.

The layout is the one DOMAIN.md describes (第N集, ``1-1 日 外 地点``, 人物：, △ action,
``角色：（…）台词``, 【字幕：…】, 【闪回】…【闪回结束】, OS/VO) with the variants seen in real
scripts (``第一场 外/日 校门口``, ``地点，日，内``, ``3、夜 内 卧室``). Plain lines inside a scene
are action; lines outside any scene that are not the title or the writer are reported. The
words and their variants are ``app.core.vocabulary``'s; headings are ``app.core.headings``'.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from app.core.headings import parse_chinese
from app.core.i18n import _
from app.core.vocabulary import (
    ZH_ACTION_MARK,
    ZH_CAPTION_LINE,
    ZH_CAST_LINE,
    ZH_EPISODE_LINE,
    ZH_FLASHBACK_END_LINE,
    ZH_FLASHBACK_START_LINE,
    ZH_TITLE_LINE,
    ZH_WRITER_LINE,
    chinese_number,
    extension_code,
)
from app.formats.common import ImportFailed, ImportReport, ScriptBuilder, read_limited
from app.formats.text_decoding import decode

logger = logging.getLogger(__name__)

# A speaker's line as typed: 角色（OS）：（括号）台词 (the editor's parse_zh_line is more lenient:
# it reads what the writer is still typing; an importer must not take prose for dialogue).
_DIALOGUE = re.compile(
    r"^(?P<name>[^\s：:（()）△【】\[\]“”\"，。！？、]{1,12})"
    r"\s*(?:[（(]\s*(?P<ext>[^）)]{1,8})\s*[）)])?\s*[：:]\s*"
    r"(?:[（(]\s*(?P<paren>[^）)]*)\s*[）)])?\s*(?P<text>.*)$"
)
_NAME_SPLIT = re.compile(r"[、，,；;\s]+")


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.report = ImportReport()
        self.builder = ScriptBuilder(path.stem, "zh-Hans", "zh")

    def line(self, n: int, raw: str) -> None:
        text = raw.strip().replace("\u3000", " ").strip()
        if not text:
            return
        b = self.builder
        if m := ZH_EPISODE_LINE.match(text):
            value = chinese_number(m[1])
            b.episode(m[2].strip(), number=value)
            return
        if b.scene is None and self.front_matter(text):
            return
        heading = parse_chinese(text)
        if heading is not None:
            number = heading.number if heading.number and "-" in heading.number else None
            if number is not None and b.episodes:
                expected = f"{b.episodes[-1]['number']}-{len(b.episodes[-1]['scenes']) + 1}"
                number = None if number == expected else number
            b.scene_start(heading.setting, heading.time_of_day, heading.location, number)
            return
        if m := ZH_CAST_LINE.match(text):
            if b.scene is None:
                self.report.add(n, raw, _("a cast line outside any scene"))
                return
            names = [x for x in _NAME_SPLIT.split(m[1]) if x]
            b.scene["cast"] = [b.character(x) for x in names]
            return
        if b.scene is None:
            self.report.add(n, raw, _("text before the first scene heading"))
            return
        self.body(text)

    def front_matter(self, text: str) -> bool:
        b = self.builder
        if m := ZH_TITLE_LINE.match(text):
            b.project["title"] = (m["book"] or m["named"]).strip()
            return True
        if m := ZH_WRITER_LINE.match(text):
            b.project["authors"] = [a for a in _NAME_SPLIT.split(m[1]) if a]
            return True
        return False

    def body(self, text: str) -> None:
        b = self.builder
        if text.startswith(ZH_ACTION_MARK):
            b.element("action", text[1:].strip())
        elif m := ZH_CAPTION_LINE.match(text):
            b.element("caption", m[1])
        elif m := ZH_FLASHBACK_END_LINE.match(text):
            b.element("flashback_end", m[1])
        elif m := ZH_FLASHBACK_START_LINE.match(text):
            b.element("flashback_start", m[1])
        elif (m := _DIALOGUE.match(text)) and m["text"].strip():
            ext = (m["ext"] or "").strip()
            b.element(
                "dialogue",
                m["text"].strip(),
                speaker=b.character(m["name"]),
                extension=extension_code(ext),
                parenthetical=(m["paren"] or "").strip(),
            )
        else:
            b.element("action", text)


def parse_chinese_lines(lines: list[str], path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Read a Chinese script given as lines (from text or DOCX)."""
    reader = _Reader(path)
    for n, line in enumerate(lines, start=1):
        reader.line(n, line)
    b = reader.builder
    if b.element_count() == 0 and not any(ep["scenes"] for ep in b.episodes):
        raise ImportFailed(
            _(
                "{path} has no scene Kiln recognises; scene headings look like "
                "“1-1 日 外 地点” or “第一场 外/日 校门口”."
            ).format(path=path)
        )
    return b.to_dict(), reader.report


def import_chinese_text(path: Path, encoding: str = "auto") -> tuple[dict[str, Any], ImportReport]:
    """Read a Chinese plain-text script (UTF-8, UTF-8 BOM, GB18030 or UTF-16)."""
    path = Path(path)
    text = decode(read_limited(path), path, encoding)
    return parse_chinese_lines(text.lstrip("\ufeff").split("\n"), path)


#: A DOCX is refused when its members would unpack to more than this (a zip bomb) …
DOCX_MAX_UNPACKED = 200 * 1024 * 1024
#: … or when a member unpacks to more than this many times its packed size.
DOCX_MAX_RATIO = 200
DOCX_MAX_MEMBERS = 2000


def _check_docx_zip(path: Path) -> None:
    """Refuse a DOCX that is not a zip, would unpack to a zip bomb, or names members outside
    the package (``../``, absolute paths), before python-docx unpacks anything."""
    import zipfile

    def refuse(reason: str) -> ImportFailed:
        return ImportFailed(
            _("{path} is not a Word (.docx) document Kiln will read ({reason}); save it again "
              "from Word as .docx and try again.").format(path=path, reason=reason)
        )

    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise refuse(_("it is not a readable zip package")) from exc
    if len(members) > DOCX_MAX_MEMBERS:
        raise refuse(_("it holds too many parts"))
    total = 0
    for item in members:
        name = item.filename.replace("\\", "/")
        if name.startswith("/") or ".." in name.split("/") or ":" in name:
            raise refuse(_("a part is named outside the document: {name}").format(name=name[:80]))
        total += item.file_size
        if item.file_size > 1024 * 1024 and item.file_size > DOCX_MAX_RATIO * max(
            item.compress_size, 1
        ):
            raise refuse(_("a part unpacks to far more than its size, like a zip bomb"))
    if total > DOCX_MAX_UNPACKED:
        raise refuse(_("it unpacks to more than {mb} MB").format(mb=DOCX_MAX_UNPACKED // 2**20))


def import_docx(path: Path) -> tuple[dict[str, Any], ImportReport]:
    """Read a Chinese script written in Word: one paragraph per line of the layout."""
    import zipfile
    import zlib

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    path = Path(path)
    read_limited(path)  # size check before unzipping
    _check_docx_zip(path)
    try:
        document = docx.Document(str(path))
        lines: list[str] = []
        for paragraph in document.paragraphs:
            lines.extend(paragraph.text.split("\n"))
    except (
        PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.LxmlError,
        EOFError, OSError, zlib.error, AttributeError, TypeError,  # parts of the wrong shape
    ) as exc:
        raise ImportFailed(
            _(
                "{path} is not a Word (.docx) document Kiln can read; save it again from Word "
                "as .docx and try again."
            ).format(path=path)
        ) from exc
    return parse_chinese_lines(lines, path)
