"""The studio's rules are the database's: tried by force, under each member's own login.

A consultant's UPDATE of a script row, a crafted changeset and a forged author are refused by
PostgreSQL itself; a direct SQL session cannot change a project without its change being
logged; the log cannot be rewritten; a translator writes only their own languages; and a
changeset sent twice is applied once.
"""

from __future__ import annotations

import psycopg
import pytest

from app.core.enums import ElementKind, Role
from app.features.notes import service as notes
from app.features.studio.address import parse
from app.features.studio.errors import StudioError
from app.features.studio.sync import Studio
from app.features.translations.lines import SetTranslations, TranslationEdit
from app.project import outbox
from app.project.changes import Changeset, RowChange, read_rows
from app.project.commands import Update
from app.project.open_project import OpenProject
from app.store.schema import Element, SyncOutbox
from tests.support.studio import StudioFixture


def _schema(studio: StudioFixture) -> str:
    return studio.cluster.psql("SELECT schema_name FROM studio.project", studio.database)


def _first_line(path) -> tuple[str, str]:  # noqa: ANN001
    with OpenProject.open(path, backup=False, read_only=True) as project:
        for scene in project.scenes():
            for e in project.elements(scene.id):
                if e.kind is ElementKind.DIALOGUE:
                    return e.id, e.text
    raise AssertionError("the sample has dialogue")


def _server_text(studio: StudioFixture, element_id: str) -> str:
    return studio.cluster.psql(
        f"SELECT text FROM {_schema(studio)}.element WHERE id = '{element_id}'", studio.database)


def test_a_consultants_sql_session_cannot_change_a_script_row(studio: StudioFixture) -> None:
    admin = studio.publish_sample()
    element_id, text = _first_line(admin)
    schema = _schema(studio)
    project_id = studio.cluster.psql("SELECT id FROM studio.project", studio.database)
    with psycopg.connect(studio.url("leila")) as conn:
        # Even inside a changeset of her own, the grant is missing: refused by PostgreSQL.
        conn.execute(
            "INSERT INTO studio.changeset (project_id, client_id, client_seq, changeset_id) "
            "VALUES (%s, 'psql', 1, 'x')", [project_id])
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            conn.execute(f"UPDATE {schema}.element SET text = 'hacked' WHERE id = %s",
                         [element_id])
    with psycopg.connect(studio.url("leila")) as conn, pytest.raises(
        psycopg.errors.InsufficientPrivilege
    ):
        conn.execute(f"DELETE FROM {schema}.element")
    assert _server_text(studio, element_id) == text


def test_a_crafted_changeset_from_a_consultant_is_refused_and_nothing_changes(
    studio: StudioFixture,
) -> None:
    """A consultant's Kiln cannot edit the script (consultant mode), so the changeset is forged
    straight into the outbox, as a modified client would: the database refuses it, the other
    changesets still go through, and the laptop gets the server's text back."""
    studio.publish_sample()
    path = studio.clone("leila")
    element_id, text = _first_line(path)
    with OpenProject.open(path, backup=False, role=Role.CONSULTANT) as project:
        with project.file.engine.connect() as conn:
            before = read_rows(conn, "element", [element_id])[element_id]
        forged = Changeset([RowChange("element", element_id, before,
                                      {**before, "text": "顾问偷改的台词"})])

        def forge(session) -> None:  # noqa: ANN001
            outbox.record(session, forged)
            session.get(Element, element_id).text = "顾问偷改的台词"

        project.history.write_local(forge)
        notes.add_text_note(project, element_id, 0, 1, "合法的笔记", author="Leila",
                            role=Role.CONSULTANT)
        result = Studio(project).sync()
        assert len(result.push.refused) == 1
        reason = next(iter(result.push.refused.values()))
        assert "permission denied" in reason
        assert result.push.sent == 1  # the note
        refused = outbox.entries(project.file.sessions, outbox.REFUSED)
        assert [e.changeset.id for e in refused] == [forged.id]
        assert next(e.text for s in project.scenes() for e in project.elements(s.id)
                    if e.id == element_id) == text
    assert _server_text(studio, element_id) == text
    assert "合法的笔记" in studio.cluster.psql(
        f"SELECT string_agg(body, '|') FROM {_schema(studio)}.annotation", studio.database)


def test_a_forged_author_is_refused_by_the_database(studio: StudioFixture) -> None:
    studio.publish_sample()
    project_id = studio.cluster.psql("SELECT id FROM studio.project", studio.database)
    insert = ("INSERT INTO studio.changeset (project_id, client_id, client_seq, changeset_id, "
              "author) VALUES (%s, 'forger', 1, 'x', %s)")
    with psycopg.connect(studio.url("leila")) as conn, pytest.raises(
        psycopg.errors.InsufficientPrivilege, match="permission denied"
    ):
        conn.execute(insert, [project_id, studio.login("amira")])
    # An admin owns the tables (so the column grant does not stop them): the trigger does.
    with psycopg.connect(studio.url("admin")) as conn, pytest.raises(
        psycopg.errors.InsufficientPrivilege, match="author"
    ):
        conn.execute(insert, [project_id, studio.login("amira")])
    # Without naming an author the log says who really sent it.
    with psycopg.connect(studio.url("leila")) as conn:
        author = conn.execute(
            "INSERT INTO studio.changeset (project_id, client_id, client_seq, changeset_id) "
            "VALUES (%s, 'honest', 1, 'x') RETURNING author", [project_id]).fetchone()
    assert author == (studio.login("leila"),)


