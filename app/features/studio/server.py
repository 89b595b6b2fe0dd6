"""Setting up a studio server and moving whole projects onto it and off it.

``init`` makes a PostgreSQL database a studio (group roles, the ``studio`` schema through
Alembic); ``add_member`` gives a person a login of their own in a role; ``publish`` copies a
.kiln project onto the server (a schema of its own with the same tables as the file, made from
the same SQLAlchemy models) and links the file to it; ``clone`` writes a new linked .kiln from the
server's copy. Row-by-row sync is ``app.features.studio.sync``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, select, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from app.core.i18n import _
from app.features.studio import ddl
from app.features.studio.address import Address, connect, machine_name
from app.features.studio.errors import ServerUnreachable, StudioError
from app.features.studio.roles import (
    Groups,
    StudioRole,
    check_member_name,
    groups_for,
    project_tables,
)
from app.project import outbox
from app.project.open_project import OpenProject
from app.store.project_file import create_project_file
from app.store.schema import SCHEMA_VERSION, Base

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class ServerProject:
    """A project kept on a studio server."""

    id: str
    name: str
    schema: str
    title: str
    schema_version: int


@contextmanager
def transaction(address: Address, *, read_only: bool = False) -> Iterator[Connection]:
    """One transaction on the studio database; a server that cannot be reached or refuses the
    login raises ``ServerUnreachable``/``StudioError`` with a message for the user."""
    engine = connect(address)
    try:
        try:
            conn = engine.connect()
        except OperationalError as exc:
            raise _unreachable(address, exc) from None
        with conn:
            if read_only:  # one snapshot: the rows and the log's head agree
                conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                yield conn
    finally:
        engine.dispose()


def _unreachable(address: Address, exc: Exception) -> StudioError:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else ""
    if "password authentication failed" in detail or "no password supplied" in detail:
        return StudioError(
            _("The studio server {url} refused the login of {user}: check the name and the "
              "password (in ~/.pgpass or KILN_STUDIO_PASSWORD).").format(
                url=address.public(), user=address.user)
        )
    return ServerUnreachable(
        _("The studio server {url} cannot be reached ({detail}); your edits stay in the "
          "outbox and will be sent at the next sync.").format(url=address.public(), detail=detail)
    )


def driver(conn: Connection) -> Any:
    """The psycopg connection under a SQLAlchemy one (for DDL with $$ bodies and % signs)."""
    return conn.connection.driver_connection


def groups_of(conn: Connection) -> Groups:
    return groups_for(conn.exec_driver_sql("SELECT current_database()").scalar_one())


# -- setting a studio up --------------------------------------------------------------------


def init(address: Address) -> Groups:
    """Make the database of ``address`` a studio, or bring an existing one up to date.

    The login needs CREATEROLE and must own the database (or be a superuser). Returns the
    studio's group roles."""
    from psycopg import sql  # psycopg only when a studio is set up: not at start-up
    with transaction(address) as conn:
        me = conn.exec_driver_sql(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
        ).scalar_one()
        if not me:
            raise StudioError(
                _("{user} may not create roles, so it cannot set up a studio: log in as the "
                  "database's owner with CREATEROLE (docs/studio.md).").format(user=address.user)
            )
        g = groups_of(conn)
        raw = driver(conn)
        existing = {r[0] for r in raw.execute(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", [g.all()])}
        for role in g.all():
            if role not in existing:
                raw.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
        for role in StudioRole:
            raw.execute(sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(g.member), sql.Identifier(g.of(role))))
        raw.execute(sql.SQL("GRANT {} TO {}").format(
            sql.Identifier(g.owner), sql.Identifier(g.of(StudioRole.ADMIN))))
        raw.execute(sql.SQL("GRANT {} TO current_user").format(sql.Identifier(g.owner)))
        database = sql.Identifier(conn.exec_driver_sql("SELECT current_database()").scalar_one())
        raw.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(database))
        raw.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            database, sql.Identifier(g.member)))
        raw.execute(sql.SQL("GRANT CONNECT, CREATE ON DATABASE {} TO {}").format(
            database, sql.Identifier(g.owner)))
        raw.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(g.owner)))
        raw.execute("CREATE SCHEMA IF NOT EXISTS studio")
        # Alembic takes a fifth of a second to import: only setting a studio up needs it.
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        config.attributes["groups"] = g
        command.upgrade(config, "head")
        raw.execute("RESET ROLE")
    logger.info("studio ready in %s", address.public())
    return g


