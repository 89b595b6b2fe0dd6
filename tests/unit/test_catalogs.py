"""The catalogs are complete and correct (make test fails otherwise), and each check can fail.

The first tests check the real ``i18n/`` folder: the template is current with the code, and each
of the five catalogs parses, is complete, has the locale's plural forms and keeps every
placeholder. The rest feed small broken catalogs to the same checks to show each one fails.
Then the catalogs at work: a Persian packet's headings and an Arabic command-line error.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from app.core import i18n
from tests.support import catalog_checks as checks

LANGUAGES = i18n.LANGUAGES


def _report(problems: list[str], most: int = 25) -> str:
    shown = "\n".join(problems[:most])
    more = f"\n… and {len(problems) - most} more" if len(problems) > most else ""
    return f"{len(problems)} problem(s):\n{shown}{more}"


# -- the real catalogs -----------------------------------------------------------------------


def test_the_template_is_current_with_the_code() -> None:
    problems = checks.pot_problems()
    if problems:
        pytest.fail(_report(problems), pytrace=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_and_correct(language: str) -> None:
    pot = checks.read_catalog(checks.POT)
    problems = checks.catalog_problems(checks.po_path(language), language, pot)
    if problems:
        pytest.fail(_report(problems), pytrace=False)


def test_english_catalog_is_generated_from_the_template() -> None:
    from i18n.english_catalog import english_catalog

    expected = english_catalog(checks.read_catalog(checks.POT))
    actual = checks.read_catalog(checks.po_path("en"))
    differ = [m.id for m in expected if m.id and (
        actual.get(m.id, m.context) is None or actual.get(m.id, m.context).string != m.string)]
    assert not differ, f"i18n/en is not the template's English ({differ[:3]}): run make i18n."


def test_every_interface_language_has_a_name_babel_agrees_with() -> None:
    from babel import Locale

    assert set(i18n.LANGUAGE_NAMES) == set(LANGUAGES)
    for language, name in i18n.LANGUAGE_NAMES.items():
        own = Locale.parse(language).get_display_name(language)
        assert own.split(" ")[0].lower() in name.lower() or language == "zh_Hans", (name, own)
    assert i18n.LANGUAGE_NAMES["zh_Hans"].startswith("中文")


# -- the checks fail on broken catalogs ------------------------------------------------------

HEADER = """\
msgid ""
msgstr ""
"Language: {language}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Plural-Forms: {plural}\\n"

"""

POT_BODY = """\
msgid "Open…"
msgstr ""

msgid "{title} — Kiln"
msgstr ""

msgid "Saved %(count)d files"
msgstr ""

msgid "{count} episode"
msgid_plural "{count} episodes"
msgstr[0] ""
msgstr[1] ""
"""

AR_PLURAL = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
             ": n%100>=11 ? 4 : 5);")
FA_PLURAL = "nplurals=2; plural=(n > 1);"

FA_GOOD = """\
msgid "Open…"
msgstr "باز کردن…"

msgid "{title} — Kiln"
msgstr "{title} — کیلن"

msgid "Saved %(count)d files"
msgstr "%(count)d پرونده ذخیره شد"

msgid "{count} episode"
msgid_plural "{count} episodes"
msgstr[0] "{count} قسمت"
msgstr[1] "{count} قسمت"
"""

AR_GOOD = """\
msgid "Open…"
msgstr "فتح…"

msgid "{title} — Kiln"
msgstr "{title} — كيلن"

msgid "Saved %(count)d files"
msgstr "حُفظ %(count)d ملفًا"

msgid "{count} episode"
msgid_plural "{count} episodes"
msgstr[0] "لا حلقات"
msgstr[1] "حلقة واحدة"
msgstr[2] "حلقتان"
msgstr[3] "{count} حلقات"
msgstr[4] "{count} حلقةً"
msgstr[5] "{count} حلقة"
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def pot(tmp_path: Path):  # noqa: ANN201 - a babel Catalog
    return checks.read_catalog(_write(tmp_path, "kiln.pot", HEADER.format(
        language="", plural="nplurals=2; plural=(n != 1);") + POT_BODY))


