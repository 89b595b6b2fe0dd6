"""Errors of the studio feature; their messages are meant for the user."""

from __future__ import annotations

from app.core.errors import UserError


class StudioError(UserError):
    """A studio operation that cannot be done: a bad address, a refused login, an unknown
    project, a copy that is not linked."""


class ServerUnreachable(StudioError):
    """The server could not be reached (offline, stopped, wrong address): try again later;
    nothing was lost, the outbox keeps every edit. ``midway``: the connection was lost in the
    middle of a sync, not refused at its start."""

    def __init__(self, message: str, *, midway: bool = False) -> None:
        super().__init__(message)
        self.midway = midway
