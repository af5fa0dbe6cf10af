"""Uploads as data sets: read a file, report its columns, try the default recipe, store it as
its uploader's.

No HTTP here (the routes are app.api.routes.datasets): problems are gdviz's own errors.
An upload is stored even when its default recipe cannot make a data set (no column
looks like a label, say): the answer lists every problem, and the page lets the user
choose. Training on it then needs a recipe that works.

An upload belongs to whoever uploaded it (app.identity.policy): ``Uploads`` keeps the tables
(one file per content, app.engine.data.store) and who owns which (app.db.uploads), and
``Uploads.of(identity)`` is what a request may open: its own uploads, and nobody else's, which
read as missing. The same bytes uploaded by two people are two uploads and one file; deleting
one leaves the other's whole.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from app.db.models import ADMIN
from app.db.uploads import Upload, UploadLimits, UploadTable
from app.engine.data.columns import ColumnReport, column_reports
from app.engine.data.csv_read import ReadLimits, read_table
from app.engine.data.datasets import split_indices
from app.engine.data.prepare import PrepareError, Recipe, prepare_table
from app.engine.data.store import UploadNotFound, UploadStore, is_upload_id
from app.engine.data.table import Table
from app.engine.errors import LimitExceeded, NeedsIdentity
from app.identity.identity import Identity
from app.identity.policy import listed_owner, may_act
from app.schemas.data import ColumnInfo, DatasetInfo, PreparedInfo, RecipeRequest, UploadInfo, recipe_of_request
from app.settings import Settings

MAX_NAMES = 200  # feature names an answer lists
NO_IDENTITY = ("an upload is its uploader's: open gdviz in the browser you uploaded it from, or send your "
               "personal access token (made on /me) as 'Authorization: Bearer <token>'")


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


def missing(upload_id: str) -> UploadNotFound:
    return UploadNotFound(f"you have no data set called {upload_id[:40]!r}: see GET /api/datasets for yours, or "
                          "upload one with POST /api/datasets")


class Uploads:
    """Every upload: the files and the uploads table (the database, opened on first use)."""

    def __init__(self, files: UploadStore, table: Callable[[], UploadTable], settings: Settings):
        self.files, self._table, self.settings = files, table, settings
        self._adopted = False
        self._adopting = threading.Lock()

    def table(self) -> UploadTable:
        """The uploads table, once the files stored before identities existed have rows (ADMIN's,
        under their old ids, so the administrator still finds them)."""
        table = self._table()
        with self._adopting:
            if not self._adopted:
                with self.files.lock():
                    known = table.digests()
                    for digest, listing in self.files.legacy():
                        if digest not in known:
                            table.add(ADMIN, digest, str(listing.get("file_name") or ""), 0, listing,
                                      UploadLimits(10**9, 10**9, 2**62), upload_id="u_" + digest[:32])
                self._adopted = True
        return table

    def of(self, identity: Identity | None) -> MyUploads:
        return MyUploads(self, identity)

    def limits(self) -> UploadLimits:
        s = self.settings
        return UploadLimits(s.max_uploads, s.max_uploads_per_person, s.max_upload_bytes_per_person)


class MyUploads:
    """The uploads one identity may open (None: none), with the engine's loader (``load``)."""

    def __init__(self, uploads: Uploads, identity: Identity | None):
        self.uploads, self.identity = uploads, identity

    def row(self, upload_id: str) -> Upload:
        """The upload ``upload_id`` if it is this identity's; else UploadNotFound (as for nothing),
        or NeedsIdentity without an identity."""
        if self.identity is None:
            raise NeedsIdentity(NO_IDENTITY)
        found = self.uploads.table().get(upload_id) if is_upload_id(upload_id) else None
        if found is None or not may_act(self.identity, found.owner):
            raise missing(upload_id)
        return found

    def load(self, upload_id: str) -> Table:
        """The table of one of this identity's uploads (app.engine.spec.build's ``Uploads``)."""
        return self.uploads.files.load(self.row(upload_id).digest, upload_id)

    def listed(self) -> list[Upload]:
        if self.identity is None:
            return []
        return self.uploads.table().of_owner(listed_owner(self.identity))

    def check_room(self) -> None:
        if self.identity is not None:
            self.uploads.table().check_room(self.identity.id, self.uploads.limits())

    def save(self, table: Table, summary: dict) -> str:
        """Store ``table`` as this identity's upload (LimitExceeded past a limit); its new id."""
        if self.identity is None:
            raise ValueError("an upload needs an identity")  # the route answers 401 before this
        files, rows = self.uploads.files, self.uploads.table()
        with files.lock():  # the file and its row together, as a delete removes them
            had = None
            digest, size = files.put(table)
            try:
                return rows.add(self.identity.id, digest, table.file_name or "", size, summary,
                                self.uploads.limits()).id
            except LimitExceeded:
                had = digest
                raise
            finally:
                if had is not None and had not in rows.digests():
                    files.remove(had)  # refused, and nobody else has these bytes: no file left behind

    def delete(self, upload_id: str) -> None:
        self.row(upload_id)  # UploadNotFound unless it is this identity's
        files, rows = self.uploads.files, self.uploads.table()
        with files.lock():
            gone, last = rows.remove(upload_id)
            if last:
                files.remove(gone.digest)


def store_upload(data: bytes, file_name: str, header: str, label: str | int | None, settings: Settings,
                 mine: MyUploads) -> UploadInfo:
    """Read, report and store one file as ``mine``'s; the default recipe takes ``label`` if given.
    The limits are checked when the row is added, under the store's lock."""
    mine.check_room()  # a full store, or a person's, refuses before the file is read
    table = read_table(data, file_name, header, read_limits(settings))
    # a label asked for by name that cannot be one is refused now; a guessed one is listed as a problem
    info = describe("pending", table, Recipe(label=label), settings, strict=label is not None)
    info.name = mine.save(table, listing(info))  # the listing goes with it
    return info


def upload_answer(name: str, mine: MyUploads, settings: Settings, req: RecipeRequest | None = None) -> UploadInfo:
    return describe(name, mine.load(name), recipe_of_request(req) or Recipe(), settings)


def uploaded_datasets(mine: MyUploads) -> list[DatasetInfo]:
    out = []
    for upload in mine.listed():
        try:
            out.append(DatasetInfo.model_validate({**upload.summary, "name": upload.id}))
        except ValueError:  # a listing from an older version: listed by name only
            out.append(DatasetInfo(name=upload.id, description="an upload", kind="upload", n_samples=0,
                                   n_features=0, n_classes=0, feature_names=[], class_names=[], parameters={}))
    return out
