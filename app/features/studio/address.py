"""A studio server's address: checked, stripped of its password for keeping, and connected to.

Clients talk to PostgreSQL directly, each as its own database role. Over the network that must
be TLS: a TCP address without ``sslmode`` gets ``sslmode=verify-full`` (the server's certificate
is checked against its name), ``require`` and ``verify-ca`` are accepted, and ``allow``/``prefer``
(which may silently fall back to plain text) are refused. ``sslmode=disable`` is the explicit way
to talk plain text, for tests and a server on the same machine only. A Unix socket (no host, or
a host that is a folder) needs no TLS.

Passwords never go into a project file: ``public`` drops them. When connecting, the password
comes from the address itself, ``KILN_STUDIO_PASSWORD``, or libpq's own ``PGPASSWORD`` and
``~/.pgpass``.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import NullPool

from app import __version__
from app.core.i18n import _
from app.features.studio.errors import StudioError

logger = logging.getLogger(__name__)

PASSWORD_VARIABLE = "KILN_STUDIO_PASSWORD"
#: TLS modes that always encrypt; ``disable`` is allowed only when asked for by name.
_TLS_MODES = ("require", "verify-ca", "verify-full")
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


@dataclass(frozen=True)
class Address:
    """A checked studio address."""

    url: URL

    @property
    def database(self) -> str:
        return self.url.database or ""

    @property
    def user(self) -> str:
        return self.url.username or ""

    @property
    def over_socket(self) -> bool:
        return _socket_host(self.url)

    def public(self) -> str:
        """The address without its password, as kept in a project file and shown to people."""
        return _plain(self.url._replace(password=None))

    def with_user(self, user: str, password: str | None = None) -> Address:
        return Address(self.url._replace(username=user, password=password))


def _plain(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _socket_host(url: URL) -> bool:
    host = url.host or url.query.get("host") or ""
    if isinstance(host, tuple):
        host = host[0] if host else ""
    return not host or host.startswith("/")


def parse(text: str) -> Address:
    """Check a studio address given by a person; raises ``StudioError`` with the way out."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise StudioError(
            _("{url} is not a studio address; write it like "
              "postgresql://NAME@SERVER/DATABASE.").format(url=text)
        ) from None
    if url.drivername not in _SCHEMES:
        raise StudioError(
            _("{url} is not a PostgreSQL address; a studio server's address starts with "
              "postgresql://.").format(url=_safe(text))
        )
    if not url.database:
        raise StudioError(
            _("{url} names no database; add it after the server, as in "
              "postgresql://NAME@SERVER/kiln.").format(url=_safe(text))
        )
    url = url.set(drivername="postgresql+psycopg")
    if not _socket_host(url):
        mode = url.query.get("sslmode")
        if mode is None:
            url = url.update_query_dict({"sslmode": "verify-full"})
        elif mode == "disable":
            logger.warning("talking to %s without TLS, as its address asks", url.host)
        elif mode not in _TLS_MODES:
            raise StudioError(
                _("{url} would let the connection fall back to plain text (sslmode={mode}); "
                  "use sslmode=verify-full so passwords and scripts travel encrypted.").format(
                    url=_safe(text), mode=mode)
            )
    return Address(url)


def _safe(text: str) -> str:
    """``text`` with any password replaced, for messages."""
    try:
        return make_url(text).render_as_string(hide_password=True)
    except ArgumentError:
        return text


def connect(address: Address, *, timeout: int = 10) -> Engine:
    """An engine on the studio database: UTC times, no pooling between commands.

    Nothing is sent until the first query; ``ServerUnreachable`` comes from the callers.
    """
    url = address.url
    if url.password is None and os.environ.get(PASSWORD_VARIABLE):
        url = url.set(password=os.environ[PASSWORD_VARIABLE])
    engine = create_engine(
        url,
        poolclass=NullPool,
        connect_args={
            "connect_timeout": timeout,
            "application_name": f"Kiln {__version__} on {socket.gethostname()}"[:63],
            "options": "-c TimeZone=UTC",
        },
    )
    return engine


def machine_name() -> str:
    """This computer's name, for the audit log."""
    return socket.gethostname()
