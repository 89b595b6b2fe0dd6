"""The export dialog: what, format, language, options; runs the export in a worker thread.

The worker opens its own read-only connection to the project file, reports progress to the
bar, and stops when Cancel is pressed (a cancelled export leaves no file). When asked, the
finished file is opened with the system's viewer. A shooting script can mark the changes since
a named draft (revision pages, optionally the changed pages only) and be issued to production:
once the file is written, the window's own project keeps it as the next revision's draft
(``registry.issue_to_production``, docs/drafts.md).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.enums import Role
from app.core.i18n import _
from app.features.drafts.store import drafts
from app.formats.document.options import ExportOptions
from app.formats.registry import (
    DIALOGUE_LIST,
    GLOSSARY,
    SHOOTING_SCRIPT,
    ExportCancelled,
    export,
    issue_to_production,
    writer,
)
from app.project.errors import USER_ERRORS
from app.project.open_project import OpenProject

logger = logging.getLogger(__name__)

#: The formats the dialog offers for each document (Fountain, FDX and XLIFF are in File ▸
#: Export as…).
FORMATS = {"shooting-script": ("pdf", "docx"), "translator-packet": ("pdf", "docx"),
           DIALOGUE_LIST: ("xlsx", "srt", "vtt"), GLOSSARY: ("xlsx", "tbx")}
FORMAT_LABELS = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "srt": "SRT", "vtt": "WebVTT",
                 "tbx": "TBX"}


class _Worker(QObject):
    """Runs one export off the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(str, str)  # (path written or "", error message or "" / "cancelled")

    def __init__(self, project_path: Path, opts: ExportOptions, out: Path) -> None:
        super().__init__()
        self.project_path, self.opts, self.out = project_path, opts, out
        self.cancel_event = threading.Event()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancel_event.is_set()

    def run(self) -> None:
        try:
            with OpenProject.open(self.project_path, read_only=True, backup=False) as project:
                export(project, self.opts, self.out, self._progress)
        except ExportCancelled:
            self.finished.emit("", "cancelled")
        except USER_ERRORS as exc:
            self.finished.emit("", str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged in full
            logger.exception("export failed")
            self.finished.emit("", _("The export failed: {error}").format(error=exc))
        else:
            self.finished.emit(str(self.out), "")


class ExportDialog(QDialog):
    """Choose and run an export of ``project``."""

    done_exporting = Signal(str)

    def __init__(self, project: OpenProject, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export"))
        self.project = project
        info = project.info()
        episodes = [e.number for e in project.episodes()] or [1]
        self.what = QComboBox()
        self.what.addItem(_("Shooting script"), "shooting-script")
        self.what.addItem(_("Translator packet"), "translator-packet")
        self.what.addItem(_("Dialogue list with timing"), DIALOGUE_LIST)
        self.what.addItem(_("Key names and phrases (glossary)"), GLOSSARY)
        self.format = QComboBox()
        self._formats()
        self.what.currentIndexChanged.connect(lambda _i: self._formats())
        self.language = QComboBox()
        for lang in (info.source_language, *info.target_languages):
            self.language.addItem(lang, lang)
        self.first = QSpinBox(minimum=min(episodes), maximum=max(episodes), value=min(episodes))
        self.last = QSpinBox(minimum=min(episodes), maximum=max(episodes), value=max(episodes))
        span = QHBoxLayout()
        span.addWidget(self.first)
        span.addWidget(QLabel("–"))
        span.addWidget(self.last)
        self.notes = QCheckBox(_("Include consultants' notes"))
        self.heritage = QCheckBox(_("Heritage breakdown per scene"))
        self.bilingual = QComboBox()
        self.bilingual.addItem(_("No bilingual sides"), "")
        for lang in info.target_languages:
            self.bilingual.addItem(lang, lang)
        # revision pages (docs/drafts.md): marks since a draft, changed pages, issue
        self.revision = QComboBox()
        self.revision.setObjectName("revisionDraft")
        self.revision.addItem(_("No revision marks"), "")
        for draft in drafts(project):
            self.revision.addItem(draft.name, draft.name)
        self.changed_pages = QCheckBox(_("Changed pages only (PDF)"))
        self.changed_pages.setObjectName("changedPagesOnly")
        self.issue = QCheckBox(_("Issue to production (keep it as the next revision's draft)"))
        self.issue.setObjectName("issueToProduction")
        self.issue.setEnabled(project.role is Role.WRITER and project.history.writable)
        self.what.currentIndexChanged.connect(lambda _i: self._revision_options())
        self.revision.currentIndexChanged.connect(lambda _i: self._revision_options())
        self.open_after = QCheckBox(_("Open the file when done"))
        self.out = QLineEdit(str(project.path.with_suffix(".pdf")))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(_("What"), self.what)
        form.addRow(_("Format"), self.format)
        form.addRow(_("Language"), self.language)
        form.addRow(_("Episodes"), span)
        form.addRow(_("Bilingual sides"), self.bilingual)
        form.addRow(self.notes)
        form.addRow(self.heritage)
        form.addRow(_("Changes since"), self.revision)
        form.addRow(self.changed_pages)
        form.addRow(self.issue)
        form.addRow(_("Save as"), out_row)
        form.addRow(self.open_after)
        self.bar = QProgressBar()
        self.status = QLabel("")
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            _("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        self.format.currentIndexChanged.connect(self._suffix)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._revision_options()

    def _revision_options(self) -> None:
        """Revision marks are a shooting script's; changed pages need a draft and a PDF."""
        script = self.what.currentData() == SHOOTING_SCRIPT
        self.revision.setEnabled(script)
        self.changed_pages.setEnabled(script and bool(self.revision.currentData())
                                      and self.format.currentData() == "pdf")
        if not self.changed_pages.isEnabled():
            self.changed_pages.setChecked(False)
        writer_here = self.project.role is Role.WRITER and self.project.history.writable
        self.issue.setEnabled(script and writer_here)
        if not self.issue.isEnabled():
            self.issue.setChecked(False)

    def _formats(self) -> None:
        """The formats of the chosen document (the registry's writers that make it)."""
        chosen = self.format.currentData()
        self.format.clear()
        for fmt in FORMATS[self.what.currentData()]:
            self.format.addItem(FORMAT_LABELS[fmt], fmt)
        self.format.setCurrentIndex(max(0, self.format.findData(chosen)))

    def options(self) -> ExportOptions:
        """The options chosen in the dialog."""
        language = self.language.currentData()
        if self.what.currentData() == GLOSSARY and language == self.project.info().source_language:
            language = ""  # the glossary in every target language
        return ExportOptions(
            what=self.what.currentData(),
            format=self.format.currentData(),
            language=language,
            episodes=(self.first.value(), max(self.first.value(), self.last.value())),
            notes=self.notes.isChecked(),
            heritage=self.heritage.isChecked(),
            bilingual=self.bilingual.currentData(),
            revision=self.revision.currentData() or "",
            changed_pages_only=self.changed_pages.isChecked(),
        )

    def _suffix(self) -> None:
        if self.format.currentData() is None or not hasattr(self, "out"):
            return
        if hasattr(self, "changed_pages"):
            self._revision_options()
        path = Path(self.out.text())
        self.out.setText(str(path.with_suffix(writer(self.format.currentData()).suffix)))

    def _browse(self) -> None:
        name, _selected = QFileDialog.getSaveFileName(self, _("Export to"), self.out.text())
        if name:
            self.out.setText(name)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Start the export in a worker thread."""
        if self.running:
            return
        self.export_button.setEnabled(False)
        self.status.setText(_("Exporting…"))
        self._thread = QThread(self)
        self._worker = _Worker(self.project.path, self.options(), Path(self.out.text()))
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def _cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()
        else:
            self.reject()

    def _on_finished(self, path: str, error: str) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        worker = self._worker
        self._thread, self._worker = None, None
        self.export_button.setEnabled(True)
        if not error and self.issue.isChecked() and worker is not None:
            try:  # on this thread, through the window's own project: it writes a draft
                issued = issue_to_production(self.project, worker.opts)
            except USER_ERRORS as exc:
                error = str(exc)
            else:
                self.status.setText(_("Exported {path} and issued it as “{name}”.").format(
                    path=path, name=issued.name))
                self.done_exporting.emit(path)
                return
        if error == "cancelled":
            self.status.setText(_("Export cancelled; no file was written."))
        elif error:
            self.status.setText(error)
        else:
            self.status.setText(_("Exported {path}.").format(path=path))
            if self.open_after.isChecked():
                QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        self.done_exporting.emit(path)
