"""The errors whose message is meant for the user, and the edit that cannot be made.

Every layer raises subclasses of ``UserError`` for what a user can fix (a missing file, a
damaged project, a refused edit, a bad import); the window shows the message in a dialog and the
command line prints it as one sentence on stderr. Anything else is a bug and is reported as one.
"""

from __future__ import annotations


class UserError(Exception):
    """An error whose message names the problem (and the file) and the way out."""


class CommandError(UserError, ValueError):
    """An edit that cannot be made; the message is for the user."""
