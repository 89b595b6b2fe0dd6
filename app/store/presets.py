"""A studio's preset defaults, bundled into its build as ``resources/studio/defaults.json``.

Every key is optional; a missing or broken file means Kiln's own defaults (and a warning in the
log, since a studio build should never ship a broken preset unnoticed).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from app.core.enums import Role, ScriptLayout
from app.core.paths import studio_dir

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StudioDefaults:
    """Defaults for new projects and the first profile."""

    layout: ScriptLayout = ScriptLayout.ZH
    source_language: str = "zh-Hans"
    target_languages: tuple[str, ...] = ("en", "ar", "fa", "pt-BR")
    consultant_profile: dict[str, str] = field(default_factory=dict)


def studio_defaults() -> StudioDefaults:
    """The studio's defaults, or Kiln's own when the build carries no preset."""
    path = studio_dir() / "defaults.json"
    if not path.is_file():
        return StudioDefaults()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        profile = dict(data.get("consultant_profile") or {})
        if profile:
            Role(profile.get("role", "consultant"))
        return StudioDefaults(
            layout=ScriptLayout(data.get("layout", "zh")),
            source_language=str(data.get("source_language", "zh-Hans")),
            target_languages=tuple(
                str(t) for t in data.get("target_languages", StudioDefaults.target_languages)
            ),
            consultant_profile={str(k): str(v) for k, v in profile.items()},
        )
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        logger.warning("ignoring the studio preset %s: %s", path, exc)
        return StudioDefaults()
