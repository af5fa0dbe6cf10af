"""Uploads as data sets: read a file, report its columns, try the default recipe, store it.

No HTTP here (the routes are app.api.routes.datasets): problems are gdviz's own errors.
An upload is stored even when its default recipe cannot make a data set (no column
looks like a label, say): the answer lists every problem, and the page lets the user
choose. Training on it then needs a recipe that works.
"""

from __future__ import annotations

from app.engine.data.columns import ColumnReport, column_reports
from app.engine.data.csv_read import ReadLimits, read_table
from app.engine.data.datasets import split_indices
from app.engine.data.prepare import PrepareError, Recipe, prepare_table
from app.engine.data.store import UploadStore
from app.engine.data.table import Table
from app.engine.errors import LimitExceeded
from app.schemas.data import ColumnInfo, DatasetInfo, PreparedInfo, RecipeRequest, UploadInfo, recipe_of_request
from app.settings import Settings

MAX_NAMES = 200  # feature names an answer lists


def read_limits(settings: Settings) -> ReadLimits:
    return ReadLimits(max_bytes=settings.max_upload_bytes, max_rows=settings.max_rows,
                      max_columns=settings.max_columns + 1, max_cells=settings.max_cells)


def prepared(table: Table, recipe: Recipe, settings: Settings, seed: int = 0, test_fraction: float = 0.2,
             reports: list[ColumnReport] | None = None) -> PreparedInfo:
    """What ``recipe`` makes of ``table`` (PrepareError lists what stops it)."""
    done = prepare_table(table, recipe, test_fraction, seed, split_indices, settings.max_classes, reports)
    n_features = done.X_train.shape[1]
    if n_features > settings.max_features:
        raise LimitExceeded("the number of features after preparation", n_features, "max_features",
                            settings.max_features, "drop columns or lower max_levels")
    return PreparedInfo(label=done.label, task=done.task, n_rows=len(done.y_train) + len(done.y_test),
                        rows_dropped=done.rows_dropped,
                        n_features=n_features, feature_names=done.feature_names[:MAX_NAMES],
                        n_classes=len(done.class_names), class_names=done.class_names, treatments=done.treatments,
                        notes=done.notes)


def describe(name: str, table: Table, recipe: Recipe, settings: Settings, strict: bool = False) -> UploadInfo:
    """The whole answer about an upload: how it was read, its columns, what the recipe makes of it.
    What stops the recipe is listed in ``problems``, or raised when ``strict``."""
    reports = column_reports(table, recipe.max_levels, settings.max_classes)
    problems: list[str] = []
    made: PreparedInfo | None = None
    try:
        made = prepared(table, recipe, settings, reports=reports)
    except (PrepareError, LimitExceeded) as exc:
        if strict:
            raise
        problems.append(str(exc))
    shape = f"{table.n_rows:,} rows × {len(table.columns)} columns"
    return UploadInfo(
        name=name, kind="upload", file_name=table.file_name or None,
        description=f"{table.file_name or 'an uploaded CSV'}: {shape}", parameters={},
        n_samples=made.n_rows if made else table.n_rows, n_features=made.n_features if made else 0,
        task=made.task if made else "classification",
        n_classes=made.n_classes if made else 0, feature_names=made.feature_names if made else [],
        class_names=made.class_names if made else [],
        n_rows=table.n_rows, n_columns=len(table.columns),
        read={"delimiter": table.delimiter, "decimal": table.decimal, "encoding": table.encoding,
              "compression": table.compression, "header": table.header},
        columns=[ColumnInfo(**r.as_json()) for r in reports], preview=table.preview, first_line=table.first_line,
        prepared=made, problems=problems,
    )


def listing(info: UploadInfo) -> dict:
    """The part of an upload's answer that GET /api/datasets lists."""
    return info.model_dump(include=set(DatasetInfo.model_fields))


def store_upload(data: bytes, file_name: str, header: str, label: str | int | None, settings: Settings,
                 store: UploadStore) -> UploadInfo:
    """Read, report and store one file; the default recipe takes ``label`` if given. A full store
    is refused before the file is read, and again, under the store's lock, when it is saved."""
    stored = len(store.ids())
    if stored >= settings.max_uploads:
        raise LimitExceeded("the number of stored uploads", stored, "max_uploads", settings.max_uploads,
                            "delete one with DELETE /api/datasets/{name}")
    table = read_table(data, file_name, header, read_limits(settings))
    # a label asked for by name that cannot be one is refused now; a guessed one is listed as a problem
    info = describe("pending", table, Recipe(label=label), settings, strict=label is not None)
    info.name = store.save(table, listing(info), settings.max_uploads)  # the listing goes with it
    return info


def upload_answer(name: str, store: UploadStore, settings: Settings, req: RecipeRequest | None = None) -> UploadInfo:
    return describe(name, store.load(name), recipe_of_request(req) or Recipe(), settings)


def uploaded_datasets(store: UploadStore) -> list[DatasetInfo]:
    out = []
    for upload_id in store.ids():
        summary = store.summary(upload_id)
        try:
            out.append(DatasetInfo.model_validate({**summary, "name": upload_id}))
        except ValueError:  # a summary from an older version: listed by name only
            out.append(DatasetInfo(name=upload_id, description="an upload", kind="upload", n_samples=0,
                                   n_features=0, n_classes=0, feature_names=[], class_names=[], parameters={}))
    return out
