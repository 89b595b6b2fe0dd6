"""The SQL that makes a PostgreSQL database a studio: the changeset log, the triggers that keep
it honest, the members, the shared heritage library, and each project's tables, grants and
row-level security.

How the database enforces the studio's rules (the client only mirrors them):

- **Every write is logged.** Each project table has a trigger (``studio.capture``) that appends
  the row's state before and after to ``studio.row_change``, under the changeset header this
  transaction inserted. A write with no header of its own transaction (a direct SQL session) is
  refused, so nothing changes a project without appearing in the log, and the log holds what the
  database really wrote, not what a client claims.
- **Authors cannot be forged.** ``studio.changeset.author`` is the logged-in role: members may
  not set that column, and the header trigger refuses any other value.
- **One push at a time per project.** The header trigger takes a per-project advisory lock and
  numbers the changeset under it, so sequence order is commit order and a pull that has seen
  number n has seen everything before it.
- **Roles.** Grants say which tables each group may write; row-level security says which
  languages a translator may write. A consultant's ``UPDATE element`` fails for lack of the
  privilege, whatever the client sends.
"""

from __future__ import annotations

import logging

from app.features.studio.roles import LANGUAGE_COLUMN, Groups, StudioRole, writable

logger = logging.getLogger(__name__)

#: The NOTIFY channel: payload "<project id> <seq> <author>".
CHANNEL = "kiln_studio"
#: The ERRCODE of Kiln's own refusals (insufficient_privilege), so clients treat them alike.
REFUSED = "42501"


