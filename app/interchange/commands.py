"""Command-line commands of app.interchange (registered by app.cli)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

Handler = Callable[[argparse.Namespace, TextIO], int]


def add_commands(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add this feature's subcommands to ``sub``; return their handlers by name."""
    return {}
