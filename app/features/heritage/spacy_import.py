"""Import spaCy without its command-line interface, which detection never uses.

``import spacy`` runs ``from .cli.info import info`` (for ``spacy.info``), and ``spacy.cli``
imports every spaCy command with what they need: typer, weasel, jinja2, requests, httpx, rich
and more — about 17 MB of the window's memory and half of spaCy's import time, for commands
the window never runs. ``import_spacy`` imports spaCy with a stand-in for those two modules
only: ``spacy.info`` becomes a function that imports the real one when first called. Once
spaCy is in, the stand-ins are taken out again, so a later ``import spacy.cli`` gets spaCy's
own. Nothing else in spaCy imports its CLI.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import logging
import sys
import threading
from types import ModuleType
from typing import Any

logger = logging.getLogger(__name__)

_STAND_INS = ("spacy.cli", "spacy.cli.info")
_lock = threading.Lock()


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported on first use."""
    from spacy.cli.info import info  # the real CLI, only when someone asks for it

    return info(*args, **kwargs)


class _StandIns(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``spacy.cli`` and ``spacy.cli.info`` as small modules with ``info`` only."""

    def find_spec(self, name: str, path: Any = None,
                  target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name not in _STAND_INS:
            return None
        return importlib.machinery.ModuleSpec(name, self, is_package=name == _STAND_INS[0])

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        module.info = _info  # type: ignore[attr-defined]


def import_spacy() -> ModuleType:
    """The ``spacy`` module, imported (once) without its command-line interface."""
    with _lock:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        stand_ins = _StandIns()
        sys.meta_path.insert(0, stand_ins)
        try:
            import spacy
        finally:
            sys.meta_path.remove(stand_ins)
            for name in reversed(_STAND_INS):
                module = sys.modules.get(name)
                if module is not None and getattr(module.__spec__, "loader", None) is stand_ins:
                    del sys.modules[name]
            parent = sys.modules.get("spacy")
            cli = getattr(parent, "cli", None)
            if cli is not None and getattr(cli.__spec__, "loader", None) is stand_ins:
                delattr(parent, "cli")  # a later ``import spacy.cli`` loads spaCy's own
        return spacy