def studio_schema(g: Groups) -> list[str]:
    """Statements creating the ``studio`` schema (run as the owner group)."""
    member, admin = g.member, g.of(StudioRole.ADMIN)
    reviewers = (StudioRole.WRITER, StudioRole.CONSULTANT, StudioRole.ADMIN)
    writers = ", ".join(f'"{g.of(r)}"' for r in reviewers)
    return [
        f'GRANT USAGE ON SCHEMA studio TO "{member}"',
        # -- projects and members ------------------------------------------------------------
        """CREATE TABLE studio.project (
            id text PRIMARY KEY,
            name text NOT NULL UNIQUE,
            schema_name text NOT NULL UNIQUE,
            title text NOT NULL DEFAULT '',
            schema_version integer NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            created_by name NOT NULL DEFAULT session_user)""",
        """CREATE TABLE studio.member (
            name name PRIMARY KEY,
            role text NOT NULL CHECK (role IN ('writer', 'consultant', 'translator', 'admin')),
            languages text[] NOT NULL DEFAULT '{}',
            created_at timestamptz NOT NULL DEFAULT now(),
            added_by name NOT NULL DEFAULT session_user)""",
        f'GRANT SELECT ON studio.project, studio.member TO "{member}"',
        f'GRANT INSERT, UPDATE, DELETE ON studio.member TO "{admin}"',
        """CREATE FUNCTION studio.my_languages() RETURNS text[] LANGUAGE sql STABLE
            SECURITY DEFINER SET search_path = pg_catalog, studio AS
            $$ SELECT coalesce((SELECT languages FROM studio.member WHERE name = session_user),
                               '{}'::text[]) $$""",
        # -- the changeset log ---------------------------------------------------------------
        "CREATE SEQUENCE studio.changeset_seq",
        """CREATE TABLE studio.changeset (
            seq bigint PRIMARY KEY,
            project_id text NOT NULL REFERENCES studio.project (id),
            client_id text NOT NULL,
            client_seq bigint NOT NULL,
            changeset_id text NOT NULL,
            author name NOT NULL DEFAULT session_user,
            machine text NOT NULL DEFAULT '',
            made_at timestamptz,
            at timestamptz NOT NULL DEFAULT now(),
            txid bigint NOT NULL DEFAULT txid_current(),
            UNIQUE (client_id, client_seq))""",
        "CREATE INDEX changeset_project ON studio.changeset (project_id, seq)",
        "CREATE INDEX changeset_txid ON studio.changeset (txid)",
        """CREATE TABLE studio.row_change (
            ord bigserial PRIMARY KEY,
            seq bigint NOT NULL REFERENCES studio.changeset (seq),
            tbl text NOT NULL,
            row_id text NOT NULL,
            before json,
            after json)""",
        "CREATE INDEX row_change_seq ON studio.row_change (seq)",
        "CREATE INDEX row_change_row ON studio.row_change (tbl, row_id)",
        # Members append headers (their own) and read the log; nobody rewrites it.
        f'GRANT SELECT ON studio.changeset, studio.row_change TO "{member}"',
        f"""GRANT INSERT (project_id, client_id, client_seq, changeset_id, machine, made_at)
            ON studio.changeset TO "{member}\"""",
        "ALTER TABLE studio.changeset ENABLE ROW LEVEL SECURITY",
        f"""CREATE POLICY changeset_read ON studio.changeset FOR SELECT TO "{member}"
            USING (true)""",
        f"""CREATE POLICY changeset_own ON studio.changeset FOR INSERT TO "{member}"
            WITH CHECK (author = session_user)""",
        f"""CREATE FUNCTION studio.stamp_changeset() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, studio AS $$
            BEGIN
              IF NEW.author IS DISTINCT FROM session_user THEN
                RAISE EXCEPTION 'Kiln: a changeset''s author is the member who sends it (%), '
                  'not %', session_user, NEW.author USING ERRCODE = '{REFUSED}';
              END IF;
              PERFORM pg_advisory_xact_lock(hashtext('kiln-project:' || NEW.project_id));
              NEW.seq := nextval('studio.changeset_seq');
              NEW.txid := txid_current();
              NEW.at := now();
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER stamp BEFORE INSERT ON studio.changeset
            FOR EACH ROW EXECUTE FUNCTION studio.stamp_changeset()""",
        f"""CREATE FUNCTION studio.announce_changeset() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_notify('{CHANNEL}', NEW.project_id || ' ' || NEW.seq || ' ' || NEW.author);
              RETURN NULL;
            END $$""",
        """CREATE TRIGGER announce AFTER INSERT ON studio.changeset
            FOR EACH ROW EXECUTE FUNCTION studio.announce_changeset()""",
        f"""CREATE FUNCTION studio.capture() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, studio AS $$
            DECLARE
              cs bigint;
              pid text;
            BEGIN
              SELECT c.seq, c.project_id INTO cs, pid FROM studio.changeset c
                WHERE c.txid = txid_current() ORDER BY c.seq DESC LIMIT 1;
              IF cs IS NULL THEN
                RAISE EXCEPTION 'Kiln: every change to a studio project belongs to a changeset; '
                  'change it through Kiln' USING ERRCODE = '{REFUSED}';
              END IF;
              IF NOT EXISTS (SELECT 1 FROM studio.project p
                             WHERE p.id = pid AND p.schema_name = TG_TABLE_SCHEMA) THEN
                RAISE EXCEPTION 'Kiln: this changeset belongs to another project'
                  USING ERRCODE = '{REFUSED}';
              END IF;
              IF TG_OP = 'INSERT' THEN
                INSERT INTO studio.row_change (seq, tbl, row_id, before, after)
                  VALUES (cs, TG_TABLE_NAME, NEW.id, NULL, row_to_json(NEW));
              ELSIF TG_OP = 'UPDATE' THEN
                INSERT INTO studio.row_change (seq, tbl, row_id, before, after)
                  VALUES (cs, TG_TABLE_NAME, NEW.id, row_to_json(OLD), row_to_json(NEW));
              ELSE
                INSERT INTO studio.row_change (seq, tbl, row_id, before, after)
                  VALUES (cs, TG_TABLE_NAME, OLD.id, row_to_json(OLD), NULL);
              END IF;
              RETURN NULL;
            END $$""",
        # A row a client made that the server merged into another (two translations of one line
        # in one language): the log says it is gone, so the copy that made it drops it too.
        # Only a row the project does not have may be logged so, and only in one's own changeset.
        f"""CREATE FUNCTION studio.log_dropped(tbl text, rid text, state json) RETURNS void
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, studio AS $$
            DECLARE
              cs bigint;
              sch text;
              found bigint;
            BEGIN
              SELECT c.seq, p.schema_name INTO cs, sch FROM studio.changeset c
                JOIN studio.project p ON p.id = c.project_id
                WHERE c.txid = txid_current() AND c.author = session_user
                ORDER BY c.seq DESC LIMIT 1;
              IF cs IS NULL THEN
                RAISE EXCEPTION 'Kiln: no changeset of yours is open' USING ERRCODE = '{REFUSED}';
              END IF;
              IF NOT EXISTS (SELECT 1 FROM information_schema.tables
                             WHERE table_schema = sch AND table_name = tbl) THEN
                RAISE EXCEPTION 'Kiln: % is not a project table', tbl USING ERRCODE = '{REFUSED}';
              END IF;
              EXECUTE format('SELECT count(*) FROM %I.%I WHERE id = $1', sch, tbl)
                USING rid INTO found;
              IF found > 0 THEN
                RAISE EXCEPTION 'Kiln: % % exists; only a row the server never had is dropped',
                  tbl, rid USING ERRCODE = '{REFUSED}';
              END IF;
              INSERT INTO studio.row_change (seq, tbl, row_id, before, after)
                VALUES (cs, tbl, rid, state, NULL);
            END $$""",
        "REVOKE ALL ON FUNCTION studio.log_dropped(text, text, json) FROM PUBLIC",
        f'GRANT EXECUTE ON FUNCTION studio.log_dropped(text, text, json) TO "{member}"',
        "REVOKE ALL ON FUNCTION studio.my_languages() FROM PUBLIC",
        f'GRANT EXECUTE ON FUNCTION studio.my_languages() TO "{member}"',
        # -- the shared heritage library -----------------------------------------------------
        "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA studio",
        "CREATE SEQUENCE studio.heritage_seq",
        """CREATE TABLE studio.heritage_entry (
            id text PRIMARY KEY,
            data json NOT NULL,
            data_hash text NOT NULL,
            search_text text NOT NULL DEFAULT '',
            grams text[] NOT NULL DEFAULT '{}',
            seq bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now(),
            updated_by name NOT NULL DEFAULT session_user)""",
        """CREATE INDEX heritage_trgm ON studio.heritage_entry
            USING gin (search_text studio.gin_trgm_ops)""",
        "CREATE INDEX heritage_grams ON studio.heritage_entry USING gin (grams)",
        "CREATE INDEX heritage_by_seq ON studio.heritage_entry (seq)",
        """CREATE FUNCTION studio.stamp_heritage() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, studio AS $$
            BEGIN
              PERFORM pg_advisory_xact_lock(hashtext('kiln-heritage'));
              NEW.seq := nextval('studio.heritage_seq');
              NEW.updated_by := session_user;
              NEW.updated_at := now();
              RETURN NEW;
            END $$""",
        """CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON studio.heritage_entry
            FOR EACH ROW EXECUTE FUNCTION studio.stamp_heritage()""",
        f'GRANT SELECT ON studio.heritage_entry TO "{member}"',
        f"""GRANT INSERT (id, data, data_hash, search_text, grams),
            UPDATE (data, data_hash, search_text, grams) ON studio.heritage_entry TO {writers}""",
    ]


