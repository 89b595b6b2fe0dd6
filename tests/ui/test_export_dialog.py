"""The export dialog on its own: options, a real export in the worker thread, cancel."""

from __future__ import annotations

from pathlib import Path

import srt

from app.core.enums import Role
from app.features.drafts.store import drafts, save_draft
from app.project.commands import Update
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


def test_revision_options_follow_the_document_and_issuing_keeps_a_draft(
    qtbot, sample_kiln: Path, tmp_path: Path  # noqa: ANN001
) -> None:
    with OpenProject.open(sample_kiln, backup=False, role=Role.WRITER) as project:
        save_draft(project, "White")
        project.run(Update("element", project.elements(project.scenes()[0].id)[1].id,
                           {"text": "一张新照片。"}))
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        assert dialog.revision.findData("White") > 0
        assert not dialog.changed_pages.isEnabled()  # no draft chosen yet
        dialog.revision.setCurrentIndex(dialog.revision.findData("White"))
        assert dialog.changed_pages.isEnabled() and dialog.issue.isEnabled()
        dialog.what.setCurrentIndex(1)  # a translator packet has no revisions
        assert not (dialog.revision.isEnabled() or dialog.changed_pages.isEnabled()
                    or dialog.issue.isEnabled())
        dialog.what.setCurrentIndex(0)
        dialog.revision.setCurrentIndex(dialog.revision.findData("White"))
        dialog.issue.setChecked(True)
        out = tmp_path / "blue.pdf"
        dialog.out.setText(str(out))
        assert dialog.options().revision == "White"
        with qtbot.waitSignal(dialog.done_exporting, timeout=60000) as blocker:
            dialog.export_button.click()
        assert blocker.args == [str(out)] and out.stat().st_size > 5000
        issued = [d for d in drafts(project) if d.issued]
        assert len(issued) == 1 and issued[0].name in dialog.status.text()


def test_a_consultant_cannot_issue(qtbot, sample_kiln: Path) -> None:  # noqa: ANN001
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        dialog = ExportDialog(project)
        qtbot.addWidget(dialog)
        assert not dialog.issue.isEnabled()
