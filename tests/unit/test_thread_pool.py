"""A project file's engine never closes a connection under a running statement.

SQLAlchemy's ``SingletonThreadPool`` (what an engine on ``sqlite://`` gets) closed arbitrary
connections once more than five threads had used it, the UI thread's among them: the next
statement there crashed the process. These use the real engine of a real project file.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import select

from app.project.open_project import OpenProject
from app.store import schema
from app.store.thread_pool import ThreadConnectionPool


def _in_a_thread(job) -> None:  # noqa: ANN001 - a plain callable
    errors: list[BaseException] = []

    def run() -> None:
        try:
            job()
        except BaseException as exc:  # handed to the test's thread
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(30)
    assert not errors, errors


def test_twenty_threads_leave_the_ui_threads_connection_and_transaction_alone(
    sample_kiln: Path,
) -> None:
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        engine = project.file.engine
        with project.file.session() as held:  # the UI thread, inside a read
            title = held.scalar(select(schema.Project.title))
            for _ in range(20):  # more threads than SingletonThreadPool's five
                _in_a_thread(lambda: project.info())
            # the same connection, still open, still in its transaction
            assert held.scalar(select(schema.Project.title)) == title
            assert held.connection().exec_driver_sql("SELECT count(*) FROM episode").scalar()
        # a thread's connection is closed when it is done with it: only the UI thread's is kept
        assert len(engine.pool._all_conns) == 1
        assert isinstance(engine.pool, ThreadConnectionPool)


def test_a_thread_reads_again_after_its_connection_was_closed(sample_kiln: Path) -> None:
    """A background thread's next read gets a fresh connection; its last one is gone."""
    with OpenProject.open(sample_kiln, read_only=True, backup=False) as project:
        titles: list[str] = []

        def twice() -> None:
            titles.append(project.info().title)
            titles.append(project.info().title)

        _in_a_thread(twice)
        _in_a_thread(twice)
        assert len(set(titles)) == 1 and len(titles) == 4
        assert len(project.file.engine.pool._all_conns) <= 1  # the UI thread's, if it read