def test_a_writers_sql_session_cannot_change_a_project_without_a_logged_changeset(
    studio: StudioFixture,
) -> None:
    admin = studio.publish_sample()
    element_id, text = _first_line(admin)
    with psycopg.connect(studio.url("amira")) as conn, pytest.raises(
        psycopg.errors.InsufficientPrivilege, match="belongs to a changeset"
    ):
        conn.execute(f"UPDATE {_schema(studio)}.element SET text = 'x' WHERE id = %s",
                     [element_id])
    assert _server_text(studio, element_id) == text


@pytest.mark.parametrize("statement", [
    "UPDATE studio.changeset SET author = 'someone'",
    "DELETE FROM studio.changeset",
    "DELETE FROM studio.row_change",
    "INSERT INTO studio.row_change (seq, tbl, row_id) VALUES (1, 'element', 'x')",
])
def test_the_log_is_append_only(studio: StudioFixture, statement: str) -> None:
    studio.publish_sample()
    for who in ("amira", "leila", "tariq"):
        with psycopg.connect(studio.url(who)) as conn, pytest.raises(
            psycopg.errors.InsufficientPrivilege
        ):
            conn.execute(statement)


def test_a_translator_writes_only_their_own_languages(studio: StudioFixture) -> None:
    studio.publish_sample()
    path = studio.clone("tariq")
    element_id, _text = _first_line(path)
    with OpenProject.open(path, backup=False, role=Role.TRANSLATOR) as project:
        project.run(SetTranslations([TranslationEdit(element_id, "pt-BR", "Português")]))
        project.run(SetTranslations([TranslationEdit(element_id, "ar", "عربي")]))
        result = Studio(project).sync()
        assert result.push.sent == 1 and len(result.push.refused) == 1
        assert "row-level security" in next(iter(result.push.refused.values()))
    languages = studio.cluster.psql(
        f"SELECT string_agg(language, ',') FROM {_schema(studio)}.line_translation",
        studio.database)
    assert languages == "ar"


def test_a_translator_cannot_edit_the_script(studio: StudioFixture) -> None:
    admin = studio.publish_sample()
    element_id, _text = _first_line(admin)
    studio_path = studio.clone("tariq")
    with OpenProject.open(studio_path, backup=False, role=Role.TRANSLATOR) as project:
        project.run(Update("element", element_id, {"text": "译者改台词"}))
        result = Studio(project).sync()
        assert len(result.push.refused) == 1


def test_a_changeset_sent_twice_is_applied_once(studio: StudioFixture) -> None:
    """The answer of a push is lost (the laptop crashed before it removed its outbox): the
    next push sends the same changesets again and the server recognises them."""
    studio.publish_sample()
    path = studio.clone("amira")
    element_id, _text = _first_line(path)
    with OpenProject.open(path, backup=False) as project:
        for n in range(3):
            project.run(Update("element", element_id, {"text": f"第{n}稿"}))
        kept = outbox.entries(project.file.sessions)
        Studio(project).push()
        assert outbox.entries(project.file.sessions) == []

        def put_back(session) -> None:  # noqa: ANN001
            for e in kept:
                session.add(SyncOutbox(seq=e.seq, changeset=e.changeset.to_json(),
                                       status="pending", error=""))

        project.history.write_local(put_back)
        again = Studio(project).sync()
        assert (again.push.sent, again.push.already) == (0, 3)
    logged = studio.cluster.psql(
        "SELECT count(*) FROM studio.changeset WHERE client_seq > 0", studio.database)
    assert logged == "3"
    assert _server_text(studio, element_id) == "第2稿"


def test_a_non_tls_network_address_is_refused_unless_asked_for() -> None:
    with pytest.raises(StudioError, match="sslmode=verify-full"):
        parse("postgresql://amira:pw@studio.example.org/kiln?sslmode=prefer")
    with pytest.raises(StudioError, match="sslmode=verify-full"):
        parse("postgresql://amira@studio.example.org/kiln?sslmode=allow")
    assert parse("postgresql://amira@studio.example.org/kiln").url.query["sslmode"] == \
        "verify-full"
    assert parse("postgresql://a@studio.example.org/kiln?sslmode=disable").url.query[
        "sslmode"] == "disable"
    assert "sslmode" not in parse("postgresql://a@/kiln?host=/run/postgresql").url.query
    assert parse("postgresql://a:secret@h/kiln?sslmode=require").public() == \
        "postgresql://a@h/kiln?sslmode=require"
    with pytest.raises(StudioError):
        parse("mysql://a@h/kiln")
