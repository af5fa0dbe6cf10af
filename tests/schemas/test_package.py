"""The wire schemas are light to import and declared as they run."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SCHEMAS = sorted(p.stem for p in (ROOT / "app" / "schemas").glob("*.py") if p.stem != "__init__")
LESSON_MODELS = sorted(p.parent.name for p in (ROOT / "app" / "lessons").glob("*/schemas.py"))  # wire schemas too


def test_the_wire_schemas_import_neither_the_database_nor_sqlalchemy():
    """The CLI and every route import wire schemas: that must not load SQLAlchemy, Alembic or app.db."""
    code = ("import sys\n" + "".join(f"import app.schemas.{name}\n" for name in SCHEMAS)
            + "".join(f"import app.lessons.{folder}.schemas\n" for folder in LESSON_MODELS)
            + "print(sorted({m.split('.')[0] if not m.startswith('app.') else '.'.join(m.split('.')[:2])"
              " for m in sys.modules if m.startswith(('sqlalchemy', 'alembic', 'psycopg', 'app.db'))}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    assert len(SCHEMAS) >= 7 and len(LESSON_MODELS) >= 10  # base, choices, data, train, ...; each lesson's


def test_no_schema_has_a_stand_in_for_the_type_checker():
    """mypy checks the classes that run: no ``if TYPE_CHECKING:`` stand-ins."""
    for path in (ROOT / "app" / "schemas").glob("*.py"):
        assert "TYPE_CHECKING" not in Path(path).read_text(), path.name