def add_member(address: Address, name: str, role: StudioRole, password: str,
               languages: tuple[str, ...] = ()) -> None:
    """Give ``name`` a login in ``role`` (translators: in ``languages``). The password is sent
    to the server only as a SCRAM verifier, never as text."""
    from psycopg import sql  # psycopg only when a studio is set up: not at start-up
    from psycopg.errors import DuplicateObject
    check_member_name(name)
    if role is StudioRole.TRANSLATOR and not languages:
        raise StudioError(_("A translator works in some languages: add --lang for each one."))
    if len(password) < 8:
        raise StudioError(_("A member's password needs at least 8 characters."))
    with transaction(address) as conn:
        g = groups_of(conn)
        raw = driver(conn)
        verifier = raw.pgconn.encrypt_password(
            password.encode(), name.encode(), b"scram-sha-256"
        ).decode()
        who = sql.Identifier(name)
        extra = sql.SQL(" CREATEROLE") if role is StudioRole.ADMIN else sql.SQL("")
        try:
            raw.execute(sql.SQL("CREATE ROLE {} LOGIN{} PASSWORD {}").format(
                who, extra, sql.Literal(verifier)))
        except DuplicateObject:
            raise StudioError(
                _("{name} already has a login on {url}.").format(name=name, url=address.public())
            ) from None
        except DBAPIError as exc:
            raise refused_error(address, exc) from None
        if role is StudioRole.ADMIN:
            for group in (g.owner, g.member, *(g.of(r) for r in StudioRole)):
                raw.execute(sql.SQL("GRANT {} TO {} WITH ADMIN OPTION").format(
                    sql.Identifier(group), who))
        else:
            raw.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(g.of(role)), who))
        raw.execute(
            "INSERT INTO studio.member (name, role, languages) VALUES (%s, %s, %s)",
            [name, role.value, list(languages)],
        )
    logger.info("added %s as %s to %s", name, role.value, address.public())


def refused_error(address: Address, exc: Exception) -> StudioError:
    detail = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return StudioError(
        _("The studio server {url} refused: {detail}").format(url=address.public(), detail=detail)
    )


def member_role(conn: Connection) -> StudioRole | None:
    """The logged-in member's role (None: not a member, e.g. the role that set the studio up)."""
    value = conn.exec_driver_sql(
        "SELECT role FROM studio.member WHERE name = session_user"
    ).scalar_one_or_none()
    return StudioRole(value) if value else None


# -- projects on the server -----------------------------------------------------------------


def find_project(conn: Connection, ref: str) -> ServerProject:
    """The project called ``ref`` (its name or id); ``StudioError`` when there is none."""
    row = conn.exec_driver_sql(
        "SELECT id, name, schema_name, title, schema_version FROM studio.project "
        "WHERE name = %(ref)s OR id = %(ref)s",
        {"ref": ref},
    ).first()
    if row is None:
        raise StudioError(_("The studio has no project called {name}.").format(name=ref))
    project = ServerProject(*row)
    if project.schema_version != SCHEMA_VERSION:
        raise StudioError(
            _("The studio keeps {name} at file schema {server}, this Kiln writes schema "
              "{mine}: update Kiln (or the studio) so both match.").format(
                name=project.name, server=project.schema_version, mine=SCHEMA_VERSION)
        )
    return project


def list_projects(address: Address) -> list[ServerProject]:
    with transaction(address, read_only=True) as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, name, schema_name, title, schema_version FROM studio.project ORDER BY name"
        ).all()
    return [ServerProject(*r) for r in rows]


def on_schema(conn: Connection, schema: str) -> Connection:
    """``conn`` reading and writing the Kiln tables of one project's schema."""
    return conn.execution_options(schema_translate_map={None: schema})


def open_changeset(conn: Connection, project_id: str, client_id: str, client_seq: int,
                   changeset_id: str, made_at: Any = None) -> int | None:
    """Insert the header of a changeset; the rows written after it in this transaction belong to
    it. Returns its server sequence, or None when (client id, client seq) was applied before."""
    return conn.execute(
        text(
            "INSERT INTO studio.changeset (project_id, client_id, client_seq, changeset_id, "
            "machine, made_at) VALUES (:p, :c, :s, :i, :m, :t) "
            "ON CONFLICT (client_id, client_seq) DO NOTHING RETURNING seq"
        ),
        {"p": project_id, "c": client_id, "s": client_seq, "i": changeset_id,
         "m": machine_name(), "t": made_at},
    ).scalar_one_or_none()


