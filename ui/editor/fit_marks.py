"""Fit badges in the script editor's margin: a translatable line whose translation into the chosen
target language does not fit its subtitles or its dub gets a small badge, the reasons in its
tooltip.

The fit is ``app.features.rhythm.fit_check.text_fit`` — the check of the Translations dock's Fit
column and of ``kiln fit`` (the line's slot is its own estimated seconds, the project's speech
rates and subtitle limits): dialogue, lyrics and captions with a line id, against their
translation into the language, or, with no translation yet, against an estimate of its length
(a dashed badge). The badge sits in the gutter where the line *ends* — the right one for a
Chinese, English or Portuguese line, the left one for an Arabic or Persian line — beside its
last line, so it never meets the line's note marker (``ui.editor.note_marks``, in the gutter
where the line starts), and carries the language's code.

**Which language**: the one chosen in the Translations dock (View ▸ Translations); while the dock
is closed, the last one chosen there; for a project just opened, its first target language. A
project with no target language shows no badge.

Nothing here reads the file while the writer types or moves the caret: the translations of the
language are read when the project, the language or a translation changes, the settings when
they change; the words come from the page, and the badges are checked again when the page is
drawn again and when typing is committed (the bridge's ``translations_changed``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextBlock

from app.core.direction import isolate
from app.core.i18n import _
from app.core.timing import base_language
from app.features.rhythm.fit import LineFit, translations_of
from app.features.rhythm.fit_check import text_fit
from app.features.rhythm.impact import RhythmImpact
from app.features.rhythm.settings import RhythmSettings, project_settings
from app.features.script.impact import ScriptImpact
from app.features.translations.impact import TranslationsImpact
from app.project.open_project import OpenProject
from ui.editor.note_marks import GUTTER_WIDTH, NoteGutter, NoteMarks
from ui.editor.render import LINE, TEXT, spoken_part
from ui.editor.widget import ScriptEditor
from ui.plain import plain_tip
from ui.translations.view import MISFIT_COLOUR, fit_text, fit_tip

logger = logging.getLogger(__name__)

#: The badge's size in pixels (it fits the note gutters, ``GUTTER_WIDTH`` wide).
BADGE_WIDTH, BADGE_HEIGHT = 20, 13
#: The badge's outline and text: the Translations dock's misfit tint, darker.
BADGE_EDGE = "#b03a2e"


@dataclass(frozen=True)
class FitBadge:
    """The badge of one line that does not fit."""

    block: QTextBlock
    fit: LineFit
    language: str
    #: the line reads right to left: its badge goes in the left gutter (where it ends)
    right_to_left: bool

    def tooltip(self) -> str:
        """The language, what does not fit and the measures (as the Fit column shows them)."""
        return plain_tip("\n".join([
            _("Translation into {language}:").format(language=isolate(self.language)),
            fit_tip(self.fit), fit_text(self.fit)]))


class FitMarks(QObject):
    """Keeps the fit badges of ``editor``'s page for the project its bridge follows, drawn in
    the gutters of ``notes`` (the note markers' margins)."""

    def __init__(self, editor: ScriptEditor, notes: NoteMarks) -> None:
        super().__init__(editor)
        self.editor = editor
        self.notes = notes
        self.project: OpenProject | None = None
        #: the target language the lines are checked against ("" for none)
        self.language = ""
        self.badges: list[FitBadge] = []
        self._source_language = ""
        self._settings = RhythmSettings()
        self._translations: dict[str, str] = {}  # element id -> its translation
        notes.add_layer(self)
        editor.rendered.connect(self.refresh)
        bridge = editor.bridge
        bridge.project_changed.connect(self.set_project)
        bridge.translations_changed.connect(self._on_translations)
        bridge.rhythm_changed.connect(self._on_rhythm)
        bridge.script_changed.connect(self._on_script)
        self.set_project(bridge.project)

    # -- what is checked ----------------------------------------------------------------------

    def set_project(self, project: OpenProject | None) -> None:
        """Check ``project``'s lines against its first target language (None: no badges)."""
        self.project = project
        self.language = ""
        if project is not None:
            info = project.info()
            self._source_language = info.source_language
            self.language = info.target_languages[0] if info.target_languages else ""
            self._settings = project_settings(project)
        self._read_translations()
        self.refresh()

    def set_language(self, language: str) -> None:
        """Check the lines against ``language`` from now on (the Translations dock's choice)."""
        if language == self.language or self.project is None:
            return
        self.language = language
        self._read_translations()
        self.refresh()

    def _read_translations(self) -> None:
        self._translations = (translations_of(self.project, self.language)
                              if self.project is not None and self.language else {})

    def _on_translations(self, impact: TranslationsImpact) -> None:
        if self.project is None or not self.language:
            return
        written = impact.translated.get(self.language)
        if written:  # translations into the language were written (never by typing a line)
            fresh = translations_of(self.project, self.language, written)
            for element_id in written:
                if element_id in fresh:
                    self._translations[element_id] = fresh[element_id]
                else:
                    self._translations.pop(element_id, None)
        self.refresh()  # the words of lines changed: their estimates with them

    def _on_rhythm(self, impact: RhythmImpact) -> None:
        if impact.settings and self.project is not None:
            self._settings = project_settings(self.project)
            self.refresh()

    def _on_script(self, impact: ScriptImpact) -> None:
        if impact.project and self.project is not None:  # the target languages may have changed
            info = self.project.info()
            self._source_language = info.source_language
            if self.language not in info.target_languages:
                self.language = info.target_languages[0] if info.target_languages else ""
                self._read_translations()
                self.refresh()

    def refresh(self) -> None:
        """Check every translatable line on the page as its words are now."""
        self.badges = []
        if self.project is not None and self.language:
            layout, settings = self.editor.layout, self._settings
            block = self.editor.document().begin()
            while block.isValid():
                slot = self.editor.slot_of(block)
                element = self.editor.shown_element(slot.element_id) if slot else None
                if (slot is not None and element is not None and slot.field in (LINE, TEXT)
                        and element.kind.has_line_id and element.line_id):
                    words = spoken_part(slot, layout, block.text())
                    fit = text_fit(element.kind, words, element.language or self._source_language,
                                   self._translations.get(element.id, ""), self.language,
                                   settings, element.line_id, element.id)
                    if fit.problems:
                        rtl = block.textDirection() == Qt.LayoutDirection.RightToLeft
                        self.badges.append(FitBadge(block, fit, self.language, rtl))
                block = block.next()
        self.notes.repaint_gutters()

    def badge_for(self, element_id: str) -> FitBadge | None:
        """The badge of the line ``element_id`` (None: it fits, or it is not on the page)."""
        return next((b for b in self.badges if b.fit.element_id == element_id), None)

    # -- drawing, in the note gutters (``GutterLayer``) -----------------------------------------

    def badge_rect(self, badge: FitBadge) -> QRect | None:
        """Where ``badge`` is drawn in its gutter: beside the last line of its paragraph."""
        block = badge.block
        layout = block.layout() if block.isValid() else None
        if layout is None or layout.lineCount() == 0:
            return None
        top = (self.editor.document().documentLayout().blockBoundingRect(block).top()
               - self.editor.verticalScrollBar().value())
        line = layout.lineAt(layout.lineCount() - 1)
        middle = top + line.y() + line.height() / 2
        left = (GUTTER_WIDTH - BADGE_WIDTH) // 2
        return QRect(left, round(middle - BADGE_HEIGHT / 2), BADGE_WIDTH, BADGE_HEIGHT)

    def gutter_badges(self, gutter: NoteGutter) -> list[FitBadge]:
        """The badges drawn in ``gutter``: a line's badge goes where the line ends."""
        return [b for b in self.badges if b.right_to_left != gutter.right]

    def paint_gutter(self, gutter: NoteGutter, painter: QPainter, clip: QRect) -> None:
        font = QFont(gutter.font())
        font.setPointSizeF(6.5)
        font.setBold(True)
        painter.setFont(font)
        code = base_language(self.language)[:2]
        for badge in self.gutter_badges(gutter):
            rect = self.badge_rect(badge)
            if rect is None or not rect.intersects(clip):
                continue
            pen = QPen(QColor(BADGE_EDGE), 1.2)
            if badge.fit.estimated:  # no translation yet: the fit of an estimate
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(QColor("#ffffff") if badge.fit.estimated else MISFIT_COLOUR)
            painter.drawRoundedRect(QRectF(rect).adjusted(0.6, 0.6, -0.6, -0.6), 3, 3)
            painter.setPen(QColor(BADGE_EDGE))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, code)

    def badge_at(self, gutter: NoteGutter, point: QPointF) -> FitBadge | None:
        """The badge of ``gutter`` under ``point`` (gutter coordinates)."""
        for badge in self.gutter_badges(gutter):
            rect = self.badge_rect(badge)
            if rect is not None and rect.adjusted(-2, -2, 2, 2).contains(point.toPoint()):
                return badge
        return None

    def tooltip_in(self, gutter: NoteGutter, point: QPointF) -> str:
        badge = self.badge_at(gutter, point)
        return badge.tooltip() if badge is not None else ""
