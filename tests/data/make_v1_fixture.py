"""How tests/data/project-v1.kiln was made (kept for the record; do not re-run after schema 1).

The fixture is the mini project (tests/data/mini.kiln.json) written by Kiln at schema 1. When
the schema changes, this file stays as it is: it is what the migration tests upgrade from.
"""

from pathlib import Path

from app.formats import project_json
from app.project.open_project import write_project

if __name__ == "__main__":
    here = Path(__file__).parent
    source = here / "mini.kiln.json"
    write_project(
        here / "project-v1.kiln", project_json.populator(project_json.load(source), source.name)
    )