def _tables() -> list[Table]:
    return [Base.metadata.tables[name] for name in project_tables()]


def insert_rows(target: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``table`` where a row may point at another row of the same table
    (a card paid off by a later card): those keys are written once every row is in."""
    if not rows:
        return
    own = [c.name for c in table.c if any(fk.column.table is table for fk in c.foreign_keys)]
    if not own:
        target.execute(table.insert(), rows)
        return
    target.execute(table.insert(), [{**row, **dict.fromkeys(own)} for row in rows])
    for row in rows:
        later = {name: row[name] for name in own if row.get(name) is not None}
        if later:  # the row's own time, not the time of this second write
            later["updated_at"] = row["updated_at"]
            target.execute(table.update().where(table.c.id == row["id"]).values(later))


def publish(path: Path, address: Address, name: str | None = None) -> ServerProject:
    """Copy the project in ``path`` onto the studio as ``name`` and link the file to it."""
    from psycopg import sql  # psycopg only when a studio is set up: not at start-up
    with OpenProject.open(path, backup=False) as project:
        if outbox.read_link(project.file.sessions) is not None:
            raise StudioError(
                _("{path} is already linked to a studio; sync it instead.").format(path=path)
            )
        info = project.info()
        name = (name or path.stem).strip()
        if not name:
            raise StudioError(_("A studio project needs a name; pass --name."))
        schema = "p_" + uuid.UUID(info.id).hex
        client_id = str(uuid.uuid4())
        with project.file.engine.connect() as local:
            rows = {t.name: [dict(r) for r in local.execute(select(t)).mappings()]
                    for t in _tables()}
        with transaction(address) as conn:
            g = groups_of(conn)
            raw = driver(conn)
            taken = conn.exec_driver_sql(
                "SELECT name FROM studio.project WHERE name = %(n)s OR id = %(i)s",
                {"n": name, "i": info.id},
            ).scalar_one_or_none()
            if taken is not None:
                raise StudioError(
                    _("The studio already has this project (as {name}); clone it instead.")
                    .format(name=taken)
                )
            try:
                raw.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(g.owner)))
            except DBAPIError:
                raise StudioError(
                    _("Only a studio admin can publish a project; {user} is not one.").format(
                        user=address.user)
                ) from None
            raw.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
            target = on_schema(conn, schema)
            Base.metadata.create_all(target, tables=_tables())
            for statement in ddl.project_schema_grants(g, schema, project_tables()):
                raw.execute(statement)
            conn.exec_driver_sql(
                "INSERT INTO studio.project (id, name, schema_name, title, schema_version) "
                "VALUES (%(i)s, %(n)s, %(s)s, %(t)s, %(v)s)",
                {"i": info.id, "n": name, "s": schema, "t": info.title, "v": SCHEMA_VERSION},
            )
            seq = open_changeset(conn, info.id, client_id, 0, str(uuid.uuid4()))
            for table in _tables():
                insert_rows(target, table, rows[table.name])
            raw.execute("RESET ROLE")
        project.history.write_local(
            lambda s: outbox.write_link(
                s, server=address.public(), project_id=info.id, project_name=name,
                member=address.user, client_id=client_id, next_seq=1, last_seen=seq or 0,
            )
        )
    logger.info("published %s as %s (%s)", path, name, schema)
    return ServerProject(info.id, name, schema, info.title, SCHEMA_VERSION)


def clone(address: Address, ref: str, out: Path) -> ServerProject:
    """Write the studio's project ``ref`` to the new file ``out``, linked to the studio."""
    with transaction(address, read_only=True) as conn:
        project = find_project(conn, ref)
        head = conn.exec_driver_sql(
            "SELECT coalesce(max(seq), 0) FROM studio.changeset WHERE project_id = %(p)s",
            {"p": project.id},
        ).scalar_one()
        source = on_schema(conn, project.schema)
        rows = {t.name: [dict(r) for r in source.execute(select(t).order_by(t.c.id)).mappings()]
                for t in _tables()}

    def populate(session: Session) -> None:
        for table in _tables():
            insert_rows(session, table, rows[table.name])
        outbox.write_link(
            session, server=address.public(), project_id=project.id,
            project_name=project.name, member=address.user, client_id=str(uuid.uuid4()),
            next_seq=1, last_seen=head,
        )

    create_project_file(out, populate)
    logger.info("cloned %s from %s at %d into %s", project.name, address.public(), head, out)
    return project