def _problems(tmp_path: Path, pot, language: str, body: str, plural: str,  # noqa: ANN001
              header: str = HEADER) -> list[str]:
    path = _write(tmp_path, f"{language}.po", header.format(language=language, plural=plural)
                  + body)
    return checks.catalog_problems(path, language, pot)


def test_good_catalogs_pass(tmp_path: Path, pot) -> None:  # noqa: ANN001
    assert _problems(tmp_path, pot, "fa", FA_GOOD, FA_PLURAL) == []
    # Arabic's zero, one and two forms may write the number as a word (no {count})
    assert _problems(tmp_path, pot, "ar", AR_GOOD, AR_PLURAL) == []


def test_an_invalid_po_fails(tmp_path: Path, pot) -> None:  # noqa: ANN001
    broken = FA_GOOD.replace('msgstr "باز کردن…"', 'msgstr "باز کردن…')  # unclosed quote
    problems = _problems(tmp_path, pot, "fa", broken, FA_PLURAL)
    assert len(problems) == 1 and "is not a valid .po file" in problems[0]
    assert "fa.po" in problems[0] and "line 9" in problems[0]
    twice = FA_GOOD + '\nmsgid "Open…"\nmsgstr "گشودن…"\n'
    assert any("'Open…' is given twice" in p
               for p in _problems(tmp_path, pot, "fa", twice, FA_PLURAL))
    no_string = FA_GOOD.replace('msgstr "باز کردن…"\n', "")
    assert any("msgid cannot follow msgid" in p
               for p in _problems(tmp_path, pot, "fa", no_string, FA_PLURAL))


def test_a_missing_or_untranslated_message_fails(tmp_path: Path, pot) -> None:  # noqa: ANN001
    missing = FA_GOOD.replace('msgid "Open…"\nmsgstr "باز کردن…"\n', "")
    assert any("lacks 'Open…'" in p for p in _problems(tmp_path, pot, "fa", missing, FA_PLURAL))
    empty = FA_GOOD.replace('msgstr "باز کردن…"', 'msgstr ""')
    assert any("'Open…' is not translated" in p
               for p in _problems(tmp_path, pot, "fa", empty, FA_PLURAL))
    one_form = FA_GOOD.replace('msgstr[1] "{count} قسمت"', 'msgstr[1] ""')
    assert any("'{count} episode' is not translated" in p
               for p in _problems(tmp_path, pot, "fa", one_form, FA_PLURAL))


def test_fuzzy_messages_and_a_fuzzy_header_fail(tmp_path: Path, pot) -> None:  # noqa: ANN001
    fuzzy = FA_GOOD.replace('msgid "Open…"', '#, fuzzy\nmsgid "Open…"')
    assert any("'Open…' is fuzzy" in p for p in _problems(tmp_path, pot, "fa", fuzzy, FA_PLURAL))
    problems = _problems(tmp_path, pot, "fa", FA_GOOD, FA_PLURAL, "#, fuzzy\n" + HEADER)
    assert any("marked fuzzy in its header" in p for p in problems)


def test_left_over_messages_and_a_stale_template_fail(tmp_path: Path, pot) -> None:  # noqa: ANN001
    extra = FA_GOOD + '\nmsgid "Gone from the code"\nmsgstr "رفته"\n'
    assert any("no longer has" in p and "run make i18n" in p
               for p in _problems(tmp_path, pot, "fa", extra, FA_PLURAL))
    # obsolete entries (#~) are what pybabel update leaves: they are not required, nor wrong
    obsolete = FA_GOOD + '\n#~ msgid "Gone from the code"\n#~ msgstr "رفته"\n'
    assert _problems(tmp_path, pot, "fa", obsolete, FA_PLURAL) == []


