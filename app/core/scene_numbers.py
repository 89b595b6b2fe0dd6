"""Locked scene numbers: how a production keeps every scene's number once the script is issued.

While the numbers are locked a scene keeps the number it had when they were locked, wherever it
moves; a scene inserted after ``3-2`` is ``3-2A`` (then ``3-2B``…), one inserted before ``3-1``
is ``3-A1``, one added after the last scene of an episode takes the next free number, and a
deleted scene leaves its number behind as "3-3 OMITTED" so no later scene takes it. A feature
(numbers without an episode, ``12``) follows the same rules (``12A``, ``A1``). Pure functions.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from string import ascii_uppercase
from typing import Any

logger = logging.getLogger(__name__)

_NUMBER = re.compile(r"^(?P<episode>\d+-)?(?P<prefix>[A-Z]*)(?P<n>\d+)(?P<suffix>[A-Z]*)$")


def derived_number(episode_number: int, position: int, feature: bool = False) -> str:
    """The number a scene has while nothing is locked: ``3-2`` (episode 3, scene 2; positions
    count from 0), or ``2`` in a feature (a single untitled episode of a Hollywood script)."""
    return str(position + 1) if feature else f"{episode_number}-{position + 1}"


def sort_key(number: str) -> tuple[int, int, int, str, str]:
    """A key that orders numbers as a script does: ``3-A1 < 3-1 < 3-1A < 3-1B < 3-2``.

    A number Kiln cannot read (a writer's own scheme) sorts after every readable one, by text.
    """
    match = _NUMBER.match(number.strip().upper())
    if match is None:
        return (1 << 30, 0, 0, "", number)
    episode = int(match["episode"][:-1]) if match["episode"] else 0
    prefix, suffix = match["prefix"], match["suffix"]
    # A prefixed number (A1) comes before the plain one (1), which comes before 1A, 1B…
    # (letters compare as text: 3-1AA falls between 3-1A and 3-1B)
    return (episode, int(match["n"]), 0 if prefix else 1, prefix or suffix, "")


def _letters() -> list[str]:
    return [*ascii_uppercase, *(a + b for a in ascii_uppercase for b in ascii_uppercase)]


def inserted_number(
    before: str | None, after: str | None, taken: Collection[str], fallback: str
) -> str:
    """The number of a scene inserted between the scenes numbered ``before`` and ``after``
    (None: it is first, or last, in its episode) that no scene has, nor had (``taken``, the
    omitted numbers included). ``fallback`` is the number it would have unlocked: an episode
    without numbered scenes uses it."""
    taken_upper = {t.upper() for t in taken}

    def free(candidate: str) -> bool:
        return candidate.upper() not in taken_upper

    def between(candidate: str) -> bool:
        key = sort_key(candidate)
        return (before is None or sort_key(before) < key) and (
            after is None or key < sort_key(after)
        )

    if before is None and after is None:
        return fallback if free(fallback) else _any_free(fallback, free)
    if before is not None:
        match = _NUMBER.match(before.strip().upper())
        if after is None and match is not None and not match["prefix"] and not match["suffix"]:
            following = f"{match['episode'] or ''}{int(match['n']) + 1}"
            if free(following):
                return following
        if match is not None and match["suffix"]:  # after 3-2A comes 3-2B
            head = before.strip()[: -len(match["suffix"])]
            for letters in _letters():
                if len(letters) == len(match["suffix"]) and letters > match["suffix"]:
                    candidate = head + letters
                    if free(candidate) and between(candidate):
                        return candidate
        for letters in _letters():
            candidate = before.strip() + letters
            if free(candidate) and between(candidate):
                return candidate
        return _any_free(before.strip(), free)
    assert after is not None
    match = _NUMBER.match(after.strip().upper())
    if match is None:
        return _any_free(after.strip(), free)
    head = match["episode"] or ""
    body = f"{match['n']}{match['suffix']}"
    for letters in _letters():
        candidate = f"{head}{letters}{body}"
        if free(candidate) and between(candidate):
            return candidate
    return _any_free(after.strip(), free)


def _any_free(base: str, free: object) -> str:
    for letters in _letters():
        if free(base + letters):  # type: ignore[operator]
            return base + letters
    raise ValueError(f"no free scene number after {base!r}")


@dataclass(frozen=True)
class Omitted:
    """A number a deleted scene left behind while numbers were locked."""

    number: str
    episode_id: str


def omitted_of(revision: dict[str, Any]) -> list[Omitted]:
    """The numbers of the scenes deleted while numbers were locked, in script order, read
    from a project's revision settings."""
    found = [Omitted(str(o.get("number")), str(o.get("episode_id")))
             for o in revision.get("omitted") or [] if isinstance(o, dict) and o.get("number")]
    return sorted(found, key=lambda o: sort_key(o.number))