def project_schema_grants(g: Groups, schema: str, tables: list[str]) -> list[str]:
    """Statements giving a new project schema its triggers, grants and policies (run as the
    owner group after the tables exist)."""
    statements = [
        f'GRANT USAGE ON SCHEMA "{schema}" TO "{g.member}"',
        f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{g.member}"',
    ]
    for table in tables:
        statements.append(
            f'CREATE TRIGGER capture AFTER INSERT OR UPDATE OR DELETE ON "{schema}"."{table}" '
            "FOR EACH ROW EXECUTE FUNCTION studio.capture()"
        )
    for role in StudioRole:
        allowed = sorted(writable(role) & set(tables))
        if allowed:
            names = ", ".join(f'"{schema}"."{t}"' for t in allowed)
            statements.append(f'GRANT INSERT, UPDATE, DELETE ON {names} TO "{g.of(role)}"')
    translator = g.of(StudioRole.TRANSLATOR)
    for table, column in LANGUAGE_COLUMN.items():
        qualified = f'"{schema}"."{table}"'
        free = [g.of(r) for r in StudioRole if r is not StudioRole.TRANSLATOR
                and table in writable(r)]
        statements += [
            f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY",
            f'CREATE POLICY everyone_reads ON {qualified} FOR SELECT TO "{g.member}" USING (true)',
            f"CREATE POLICY own_languages ON {qualified} FOR ALL TO \"{translator}\" "
            f"USING ({column} = ANY (studio.my_languages())) "
            f"WITH CHECK ({column} = ANY (studio.my_languages()))",
        ]
        if free:
            roles = ", ".join(f'"{r}"' for r in free)
            statements.append(
                f"CREATE POLICY any_language ON {qualified} FOR ALL TO {roles} "
                "USING (true) WITH CHECK (true)"
            )
    return statements