def test_wrong_plural_forms_fail(tmp_path: Path, pot) -> None:  # noqa: ANN001
    # Babel's built-in table says one form for Persian; CLDR (and gettext) say two
    problems = _problems(tmp_path, pot, "fa", FA_GOOD.replace('msgstr[1] "{count} قسمت"\n', ""),
                         "nplurals=1; plural=0;")
    assert any("has 1 plural form(s) but fa has 2" in p for p in problems)
    # Brazilian Portuguese says "0 episódio": n != 1 would put 0 with the plurals
    pt = FA_GOOD.replace("قسمت", "episódio")
    problems = _problems(tmp_path, pot, "pt_BR", pt, "nplurals=2; plural=(n != 1);")
    assert any("does not sort numbers as pt_BR does (n=0" in p for p in problems)
    # six forms, but 11–99 and 100–102 thrown together
    problems = _problems(tmp_path, pot, "ar", AR_GOOD, AR_PLURAL.replace("n%100>=11 ? 4 : 5",
                                                                         "n%100>=11 ? 4 : 4"))
    assert any("does not sort numbers as ar does" in p for p in problems)
    five = AR_GOOD.replace('msgstr[5] "{count} حلقة"\n', "")
    assert any("'{count} episode' is not translated" in p
               for p in _problems(tmp_path, pot, "ar", five, AR_PLURAL))
    seven = AR_GOOD.replace('msgstr[5] "{count} حلقة"', 'msgstr[5] "{count} حلقة"\nmsgstr[6] "x"')
    assert any("more translations than num_plurals" in p
               for p in _problems(tmp_path, pot, "ar", seven, AR_PLURAL))


def test_dropped_added_or_broken_placeholders_fail(tmp_path: Path, pot) -> None:  # noqa: ANN001
    cases = {
        ('"{title} — کیلن"', '"کیلن"'): "drops {title}",
        ('"{title} — کیلن"', '"{title} — {name}"'): "adds {name}",
        ('"{title} — کیلن"', '"{title — کیلن"'): "broken placeholder",
        ('"{title} — کیلن"', '"{titel} — کیلن"'): "adds {titel}",
        ('"%(count)d پرونده ذخیره شد"', '"پرونده‌ها ذخیره شد"'): "drops %(count)d",
        ('"%(count)d پرونده ذخیره شد"', '"%(count)s پرونده"'): "adds %(count)s",
        # Persian's first form serves 0 and 1: the number must stay
        ('msgstr[0] "{count} قسمت"', 'msgstr[0] "یک قسمت"'): "drops {count}",
    }
    for (old, new), expected in cases.items():
        problems = _problems(tmp_path, pot, "fa", FA_GOOD.replace(old, new), FA_PLURAL)
        assert any(expected in p for p in problems), (new, problems)
    # in Arabic, only the forms of a single number may drop the count
    few = AR_GOOD.replace('msgstr[3] "{count} حلقات"', 'msgstr[3] "بضع حلقات"')
    assert any("(msgstr[3]) drops {count}" in p
               for p in _problems(tmp_path, pot, "ar", few, AR_PLURAL))


def test_the_template_check_fails_when_the_code_changes(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "babel.cfg").write_text("[python: app/**.py]\n", encoding="utf-8")
    code = tmp_path / "app" / "module.py"
    code.write_text('from app.core.i18n import _\n\nTITLE = _("Beat board")\n', encoding="utf-8")
    pot = tmp_path / "kiln.pot"
    with open(pot, "wb") as handle:
        write_po(handle, checks.extract(tmp_path))
    assert checks.pot_problems(pot, tmp_path) == []
    code.write_text(code.read_text(encoding="utf-8") + 'NEW = _("Script editor")\n',
                    encoding="utf-8")
    problems = checks.pot_problems(pot, tmp_path)
    assert len(problems) == 1 and "lacks 1 message(s)" in problems[0]
    assert "'Script editor'" in problems[0] and "run make i18n" in problems[0]
    code.write_text('from app.core.i18n import _\n\nNEW = _("Script editor")\n', encoding="utf-8")
    assert any("no longer has" in p and "'Beat board'" in p
               for p in checks.pot_problems(pot, tmp_path))


