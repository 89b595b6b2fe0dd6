"""Find regular expressions that can backtrack catastrophically, by reading their parse trees.

Three shapes make Python's backtracking engine quadratic (or worse) on hostile text:

- **nested** unbounded quantifiers: ``(a+)+``, ``(\\s*x*)*``;
- **adjacent** unbounded quantifiers that can match the same character, with only optional
  items between them: ``\\s*(.*?)\\s*】``, ``\\s*(?:…)?\\s*：`` (the engine tries every way of
  sharing a run between them);
- a **leading** unbounded quantifier in a pattern that is searched rather than matched at the
  start (``\\s*#…``, or ``^\\s*`` with MULTILINE, where ``\\s`` crosses line ends): every start
  position re-reads the rest of the run.

A possessive quantifier (``*+``) or an atomic group does not give characters back, so it is not
counted as the earlier of two adjacent quantifiers, nor inside a nested one. Character sets are
compared on a sample of characters that scripts and their markup use.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import re._constants as C  # noqa: N812 - the engine's own opcode names
import re._parser as P  # noqa: N812
from collections.abc import Iterable
from dataclasses import dataclass

SAMPLE = (
    " \t\n\r\u3000\u00a0aAzZ09_-#()（）:：【】[]{}<>△▲的人*/\\.,，。、@~=!?\"'^…“”$&;|+%"
    "\u202e\u200f\x1b\x00\u0627\u0645"
)
_CATEGORY = {
    C.CATEGORY_DIGIT: re.compile(r"\d"), C.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    C.CATEGORY_SPACE: re.compile(r"\s"), C.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    C.CATEGORY_WORD: re.compile(r"\w"), C.CATEGORY_NOT_WORD: re.compile(r"\W"),
    C.CATEGORY_LINEBREAK: re.compile(r"\n"), C.CATEGORY_NOT_LINEBREAK: re.compile(r"[^\n]"),
}
UNBOUNDED = C.MAXREPEAT
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)


@dataclass(frozen=True)
class Finding:
    """One risky shape in one pattern."""

    where: str  # module.NAME or module:line
    shape: str  # nested, adjacent, leading
    pattern: str

    def __str__(self) -> str:
        return f"{self.where}: {self.shape}: {self.pattern!r}"


def _in_class(items: list, ch: str, flags: int) -> bool:
    negate, hit = False, False
    code = ord(ch)
    for op, av in items:
        if op is C.NEGATE:
            negate = True
        elif op is C.LITERAL:
            hit |= code == av or (flags & re.IGNORECASE and ch.lower() == chr(av).lower())
        elif op is C.RANGE:
            hit |= av[0] <= code <= av[1]
        elif op is C.CATEGORY:
            found = _CATEGORY.get(av)
            hit |= found is None or bool(found.match(ch))
    return hit != negate


def _single(op: object, av: object, ch: str, flags: int) -> bool:
    if op is C.LITERAL:
        return ord(ch) == av or bool(flags & re.IGNORECASE and ch.lower() == chr(av).lower())
    if op is C.NOT_LITERAL:
        return ord(ch) != av
    if op is C.ANY:
        return bool(flags & re.DOTALL) or ch != "\n"
    if op is C.IN:
        return _in_class(av, ch, flags)
    return False


def consumes(seq: Iterable, flags: int) -> frozenset[str]:
    """Sample characters any part of ``seq`` can match."""
    out: set[str] = set()
    for op, av in seq:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            out |= {ch for ch in SAMPLE if _single(op, av, ch, flags)}
        elif op in (*REPEATS, C.POSSESSIVE_REPEAT):
            out |= consumes(av[2], flags)
        elif op is C.SUBPATTERN:
            out |= consumes(av[3], _flags(av, flags))
        elif op is C.ATOMIC_GROUP:
            out |= consumes(av, flags)
        elif op is C.BRANCH:
            for alt in av[1]:
                out |= consumes(alt, flags)
    return frozenset(out)


def _flags(av: tuple, flags: int) -> int:
    return (flags | av[1]) & ~av[2]


def nullable(item: tuple) -> bool:
    """Whether ``item`` can match the empty string (or takes no characters at all)."""
    op, av = item
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF, C.GROUPREF_EXISTS):
        return True
    if op in (*REPEATS, C.POSSESSIVE_REPEAT):
        return av[0] == 0 or all(nullable(i) for i in av[2])
    if op is C.SUBPATTERN:
        return all(nullable(i) for i in av[3])
    if op is C.ATOMIC_GROUP:
        return all(nullable(i) for i in av)
    if op is C.BRANCH:
        return any(all(nullable(i) for i in alt) for alt in av[1])
    return False


def _edge(seq: list, flags: int, last: bool) -> list[tuple[tuple, int]]:
    """Unbounded repeats that can take the first (or last) characters of ``seq``."""
    out: list[tuple[tuple, int]] = []
    items = list(reversed(seq)) if last else list(seq)
    for item in items:
        op, av = item
        if op in (*REPEATS, C.POSSESSIVE_REPEAT):
            if av[1] == UNBOUNDED:
                out.append((item, flags))
            out += _edge(list(av[2]), flags, last)
        elif op is C.SUBPATTERN:
            out += _edge(list(av[3]), _flags(av, flags), last)
        elif op is C.ATOMIC_GROUP:
            pass  # gives nothing back
        elif op is C.BRANCH:
            for alt in av[1]:
                out += _edge(list(alt), flags, last)
        if not nullable(item):
            break
    return out


def _walk(seq: list, flags: int, found: set[str]) -> None:
    items = list(seq)
    for i, (op, av) in enumerate(items):
        if op in REPEATS and av[1] == UNBOUNDED:
            inner = [it for it in _all_repeats(list(av[2]), flags)]
            if inner:
                found.add("nested")
        # adjacency: the repeats ending item i against those starting the items after it
        enders = [(r, f) for r, f in _edge([items[i]], flags, last=True) if r[0] in REPEATS]
        for j in range(i + 1, len(items)):
            for start, sflags in _edge([items[j]], flags, last=False):
                for end, eflags in enders:
                    if consumes(end[1][2], eflags) & consumes(start[1][2], sflags):
                        found.add("adjacent")
            if not nullable(items[j]):
                break
        if op is C.SUBPATTERN:
            _walk(list(av[3]), _flags(av, flags), found)
        elif op in (*REPEATS, C.POSSESSIVE_REPEAT):
            _walk(list(av[2]), flags, found)
        elif op is C.ATOMIC_GROUP:
            _walk(list(av), flags, found)
        elif op is C.BRANCH:
            for alt in av[1]:
                _walk(list(alt), flags, found)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _walk(list(av[1]), flags, found)


def _all_repeats(seq: list, flags: int) -> list[tuple]:
    out = []
    for op, av in seq:
        if op in REPEATS and av[1] == UNBOUNDED:
            out.append((op, av))
        if op in (*REPEATS,):
            out += _all_repeats(list(av[2]), flags)
        elif op is C.SUBPATTERN:
            out += _all_repeats(list(av[3]), flags)
        elif op is C.BRANCH:
            for alt in av[1]:
                out += _all_repeats(list(alt), flags)
    return out


def _leading(seq: list, flags: int) -> bool:
    """A searched pattern that opens with an unbounded repeat and can still fail after it."""
    items = list(seq)
    guarded = False
    for n, (op, av) in enumerate(items):
        if op is C.AT:
            if av in (C.AT_BEGINNING_STRING,) or (av is C.AT_BEGINNING
                                                   and not flags & re.MULTILINE):
                return False
            if av is C.AT_BEGINNING:  # MULTILINE: a line start; only runs over "\n" hurt
                rest = items[n + 1 :]
                return any("\n" in consumes(r[1][2], f) for r, f in _edge(rest, flags, False)
                           if r[0] in REPEATS) and not all(nullable(i) for i in rest)
            continue
        if op is C.ASSERT_NOT and av[0] == -1:
            guarded = True  # (?<!\s)\s* — only the start of a run is tried
            continue
        starts = [r for r, _f in _edge(items[n:], flags, False) if r[0] in REPEATS]
        rest_can_fail = not all(nullable(i) for i in items[n + 1 :])
        return bool(starts) and rest_can_fail and not guarded
    return False


def audit(pattern: str | re.Pattern, where: str, flags: int = 0) -> list[Finding]:
    """The risky shapes of ``pattern``."""
    if isinstance(pattern, re.Pattern):
        source, flags = pattern.pattern, pattern.flags
    else:
        source = pattern
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    tree = P.parse(source, flags)
    flags = tree.state.flags
    found: set[str] = set()
    _walk(list(tree), flags, found)
    if _leading(list(tree), flags):
        found.add("leading")
    return [Finding(where, shape, source) for shape in sorted(found)]


_CALLS = {"compile", "match", "search", "sub", "subn", "fullmatch", "split", "findall",
          "finditer"}


def module_patterns(name: str) -> list[tuple[str, str | re.Pattern, int]]:
    """Every pattern of module ``name``: its compiled module-level patterns, and the literal
    patterns passed to ``re`` functions anywhere in its source."""
    module = importlib.import_module(name)
    out: list[tuple[str, str | re.Pattern, int]] = []
    seen: set[str] = set()
    for attr, value in vars(module).items():
        if isinstance(value, re.Pattern):
            out.append((f"{name}.{attr}", value, value.flags))
            seen.add(value.pattern if isinstance(value.pattern, str) else "")
    tree = ast.parse(inspect.getsource(module))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _CALLS and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str | bytes)):
            literal = node.args[0].value
            text = literal.decode("latin-1") if isinstance(literal, bytes) else literal
            if text not in seen:
                # match and fullmatch start at the start: as if anchored there
                anchored = node.func.attr in ("match", "fullmatch")
                out.append((f"{name}:{node.lineno}", rf"\A(?:{text})" if anchored else text, 0))
    return out


def audit_modules(names: Iterable[str]) -> list[Finding]:
    """The findings of every pattern in the modules ``names``."""
    findings: list[Finding] = []
    for name in names:
        for where, pattern, flags in module_patterns(name):
            findings += audit(pattern, where, flags)
    return findings
