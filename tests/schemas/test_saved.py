from dataclasses import fields
from datetime import datetime
from typing import get_type_hints

from app.db.runs import RunSummary
from app.schemas.saved import RunSummaryInfo


def test_a_row_of_the_runs_table_is_stated_as_the_database_keeps_it():
    """The API's row and app.db's RunSummary are declared apart (the schemas import no database): the
    same fields, in the same order, of the same types, but for the dates (ISO 8601 strings)."""
    hints = get_type_hints(RunSummary)
    kept = {f.name: (str if hints[f.name] is datetime else hints[f.name]) for f in fields(RunSummary)}
    stated = {name: field.annotation for name, field in RunSummaryInfo.model_fields.items()}
    assert list(stated) == list(kept)
    assert stated == kept