def test_the_english_catalog_is_complete_by_construction(tmp_path: Path) -> None:
    from i18n.english_catalog import write_english_catalog

    pot = _write(tmp_path, "kiln.pot", HEADER.format(
        language="", plural="nplurals=2; plural=(n != 1);") + POT_BODY)
    out = tmp_path / "en" / "LC_MESSAGES" / "kiln.po"
    write_english_catalog(pot, out)
    assert checks.catalog_problems(out, "en", checks.read_catalog(pot)) == []
    with open(out, "rb") as handle:
        english = read_po(handle)
    assert english.get("{count} episode").string == ("{count} episode", "{count} episodes")
    first = out.read_bytes()
    write_english_catalog(pot, out)
    assert out.read_bytes() == first  # the same template gives the same file


# -- the catalogs at work --------------------------------------------------------------------


@pytest.fixture
def compiled(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The catalogs as they are now, compiled; Kiln reads them instead of i18n/."""
    folder = checks.compile_catalogs(tmp_path_factory.mktemp("catalogs"), LANGUAGES)
    monkeypatch.setattr(i18n, "CATALOG_DIR", folder)
    yield folder
    i18n.set_language("en")


def _needs(language: str) -> None:
    if not checks.po_path(language).exists():
        pytest.skip(f"i18n/{language}/LC_MESSAGES/kiln.po is not written yet")


def test_a_persian_packet_has_the_persian_catalogs_headings(
    compiled: Path, sample_kiln: Path, tmp_path: Path
) -> None:
    _needs("fa")
    import docx

    from app.formats.document.options import ExportOptions
    from app.formats.registry import export
    from app.project.open_project import OpenProject

    catalog = checks.read_catalog(checks.po_path("fa"))
    headings = ["Translator packet", "Characters", "Key names and phrases", "Dialogue list"]
    persian = {h: catalog.get(h).string for h in headings if catalog.get(h) is not None}
    assert set(persian) == set(headings), "the Persian catalog translates every heading"
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        out = export(project, ExportOptions(format="docx", what="translator-packet",
                                            language="fa"), tmp_path / "fa.docx")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for english, words in persian.items():
        assert words and words in text, f"{english!r} should read {words!r} in the packet"
        assert english not in text
    with zipfile.ZipFile(out) as z:
        assert "<w:bidi/>" in z.read("word/document.xml").decode("utf-8")


def test_command_line_errors_come_out_in_arabic(
    compiled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    _needs("ar")
    import main

    missing = tmp_path / "missing.kiln"
    catalog = checks.read_catalog(checks.po_path("ar"))
    expected = catalog.get("{path} does not exist; check the name and folder.").string
    monkeypatch.setenv("KILN_LANG", "ar")
    assert main.main(["stats", str(missing)]) == 1
    error = capsys.readouterr().err.strip()
    assert error == "kiln: " + expected.format(path=missing), error
    assert i18n.current_language() == "ar"


def test_the_start_up_language_follows_kiln_lang_then_preferences_then_the_system(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.store.preferences import Preferences, interface_language, save_preferences

    monkeypatch.setenv("KILN_LANG", "fa_IR.UTF-8")
    save_preferences(Preferences(language="zh_Hans"))
    assert interface_language() == "fa"
    monkeypatch.delenv("KILN_LANG")
    assert interface_language() == "zh_Hans"
    save_preferences(Preferences(language=None))
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "pt_PT.UTF-8")
    assert interface_language() == "pt_BR"
    monkeypatch.setenv("LANGUAGE", "de:ar")
    assert interface_language() == "ar"  # the first language of the list Kiln speaks
