"""The user's profile — a name and a role (writer, consultant, translator) — kept as JSON in
``profile.json`` of the user data folder. Notes are signed with the name; a consultant's
projects open with the script read-only.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from app.core.enums import Role
from app.core.paths import user_data_dir
from app.store.atomic import write_bytes_atomic

logger = logging.getLogger(__name__)

PROFILE_FILE = "profile.json"


@dataclass(frozen=True)
class Profile:
    """Who is using Kiln on this computer."""

    name: str = ""
    role: Role = Role.WRITER


def profile_path() -> Path:
    """Where the profile is kept."""
    return user_data_dir() / PROFILE_FILE


def load_profile() -> Profile:
    """The saved profile; a writer without a name when there is none or it cannot be read."""
    path = profile_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Profile(name=str(data.get("name", "")).strip(), role=Role(data.get("role")))
    except FileNotFoundError:
        return Profile()
    except (OSError, ValueError, AttributeError, TypeError) as exc:
        logger.warning("ignoring unreadable profile %s: %s", path, exc)
        return Profile()


def save_profile(profile: Profile) -> None:
    """Write the profile atomically (a crash leaves the old one or the new one, never half)."""
    payload = {"name": profile.name.strip(), "role": Role(profile.role).value}
    data = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
    write_bytes_atomic(profile_path(), data)
