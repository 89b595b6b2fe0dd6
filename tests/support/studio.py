"""A studio for tests: a fresh database on the throwaway cluster, set up with ``kiln studio
init``'s code, with an admin, two writers, a consultant and a translator (Arabic), each a
database role of their own with a password."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from app.features.studio import server
from app.features.studio.address import Address, parse
from app.features.studio.roles import StudioRole
from app.formats.sample import write_sample
from tests.support.pg_cluster import Cluster

_numbers = itertools.count(1)

PASSWORD = "secret-pass-1"


@dataclass
class StudioFixture:
    """One studio database and its members (names carry the database's number: roles are
    shared by the whole cluster)."""

    cluster: Cluster
    database: str
    folder: Path
    members: dict[str, str] = field(default_factory=dict)  # short name -> login

    def url(self, who: str = "owner") -> str:
        if who == "owner":
            return self.cluster.url(self.database)
        return self.cluster.url(self.database, self.members[who], PASSWORD)

    def address(self, who: str = "owner") -> Address:
        return parse(self.url(who))

    def login(self, who: str) -> str:
        return self.members[who]

    def publish_sample(self, name: str = "porcelain") -> Path:
        """The sample project published by the admin; returns the admin's linked file."""
        path = self.folder / f"{name}-admin.kiln"
        write_sample(path)
        server.publish(path, self.address("admin"), name)
        return path

    def clone(self, who: str, name: str = "porcelain") -> Path:
        path = self.folder / f"{name}-{who}.kiln"
        server.clone(self.address(who), name, path)
        return path


def make_studio(cluster: Cluster, folder: Path) -> StudioFixture:
    number = next(_numbers)
    database = f"studio{number}"
    cluster.new_database(database)
    studio = StudioFixture(cluster, database, folder)
    server.init(studio.address())
    roles = {
        "admin": (StudioRole.ADMIN, ()),
        "amira": (StudioRole.WRITER, ()),
        "bo": (StudioRole.WRITER, ()),
        "leila": (StudioRole.CONSULTANT, ()),
        "tariq": (StudioRole.TRANSLATOR, ("ar",)),
    }
    for short, (role, languages) in roles.items():
        login = f"{short}{number}"
        server.add_member(studio.address(), login, role, PASSWORD, languages)
        studio.members[short] = login
    return studio
