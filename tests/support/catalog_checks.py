"""Checks of Kiln's gettext catalogs, run by ``tests/unit/test_catalogs.py`` (so by make test).

Each check returns a list of problems, one sentence each naming the file and the fix; an empty
list means the catalog passes. The checks:

- ``pot_problems``: ``i18n/kiln.pot`` holds exactly the messages the code has (re-extracted
  with the options of the Makefile's ``i18n`` target) -> "run make i18n";
- ``catalog_problems``: a ``.po`` parses, is not fuzzy, is for its locale, has the locale's
  number of plural forms (CLDR's, e.g. six for Arabic) with a ``Plural-Forms`` expression that
  sorts numbers the way CLDR does, translates every message of the ``.pot`` (none fuzzy, none
  missing, none left over), and keeps the format placeholders (``{name}``, ``%s``) of every
  message. In a plural form used for exactly one number (Arabic's zero, one and two; English's
  one) the count placeholder ``{n}`` or ``{count}`` may be left out, since the number is then
  written as a word ("حلقتان", two episodes); no form may ever add a placeholder.
"""

from __future__ import annotations

import gettext
import io
import re
import string
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIR = ROOT / "i18n"
POT = CATALOG_DIR / "kiln.pot"
DOMAIN = "kiln"
#: Placeholders that carry the count of an ngettext message.
COUNT_PLACEHOLDERS = frozenset({"n", "count"})
#: Numbers the plural checks look at (CLDR rules for integers repeat well before this).
PLURAL_SAMPLE = range(0, 1200)

_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0+-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")


class CatalogError(ValueError):
    """A catalog file that cannot be read as a catalog."""


