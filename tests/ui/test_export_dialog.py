"""The export dialog on its own: options, a real export in the worker thread, cancel."""

from __future__ import annotations

from pathlib import Path

import srt

from app.project.open_project import OpenProject
from ui.exchange.export_dialog import ExportDialog


def test_dialog_exports_a_packet(qtbot, sample_kiln: Path, tmp_path: Path) -> None:
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        dialog.what.setCurrentIndex(1)
        dialog.format.setCurrentIndex(1)
        dialog.language.setCurrentIndex(dialog.language.findData("fa"))
        out = tmp_path / "fa.docx"
        dialog.out.setText(str(out))
        opts = dialog.options()
        assert (opts.what, opts.format, opts.language) == ("translator-packet", "docx", "fa")
        with qtbot.waitSignal(dialog.done_exporting, timeout=30000) as blocker:
            dialog.export_button.click()
        assert blocker.args == [str(out)]
        assert out.stat().st_size > 5000
        assert dialog.bar.value() == dialog.bar.maximum()


def test_cancel_leaves_no_file(qtbot, sample_kiln: Path, tmp_path: Path) -> None:
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        out = tmp_path / "script.pdf"
        dialog.out.setText(str(out))
        dialog.start()
        dialog._cancel()  # the cancel button while running
        with qtbot.waitSignal(dialog.done_exporting, timeout=30000) as blocker:
            pass
        assert blocker.args == [""]
        assert "cancelled" in dialog.status.text()
        assert not out.exists() and not list(tmp_path.glob(".script.pdf*"))


def test_dialog_exports_a_dialogue_list_and_the_glossary(qtbot, sample_kiln: Path,
                                                         tmp_path: Path) -> None:
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        dialog.what.setCurrentIndex(dialog.what.findData("dialogue-list"))
        assert [dialog.format.itemData(i) for i in range(dialog.format.count())] == [
            "xlsx", "srt", "vtt"]
        dialog.format.setCurrentIndex(1)
        assert dialog.out.text().endswith(".srt")
        out = tmp_path / "zh.srt"
        dialog.out.setText(str(out))
        with qtbot.waitSignal(dialog.done_exporting, timeout=30000):
            dialog.export_button.click()
        assert len(list(srt.parse(out.read_text("utf-8")))) > 50
        dialog.what.setCurrentIndex(dialog.what.findData("glossary"))
        assert dialog.format.currentData() == "xlsx" and dialog.options().language == ""
        dialog.format.setCurrentIndex(dialog.format.findData("tbx"))
        assert dialog.out.text().endswith(".tbx")
