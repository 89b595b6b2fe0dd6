"""The editor's Hollywood page: Courier Prime 12 pt, the PDF's indents, other scripts in fonts
that have their glyphs, and the Chinese layout left as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QInputMethodEvent, QRawFont, QTextCursor
from PySide6.QtWidgets import QTextEdit

from app.core.enums import ScriptLayout
from app.formats import project_json
from app.formats.document.fonts import FACES
from app.project.open_project import OpenProject, write_project
from tests.support.screenshots import screenshot_path
from ui.bridge import ProjectBridge
from ui.editor import fonts
from ui.editor.panel import EditorPanel
from ui.editor.widget import ScriptEditor

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = "Mei opens the kiln door. Smoke rolls out."
ARABIC = "هذا الأزرق جاء من كاشان."
PERSIAN = "این آبی از کاشان آمده است."
CHINESE = "这一窑，不能再坏了。"


@pytest.fixture
def hollywood_kiln(tmp_path: Path) -> Path:
    """tests/data/mini.kiln.json as a Hollywood project, with English and Arabic lines added."""
    data = json.loads((ROOT / "tests" / "data" / "mini.kiln.json").read_text("utf-8"))
    data["project"]["layout"] = "hollywood"
    elements = data["episodes"][0]["scenes"][0]["elements"]
    elements.insert(0, {"kind": "action", "text": ENGLISH})
    elements.append({"kind": "dialogue", "speaker": "reza", "language": "ar", "text": ARABIC})
    elements.append({"kind": "transition", "text": "CUT TO:"})
    source = tmp_path / "hollywood.kiln.json"
    source.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    path = tmp_path / "hollywood.kiln"
    write_project(path, project_json.populator(project_json.load(source), source.name))
    return path


def _panel(qtbot, project: OpenProject) -> EditorPanel:  # noqa: ANN001
    panel = EditorPanel(ProjectBridge(project))
    qtbot.addWidget(panel)
    panel.resize(900, 900)
    panel.show()
    qtbot.waitExposed(panel)
    panel.editor.show_scope("episode", project.episodes()[0].id)
    return panel


def _block(editor: ScriptEditor, text: str):  # noqa: ANN202 - a QTextBlock
    block = editor.document().begin()
    while block.isValid():
        if text in block.text():
            return block
        block = block.next()
    raise AssertionError(f"no paragraph contains {text!r}")


def _runs(block) -> list:  # noqa: ANN001 - a QTextBlock; returns QGlyphRuns
    layout = block.layout()
    runs = [run for i in range(layout.lineCount()) for run in layout.lineAt(i).glyphRuns()]
    assert runs, f"nothing laid out for {block.text()!r}"
    return runs


def _outline(raw: QRawFont, char: str) -> tuple[float, int]:
    glyph = raw.glyphIndexesForString(char)[0]
    path = raw.pathForGlyph(glyph)
    return round(path.boundingRect().width(), 2), path.elementCount()


def _drawn_by_file(raw: QRawFont, key: str) -> bool:
    """Whether ``raw`` draws 'H' with the outline of the shipped face ``key``."""
    shipped = QRawFont(str(FACES[key].path), raw.pixelSize())
    return _outline(raw, "H") == _outline(shipped, "H")


def test_hollywood_page_is_courier_prime_12_point(qtbot, hollywood_kiln: Path) -> None:
    with OpenProject.open(hollywood_kiln, backup=False) as project:
        editor = _panel(qtbot, project).editor
        font = editor.document().defaultFont()
        assert font.families()[0] == "Courier Prime" and font.pointSizeF() == 12.0
        action = _runs(_block(editor, ENGLISH))
        assert {run.rawFont().familyName() for run in action} == {"Courier Prime"}
        # the shipped regular face, not a look-alike the system labels the same way
        assert all(_drawn_by_file(run.rawFont(), "courier") for run in action)
        pixels = 12.0 * editor.logicalDpiY() / 72.0
        assert action[0].rawFont().pixelSize() == pytest.approx(pixels, abs=0.5)
        heading = _runs(_block(editor, "INT."))
        latin = [run for run in heading if run.rawFont().familyName() == "Courier Prime"]
        assert latin and all(_drawn_by_file(run.rawFont(), "courier-bold") for run in latin)
        assert editor.lineWrapMode() is QTextEdit.LineWrapMode.FixedPixelWidth


def test_indents_follow_the_pdf(qtbot, hollywood_kiln: Path) -> None:
    with OpenProject.open(hollywood_kiln, backup=False) as project:
        editor = _panel(qtbot, project).editor
        column = fonts.Page.measure(editor.document().defaultFont()).column
        margin = editor.document().documentMargin()
        assert editor.lineWrapColumnOrWidth() == round(60 * column + 2 * margin)  # 6 inches

        def columns(text: str) -> tuple[float, float]:
            fmt = _block(editor, text).blockFormat()
            return round(fmt.leftMargin() / column, 2), round(fmt.rightMargin() / column, 2)

        # app/formats/document/shooting_script.py: cue 2.2", parenthetical 1.6"/1.9", dialogue
        # 1.0"/1.5"
        assert columns("梅") == (22, 0)
        assert columns("(低声)") == (16, 19)
        assert columns(CHINESE) == (10, 15)
        assert columns(ARABIC) == (15, 10)  # right to left: the start side is the right
        assert columns(ENGLISH) == (0, 0)
        cue = _block(editor, "梅")
        line_x = cue.layout().lineAt(0).naturalTextRect().left()
        assert line_x == pytest.approx(22 * column, abs=1.0)
        transition = _block(editor, "CUT TO:")
        assert transition.blockFormat().alignment() & Qt.AlignmentFlag.AlignTrailing
        right = transition.layout().lineAt(0).naturalTextRect().right()
        assert right == pytest.approx(60 * column, abs=2.0)
        assert _block(editor, "INT.").charFormat().fontWeight() == QFont.Weight.Bold


@pytest.mark.screenshot
def test_chinese_and_arabic_lines_have_their_glyphs(qtbot, hollywood_kiln: Path) -> None:
    with OpenProject.open(hollywood_kiln, backup=False) as project:
        panel = _panel(qtbot, project)
        editor = panel.editor
        shipped = set(fonts.screenplay_families())
        for text, family in ((CHINESE, "WenQuanYi Micro Hei"), (ARABIC, "Noto Naskh Arabic"),
                             (PERSIAN, "Noto Naskh Arabic")):
            runs = _runs(_block(editor, text))
            for run in runs:  # glyph 0 is .notdef: the tofu box
                assert 0 not in run.glyphIndexes(), (text, run.rawFont().familyName())
                assert run.rawFont().familyName() in shipped
            assert family in {run.rawFont().familyName() for run in runs}
        assert panel.grab().save(str(screenshot_path("editor-hollywood-scripts.png")))


def test_a_line_turning_right_to_left_moves_its_indents(qtbot, hollywood_kiln: Path) -> None:
    with OpenProject.open(hollywood_kiln, backup=False) as project:
        editor = _panel(qtbot, project).editor
        column = fonts.Page.measure(editor.document().defaultFont()).column
        cursor = QTextCursor(_block(editor, "你说什么"))
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                            QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        event = QInputMethodEvent()
        event.setCommitString(PERSIAN)
        editor.inputMethodEvent(event)
        block = _block(editor, PERSIAN[:8])
        fmt = block.blockFormat()
        assert fmt.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert (round(fmt.leftMargin() / column), round(fmt.rightMargin() / column)) == (15, 10)
        editor.flush()
        assert any(e.text == PERSIAN for e in project.elements(project.scenes()[1].id))


def test_chinese_layout_stays_as_it_was(qtbot, mini_kiln: Path) -> None:
    with OpenProject.open(mini_kiln, backup=False) as project:
        panel = _panel(qtbot, project)
        editor = panel.editor
        assert editor.layout is ScriptLayout.ZH
        assert editor.lineWrapMode() is QTextEdit.LineWrapMode.WidgetWidth
        assert editor.document().defaultFont().family() == editor.font().family()
        families = {run.rawFont().familyName() for run in _runs(_block(editor, CHINESE))}
        assert "Courier Prime" not in families
        before = _block(editor, CHINESE).blockFormat().leftMargin()
        panel.set_layout(ScriptLayout.HOLLYWOOD)
        assert editor.document().defaultFont().families()[0] == "Courier Prime"
        panel.set_layout(ScriptLayout.ZH)
        assert editor.lineWrapMode() is QTextEdit.LineWrapMode.WidgetWidth
        assert editor.document().defaultFont().family() == editor.font().family()
        assert _block(editor, CHINESE).blockFormat().leftMargin() == before


_PROBE = """
import sys
import main
status = main.main([sys.argv[1]])
fonts = sys.modules.get("ui.editor.fonts")
print("fonts-loaded", bool(fonts and fonts.loaded()))
sys.exit(status)
"""


@pytest.mark.parametrize(("stage", "loaded"), [("frame", "False"), ("ready", "True")])
def test_fonts_load_after_the_first_frame(hollywood_kiln: Path, stage: str, loaded: str) -> None:
    """Started on a Hollywood project, Kiln paints its first frame without loading a font
    file; they are loaded when the first scene is drawn, after that frame."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KILN_QUIT_WHEN_SHOWN": stage}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(hollywood_kiln)], cwd=ROOT,
                          env=env, timeout=120, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"fonts-loaded {loaded}" in done.stdout.splitlines()