def po_path(language: str, root: Path = CATALOG_DIR) -> Path:
    """Where the catalog of ``language`` lives."""
    return root / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path) -> Catalog:
    """``path`` parsed strictly; ``CatalogError`` says why it is not a valid catalog."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        syntax_check(data.decode("utf-8"))
        return read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(f"{_rel(path)} is not a valid .po file ({exc}); fix it by hand "
                           f"or copy it again from the translator, then run make i18n.") from exc


_PO_LINE = re.compile(r'(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?'
                      r'"((?:[^"\\]|\\.)*)"[ \t]*')
# An escape other than the C ones; pairs of backslashes (an escaped backslash) are skipped first.
_BAD_ESCAPE = re.compile(r'(?<!\\)(?:\\\\)*\\[^\\"abfnrtv0-7x]')


def syntax_check(text: str) -> None:
    """Raise ``ValueError`` at the first line msgfmt would refuse: a line that is not a keyword
    with a quoted string, an unclosed quote, a bad escape, keywords out of order, or a message
    given twice. (Babel's reader passes over some of these, losing the message.)"""
    follows = {"msgctxt": (None, "msgstr", "msgstr[]"),
               "msgid": (None, "msgctxt", "msgstr", "msgstr[]"),
               "msgid_plural": ("msgid",), "msgstr": ("msgid",),
               "msgstr[]": ("msgid_plural", "msgstr[]")}
    previous: str | None = None  # the keyword the last string belonged to
    entry: dict[str, str] = {}
    seen: set[tuple[str | None, str]] = set()
    lines = text.splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = _PO_LINE.fullmatch(line)
        if match is None:
            raise ValueError(f"line {lineno} is not a keyword and a quoted string: {line[:40]!r}")
        if _BAD_ESCAPE.search(match.group(2)):
            raise ValueError(f"line {lineno} has an unknown escape: {line[:40]!r}")
        keyword = match.group(1)
        if keyword is None:
            if previous is None:
                raise ValueError(f"line {lineno}: a string with no keyword before it")
            entry[previous] += match.group(2)
            continue
        kind = "msgstr[]" if keyword.startswith("msgstr[") else keyword
        if previous not in follows[kind]:
            raise ValueError(f"line {lineno}: {keyword} cannot follow {previous or 'nothing'}")
        if kind == "msgctxt" or (kind == "msgid" and previous != "msgctxt"):
            _remember(entry, seen, lineno)
            entry = {}
        entry[kind] = match.group(2)
        previous = kind
    if previous not in (None, "msgstr", "msgstr[]"):
        raise ValueError(f"the file ends inside a message (after {previous})")
    _remember(entry, seen, len(lines))


def _remember(entry: dict[str, str], seen: set[tuple[str | None, str]], lineno: int) -> None:
    if "msgid" not in entry:
        return
    key = (entry.get("msgctxt"), entry["msgid"])
    if key in seen:
        raise ValueError(f"msgid {entry['msgid'][:40]!r} is given twice (before line {lineno})")
    seen.add(key)


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _key(message: Message) -> tuple[object, str | None]:
    return message.id, message.context


def _show(message_id: object) -> str:
    text = message_id[0] if isinstance(message_id, (tuple, list)) else str(message_id)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _translated(message: Message) -> bool:
    strings = message.string if message.pluralizable else (message.string,)
    return all(strings)


def _messages(catalog: Catalog) -> dict[tuple[object, str | None], Message]:
    return {_key(m): m for m in catalog if m.id}


# -- the .pot against the code ---------------------------------------------------------------


def extract(root: Path = ROOT) -> Catalog:
    """The messages of the code under ``root``, extracted as ``make i18n`` does."""
    from babel.messages.frontend import CommandLineInterface

    with tempfile.TemporaryDirectory(prefix="kiln-pot-") as folder:
        out = Path(folder) / "kiln.pot"
        # The same options as the Makefile's i18n target.
        CommandLineInterface().run([
            "pybabel", "-q", "extract", "-F", str(root / "babel.cfg"), "--no-location",
            "--sort-by-file", "--project", "Kiln", "--copyright-holder", "The Kiln team",
            "-o", str(out), str(root),
        ])
        return read_catalog(out)


def pot_problems(pot_path: Path = POT, root: Path = ROOT) -> list[str]:
    """Messages the code has that ``pot_path`` lacks, and the other way round."""
    try:
        pot = read_catalog(pot_path)
    except FileNotFoundError:
        return [f"{_rel(pot_path)} is missing: run make i18n."]
    except CatalogError as exc:
        return [str(exc)]
    code, template = _messages(extract(root)), _messages(pot)
    problems = []
    new = [k for k in code if k not in template]
    gone = [k for k in template if k not in code]
    if new:
        problems.append(f"{_rel(pot_path)} lacks {len(new)} message(s) of the code, such as "
                        f"{_show(new[0][0])}: run make i18n.")
    if gone:
        problems.append(f"{_rel(pot_path)} has {len(gone)} message(s) the code no longer has, "
                        f"such as {_show(gone[0][0])}: run make i18n.")
    return problems


# -- plural forms ------------------------------------------------------------------------------


def cldr_plural_categories(language: str) -> list[str]:
    """CLDR's plural category of each number in ``PLURAL_SAMPLE`` for ``language``."""
    rule = Locale.parse(language).plural_form
    return [rule(n) for n in PLURAL_SAMPLE]


def plural_count(language: str) -> int:
    """How many plural forms ``language`` has for whole numbers (ar 6, fa 2, zh_Hans 1)."""
    return len(set(cldr_plural_categories(language)))


def plural_function(catalog: Catalog) -> Callable[[int], int]:
    """The catalog's ``Plural-Forms`` expression as a function of n."""
    return gettext.c2py(catalog.plural_expr)


def single_number_forms(catalog: Catalog) -> set[int]:
    """The plural forms the catalog uses for exactly one number (Arabic: 0, 1 and 2)."""
    pick = plural_function(catalog)
    counts: dict[int, int] = {}
    for n in PLURAL_SAMPLE:
        counts[pick(n)] = counts.get(pick(n), 0) + 1
    return {form for form, count in counts.items() if count == 1}


def plural_problems(catalog: Catalog, language: str, path: Path) -> list[str]:
    """The header's plural forms against CLDR's rules for ``language``."""
    where = _rel(path)
    expected = plural_count(language)
    if catalog.num_plurals != expected:
        return [f"{where} has {catalog.num_plurals} plural form(s) but {language} has "
                f"{expected}: fix its Plural-Forms header (see i18n/README.md)."]
    try:
        pick = plural_function(catalog)
        forms = [pick(n) for n in PLURAL_SAMPLE]
    except (ValueError, SyntaxError, ZeroDivisionError) as exc:
        return [f"{where} has an unreadable Plural-Forms expression ({exc}): fix its header."]
    categories = cldr_plural_categories(language)
    form_categories: dict[int, set[str]] = {}
    category_forms: dict[str, set[int]] = {}
    for form, category in zip(forms, categories, strict=True):
        form_categories.setdefault(form, set()).add(category)
        category_forms.setdefault(category, set()).add(form)
    for n, (form, category) in enumerate(zip(forms, categories, strict=True)):
        if not 0 <= form < expected or len(form_categories[form]) > 1 \
                or len(category_forms[category]) > 1:
            return [f"{where}: its Plural-Forms expression does not sort numbers as {language} "
                    f"does (n={n} is CLDR's '{category}' and gets form {form}, as do numbers "
                    f"of another category, or another form serves '{category}' too): use the "
                    f"expression given in i18n/README.md."]
    return []


# -- placeholders ------------------------------------------------------------------------------


def placeholders(text: str) -> set[str]:
    """The format placeholders of ``text``: ``{name}`` fields (with conversion and format spec)
    and printf ``%`` directives. ``ValueError`` for unbalanced braces."""
    found = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            found.add("{" + name + (f"!{conversion}" if conversion else "")
                      + (f":{spec}" if spec else "") + "}")
    found.update(_PRINTF.findall(text.replace("%%", "")))
    return found


def _field(placeholder: str) -> str:
    return re.split(r"[!:.\[}]", placeholder.strip("{"), maxsplit=1)[0]


def placeholder_problems(message: Message, catalog: Catalog, path: Path) -> list[str]:
    """Placeholders a translation of ``message`` dropped, added or broke."""
    where, shown = _rel(path), _show(message.id)
    ids = message.id if message.pluralizable else (message.id,)
    try:
        wanted = set().union(*(placeholders(i) for i in ids))
    except ValueError:
        return []  # braces in the source text that are not placeholders: nothing to keep
    strings = message.string if message.pluralizable else (message.string,)
    single = single_number_forms(catalog) if message.pluralizable else set()
    problems = []
    for form, text in enumerate(strings):
        if not text:
            continue
        label = f"msgstr[{form}]" if message.pluralizable else "msgstr"
        try:
            got = placeholders(text)
        except ValueError as exc:
            problems.append(f"{where}: the translation of {shown} ({label}) has a broken "
                            f"placeholder ({exc}): write it exactly as in the msgid.")
            continue
        may_drop = {p for p in wanted if _field(p) in COUNT_PLACEHOLDERS} if form in single \
            else set()
        added, dropped = got - wanted, wanted - got - may_drop
        if added or dropped:
            detail = "; ".join(part for part in (
                f"adds {', '.join(sorted(added))}" if added else "",
                f"drops {', '.join(sorted(dropped))}" if dropped else "") if part)
            problems.append(f"{where}: the translation of {shown} ({label}) {detail}: keep the "
                            f"placeholders of the msgid, untranslated.")
    return problems


# -- a whole catalog ---------------------------------------------------------------------------


def catalog_problems(path: Path, language: str, pot: Catalog) -> list[str]:
    """Everything wrong with the catalog at ``path`` for ``language`` against ``pot``."""
    where = _rel(path)
    if not path.exists():
        return [f"{where} is missing: create it with pybabel init (see i18n/README.md)."]
    try:
        catalog = read_catalog(path)
    except CatalogError as exc:
        return [str(exc)]
    problems: list[str] = []
    if catalog.fuzzy:
        problems.append(f"{where} is marked fuzzy in its header, so it would not be compiled: "
                        f"remove 'fuzzy' from the header's flags.")
    if str(catalog.locale) != language:
        problems.append(f"{where} says Language: {catalog.locale}, not {language}: fix its "
                        f"header.")
    problems += plural_problems(catalog, language, path)
    template, translated = _messages(pot), _messages(catalog)
    for key, wanted in template.items():
        message = translated.get(key)
        shown = _show(wanted.id)
        if message is None:
            problems.append(f"{where} lacks {shown}: run make i18n, then translate it.")
        elif message.pluralizable != wanted.pluralizable:
            problems.append(f"{where} has {shown} without its plural: run make i18n.")
        elif message.fuzzy:
            problems.append(f"{where}: {shown} is fuzzy: check the translation, then remove "
                            f"the fuzzy flag.")
        elif not _translated(message):
            problems.append(f"{where}: {shown} is not translated: translate it.")
        elif message.pluralizable and len(message.string) != catalog.num_plurals:
            problems.append(f"{where}: {shown} has {len(message.string)} plural form(s), not "
                            f"{catalog.num_plurals}: give each form.")
        else:
            problems += placeholder_problems(message, catalog, path)
    left_over = [k for k in translated if k not in template]
    if left_over:
        problems.append(f"{where} has {len(left_over)} message(s) the .pot no longer has, such "
                        f"as {_show(left_over[0][0])}: run make i18n.")
    try:
        write_mo(io.BytesIO(), catalog)
    except Exception as exc:  # noqa: BLE001 - whatever stops compiling is the problem to report
        problems.append(f"{where} does not compile ({exc}): fix it, then run make i18n.")
    return problems


def compile_catalogs(dest: Path, languages: Iterable[str], source: Path = CATALOG_DIR) -> Path:
    """Compile the ``.po`` files of ``languages`` under ``dest`` (a gettext folder); missing
    catalogs are skipped. Returns ``dest``."""
    for language in languages:
        path = po_path(language, source)
        if not path.exists():
            continue
        catalog = read_catalog(path)
        target = dest / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as handle:
            write_mo(handle, catalog)
    return dest
