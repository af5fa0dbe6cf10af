"""GET /api/datasets, GET /api/datasets/{name} and POST /api/datasets (CSV upload)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from app.api.deps import SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES, too_large
from app.engine.data.csvdata import CSVLimits, parse_csv
from app.engine.data.datasets import REAL, DatasetSpec, RawData, load_raw
from app.engine.data.store import is_upload_id
from app.engine.data.synthetic import DEFAULT_NOISE, GENERATORS
from app.engine.errors import NotFound
from app.limits import check_work
from app.runs import upload_loader
from app.schemas import DatasetInfo

router = APIRouter(prefix="/api/datasets", tags=["datasets"])

# OpenAPI links: what the id of an upload is for (schemathesis's stateful phase follows them)
TRAIN_ON_UPLOAD = {
    "TrainOnUpload": {"operationId": "train_api_train_post",
                      "requestBody": {"dataset": {"name": "$response.body#/name"}, "model": {"kind": "softmax"}},
                      "description": "Train on the uploaded table"},
    "DescribeUpload": {"operationId": "get_dataset_api_datasets__name__get",
                       "parameters": {"name": "$response.body#/name"}},
}


def _info(name: str, raw: RawData, kind: Literal["synthetic", "real", "upload"], parameters: dict) -> DatasetInfo:
    return DatasetInfo(
        name=name, description=raw.description, kind=kind, n_samples=len(raw.y),
        n_features=raw.X.shape[1], n_classes=len(raw.class_names),
        feature_names=raw.feature_names, class_names=raw.class_names, parameters=parameters,
    )


def _builtin(name: str) -> DatasetInfo:
    raw = load_raw(DatasetSpec(name=name))
    if name in GENERATORS:
        return _info(name, raw, "synthetic", {"n_samples": 200, "noise": DEFAULT_NOISE[name], "seed": 0})
    parameters = {"digit": 0} if name == "digit_vs_rest" else {}
    return _info(name, raw, "real", parameters)


@router.get("", response_model=list[DatasetInfo], summary="The built-in data sets")
def list_datasets() -> list[DatasetInfo]:
    return [_builtin(name) for name in (*GENERATORS, *REAL)]


@router.get("/{name}", response_model=DatasetInfo, summary="One data set, built-in or uploaded",
            responses={404: {"description": "No such data set"}, **ERROR_RESPONSES})
def get_dataset(name: str, store: StoreDep) -> DatasetInfo:
    if name in GENERATORS or name in REAL:
        return _builtin(name)
    if not is_upload_id(name):
        raise NotFound(f"no data set called {name!r}")
    return _info(name, upload_loader(store)(name), "upload", {})


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(f"the upload is {int(declared):,} bytes, over the limit "
                        f"max_upload_bytes={limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(f"the upload passed the limit max_upload_bytes={limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "",
    response_model=DatasetInfo,
    status_code=201,
    summary="Upload a CSV; its id is usable as a data set name",
    responses={**ERROR_RESPONSES, 201: {"description": "The stored table; its name is a data set name",
                                        "links": TRAIN_ON_UPLOAD}},
    openapi_extra={"requestBody": {"required": True, "content": {
        "text/csv": {"schema": {"type": "string", "description": "For example: x1,x2,label / 0.5,1.2,a / "
                                                                  "-0.3,0.8,b / 1.1,-0.2,a (one row a line)"}}}}},
)
async def upload_dataset(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    label_column: str | None = Query(None, max_length=200,
                                     description="Name or 0-based index; default: the last column"),
    header: Literal["auto", "yes", "no"] = Query("auto"),
) -> DatasetInfo:
    body = await _read_body(request, settings.max_upload_bytes)
    limits = CSVLimits(max_rows=settings.max_rows, max_columns=settings.max_columns,
                       max_classes=settings.max_classes)
    label: str | int | None = label_column
    if label_column is not None and label_column.lstrip("-").isdigit():
        label = int(label_column)
    raw = await run_in_threadpool(parse_csv, body, label, header, limits)  # a CSVError is a UserError: 422
    check_work("the table's cells (rows x columns)", raw.X.size, "max_cells", settings)
    upload_id = await run_in_threadpool(store.save, raw)
    return _info(upload_id, raw, "upload", {})
