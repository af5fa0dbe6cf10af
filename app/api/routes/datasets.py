"""The data sets: list, describe, upload (multipart or a raw body), prepare, delete."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.datastructures import UploadFile

from app.api.deps import HeavyDep, Me, SettingsDep, StoreDep
from app.api.errors import ERROR_RESPONSES, Responses, too_large
from app.api.uploads import MyUploads, prepared, store_upload, upload_answer, uploaded_datasets
from app.engine.data import sets
from app.engine.data.datasets import DatasetSpec, RawData, load_raw
from app.engine.data.prepare import Recipe
from app.engine.data.store import is_upload_id
from app.engine.errors import NotFound, UserError
from app.schemas.data import UPLOAD_ID, DatasetInfo, PreparedInfo, RecipeRequest, UploadInfo, recipe_of_request
from app.settings import Settings

router = APIRouter(prefix="/api/datasets", tags=["datasets"])

# OpenAPI links: what the id of an upload is for (schemathesis's stateful phase follows them)
TRAIN_ON_UPLOAD = {
    "TrainOnUpload": {"operationId": "train_api_train_post",
                      "requestBody": {"dataset": {"name": "$response.body#/name"}, "model": {"kind": "softmax"}},
                      "description": "Train on the uploaded table"},
    "DescribeUpload": {"operationId": "get_dataset_api_datasets__name__get",
                       "parameters": {"name": "$response.body#/name"}},
    "PrepareUpload": {"operationId": "prepare_upload_api_datasets__name__prepare_post",
                      "parameters": {"name": "$response.body#/name"},
                      "requestBody": {"label": "$response.body#/prepared/label"},
                      "description": "What the default recipe makes, asked again"},
}
CSV_EXAMPLE = "For example: x1,x2,label / 0.5,1.2,a / -0.3,0.8,b / 1.1,-0.2,a (one row a line)"
UPLOAD_BODY = {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary", "description": "The CSV file (plain, .gz or .zip)"}}}},
    "text/csv": {"schema": {"type": "string", "description": CSV_EXAMPLE}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary",
                                            "description": "A CSV file, gzip or zip"}},
}}


def _info(name: str, raw: RawData, kind: Literal["synthetic", "real"], parameters: dict) -> DatasetInfo:
    return DatasetInfo(
        name=name, description=raw.description, kind=kind, task=raw.task, n_samples=len(raw.y),
        n_features=raw.X.shape[1], n_classes=len(raw.class_names),
        feature_names=raw.feature_names, class_names=raw.class_names, parameters=parameters,
    )


def _builtin(name: str) -> DatasetInfo:
    found = sets.REGISTRY[name]
    return _info(name, load_raw(DatasetSpec(name=name)), found.kind, found.parameters())  # type: ignore[arg-type]


def _upload_id(name: str) -> str:
    if not is_upload_id(name):
        raise NotFound(f"no upload called {name[:40]!r}: uploads are named u_ and 32 hex digits "
                       "(GET /api/datasets lists yours)")
    return name


OWNED: Responses = {**ERROR_RESPONSES, 401: {"description": "No identity: open gdviz in a browser, or send a token"},
         404: {"description": "No such data set, or not yours (the same answer)"}}


@router.get("", response_model=list[DatasetInfo],
            summary="The built-in data sets, then your uploads (oldest first); nobody else's")
def list_datasets(store: StoreDep) -> list[DatasetInfo]:
    return [_builtin(name) for name in sets.REGISTRY] + uploaded_datasets(store)


@router.get("/{name}", response_model=UploadInfo | DatasetInfo,
            summary="One data set; an upload with its column report, first rows and default preparation",
            responses=OWNED)
async def get_dataset(name: str, store: StoreDep, settings: SettingsDep, request: Request,
                      heavy: HeavyDep) -> DatasetInfo | UploadInfo:
    if name in sets.REGISTRY:
        return _builtin(name)
    return await heavy.run(request, _answer, _upload_id(name), store, settings)


def _answer(name: str, store: MyUploads, settings: Settings, req: RecipeRequest | None = None,
            cancel: object = None) -> UploadInfo:
    return upload_answer(name, store, settings, req)


@router.post("/{name}/prepare", response_model=PreparedInfo,
             summary="What a preparation recipe makes of one of your uploads (422 lists every problem)",
             responses=OWNED)
async def prepare_upload(req: RecipeRequest, name: str = Path(pattern=UPLOAD_ID, description="An upload's id"),
                         *, identity: Me, store: StoreDep, settings: SettingsDep,
                         request: Request, heavy: HeavyDep) -> PreparedInfo:
    def work(cancel: object = None) -> PreparedInfo:  # the path's pattern has checked the name
        return prepared(store.load(name), recipe_of_request(req) or Recipe(), settings)
    return await heavy.run(request, work)


@router.delete("/{name}", status_code=204, summary="Delete one of your uploads (another's with the same bytes stays)",
               responses=OWNED)
def delete_upload(identity: Me, store: StoreDep,
                  name: str = Path(pattern=UPLOAD_ID, description="An upload's id")) -> Response:
    store.delete(name)  # the path's pattern has checked the name; NotFound unless it is yours
    return Response(status_code=204)


async def _read_upload(request: Request, limit: int) -> tuple[bytes, str]:
    """(bytes, file name): a multipart form's ``file`` part, or the raw body. The size is
    checked as the bytes arrive (and by the security middleware before that)."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=10) as form:
            part = form.get("file")
            if not isinstance(part, UploadFile):
                names = ", ".join(repr(k) for k in form.keys()) or "none"
                raise UserError(f"the form needs a file part called 'file' (it had {names}); "
                                "with curl: -F file=@data.csv")
            data = await part.read(limit + 1)
            if len(data) > limit:
                raise too_large(f"the upload passed the limit max_upload_bytes={limit:,} bytes")
            return data, part.filename or ""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(f"the upload passed the limit max_upload_bytes={limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks), ""


@router.post(
    "",
    response_model=UploadInfo,
    status_code=201,
    summary="Upload a CSV (plain, gzip or zip; multipart or a raw body) as yours; its id is usable as a data "
            "set name by you alone",
    responses={**OWNED, 201: {"description": "The stored table, its column report and what the "
                                                       "default preparation makes of it",
                                        "links": TRAIN_ON_UPLOAD}},
    openapi_extra={"requestBody": UPLOAD_BODY},
)
async def upload_dataset(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    heavy: HeavyDep,
    identity: Me,
    label_column: str | None = Query(None, max_length=200,
                                     description="The label: a name, or a number (1 = the first column, -1 = the "
                                                 "last); default: a column named like a label, else the last"),
    header: Literal["auto", "yes", "no"] = Query("auto", description="Whether the first line names the columns"),
    filename: str | None = Query(None, max_length=200, description="The file's name, for a raw body"),
) -> UploadInfo:
    data, sent_name = await _read_upload(request, settings.max_upload_bytes)
    label: str | int | None = label_column or None
    if label_column is not None and label_column.lstrip("-").isdigit():
        label = int(label_column)

    def work(cancel: object = None) -> UploadInfo:
        return store_upload(data, (sent_name or filename or "")[:200], header, label, settings, store)
    return await heavy.run(request, work)
