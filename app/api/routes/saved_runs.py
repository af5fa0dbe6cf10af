"""/api/runs: saved runs, and long runs as jobs (app.jobs, app.db). No maths here.

POST starts a job and answers 202 with its id at once; GET /api/runs/{id} says how far
it is while it runs and gives the whole saved run when it is done; DELETE cancels a
running job or deletes a saved run; PATCH renames one; GET /api/runs lists them.

Runs and jobs are their owner's (app.identity.policy): the list holds only yours; a job's
progress, a rename and a delete only yours (another's job reads as no job: 404; another's saved
run cannot be changed: 403). A saved run's id is a shared link: whoever has it may read the run."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import fields
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from app.api.deps import JobsDep, MaybeMe, Me, RunsDep, StoreDep
from app.api.errors import ERROR_RESPONSES, Responses
from app.api.heavy import json_response
from app.db.runs import RunSummary, SavedRun
from app.db.store import SORTS
from app.engine.errors import NotFound
from app.identity.identity import Identity
from app.identity.policy import listed_owner, may_act
from app.jobs.job import JobsBusy, saved_progress
from app.schemas.saved import JobProgress, RunCreate, RunList, RunRename, RunSummaryInfo, SavedRunInfo

router = APIRouter(prefix="/api/runs", tags=["runs"], responses=ERROR_RESPONSES)
RETRY_AFTER_SECONDS = 5
log = logging.getLogger("gdviz.capacity")
PROGRESS_SECONDS = 0.25  # how often the progress stream looks at a job
# One server-sent event of the progress stream, as OpenAPI 3.2 writes an event: its data is a JobProgress as JSON.
PROGRESS_EVENT = {"type": "object", "required": ["event", "data"], "properties": {
    "event": {"const": "progress"},
    "data": {"type": "string", "contentMediaType": "application/json",
             "contentSchema": {"$ref": "#/components/schemas/JobProgress"}}}}
IdPath = Annotated[str, Path(pattern=r"^[0-9a-f]{16}([0-9a-f]{16})?$",
                             description="A run's id: 32 hex digits (16 for runs saved before identities)")]
OWNED: Responses = {401: {"description": "No identity: open gdviz in a browser, or send a token"},
         403: {"description": "Another's saved run: you may read it through its link, not change it"},
         404: {"description": "No such run or job, or another's job (the same answer)"}}
Filter = Annotated[str | None, Query(max_length=200)]


def _summary(run: RunSummary) -> dict[str, Any]:
    """The runs table's row: RunSummary's own fields (not a saved run's extras), dates in ISO 8601."""
    row = {f.name: getattr(run, f.name) for f in fields(RunSummary)}
    return {**row, "created_at": run.created_at.isoformat(), "updated_at": run.updated_at.isoformat()}


def _whole(run: SavedRun, yours: bool) -> dict[str, Any]:
    return {**_summary(run), "state": "saved", "spec": run.spec, "events": run.events, "history": run.records(),
            "params": run.params, "param_names": run.param_names, "yours": yours}


def _owner(identity: Identity | None) -> str | None:
    """Whose jobs and runs ``identity`` acts on: its own; anyone's for the administrator (None)."""
    return "" if identity is None else listed_owner(identity)


def _busy(exc: JobsBusy, what: str) -> HTTPException:
    if exc.limit:
        log.warning("refused: %s (the limit %s)", exc, exc.limit)
    return HTTPException(status_code=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                         detail=f"{exc}; try again in {RETRY_AFTER_SECONDS} s{what}")


@router.post("", status_code=202, response_model=JobProgress, summary="Start a run as a job; its id at once",
             responses={**OWNED, 429: {"description": "max_jobs_per_person of yours are queued or training "
                                                      "already; message says so"}},
             description="The run is checked as POST /api/train checks it, then trains in the background and is "
                         "saved under the same id, as yours, when it stops. It waits its turn in the fair queue "
                         "(state `queued`) and trains in slices, each its turn. At most max_jobs_per_person of one "
                         "person's are queued or training (past that, 429), and max_running_jobs in a process "
                         "(past that, 503 with Retry-After).")
def create(req: RunCreate, jobs: JobsDep, identity: Me, store: StoreDep) -> Response:
    try:
        job = jobs.submit(req.to_spec(), req.event_log(), req.name, owner=identity.id, uploads=store.load)
    except JobsBusy as exc:
        raise _busy(exc, ", or use POST /api/train for a short run") from None
    return json_response(job.progress(), status_code=202)


@router.get("", response_model=RunList, summary="Your saved runs, filtered and sorted, and your jobs running",
            responses=OWNED,
            description="`facets` lists every data set, model and optimizer your saved runs have, for the filters. "
                        "Nobody else's runs are listed (the administrator's list holds everyone's).")
def list_runs(runs: RunsDep, jobs: JobsDep, identity: Me, dataset: Filter = None, model: Filter = None,
              optimizer: Filter = None,
              q: Annotated[str | None, Query(max_length=200, description="Part of the name")] = None,
              sort: Annotated[Literal[SORTS], Query()] = "created_at",  # type: ignore[valid-type]
              descending: bool = True, limit: Annotated[int, Query(ge=0, le=1000)] = 100,
              offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> Response:
    owner = _owner(identity)
    filters = {"owner": owner, "dataset": dataset, "model": model, "optimizer": optimizer, "name_contains": q}
    found = runs.list(**filters, sort=sort, descending=descending, limit=limit, offset=offset)
    return json_response({"runs": [_summary(run) for run in found], "total": runs.count(**filters),
                          "running": jobs.running(owner), "facets": runs.facets(owner)})


@router.get("/{run_id}", response_model=SavedRunInfo | JobProgress,
            summary="Your job's progress while it runs; the whole saved run after (anyone's, by its link)",
            responses=OWNED,
            description="Any worker answers for any job: progress is shared through the database. A saved run "
                        "is readable by whoever has its id (`yours` says whether it is the asker's).")
def get_run(run_id: IdPath, runs: RunsDep, jobs: JobsDep, identity: MaybeMe) -> Response:
    job = jobs.progress(run_id, _owner(identity))
    if job is not None:
        return json_response(job)
    run = runs.get(run_id)  # NotFound: 404
    return json_response(_whole(run, may_act(identity, runs.owner_of(run_id))))


def _event(kind: str, payload: dict[str, Any]) -> bytes:
    return b"event: " + kind.encode() + b"\ndata: " + orjson.dumps(payload) + b"\n\n"


@router.get("/{run_id}/progress", summary="A job's progress as server-sent events, until it ends",
            response_class=StreamingResponse, responses={200: {
                "description": "Server-sent events: `event: progress`, each one's data a JobProgress (JSON)",
                "content": {"text/event-stream": {"schema": PROGRESS_EVENT}}}},
            description="text/event-stream: an `event: progress` with the job's progress whenever it changed "
                        "(looked at 4 times a second), and the last one when the job is saved, failed or "
                        "cancelled. A run saved already gives that one event. The stream ends with the job, or "
                        "when the client leaves. At most max_progress_streams are open in a process: past "
                        "that, 503 with Retry-After.")
async def progress(run_id: IdPath, request: Request, runs: RunsDep, jobs: JobsDep,
                   identity: MaybeMe) -> StreamingResponse:
    owner = _owner(identity)
    first = await asyncio.to_thread(jobs.progress, run_id, owner)
    if first is None:  # a saved run, or 404
        saved = await asyncio.to_thread(runs.get, run_id)
        single = saved_progress(saved)

        async def once() -> AsyncIterator[bytes]:
            yield _event("progress", single)
        return StreamingResponse(once(), media_type="text/event-stream")
    try:
        jobs.open_stream()
    except JobsBusy as exc:
        raise _busy(exc, "") from None

    async def stream() -> AsyncIterator[bytes]:
        last: dict[str, Any] | None = None
        now: dict[str, Any] | None = first
        while not await request.is_disconnected():
            if now is None:  # the job's row went: saved (its last event) or cancelled
                try:
                    saved = await asyncio.to_thread(runs.get, run_id)
                    now = saved_progress(saved)
                except NotFound:
                    now = {**(last or first), "state": "cancelled", "finished": time.time()}
            if now != last:
                yield _event("progress", now)
                last = now
            if now["state"] not in ("queued", "running"):
                return
            await asyncio.sleep(PROGRESS_SECONDS)
            now = await asyncio.to_thread(jobs.progress, run_id, owner)
    return SlotStream(stream(), jobs.close_stream)


class SlotStream(StreamingResponse):
    """A progress stream that gives its place back when it ends, however it ends (the job ended,
    the client left, or the client was gone before the first byte: a generator's own ``finally``
    would not run if it never started)."""

    def __init__(self, content: AsyncIterator[bytes], release: Callable[[], None]):
        super().__init__(content, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        self.release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.release()


@router.patch("/{run_id}", response_model=RunSummaryInfo | JobProgress,
              summary="Rename your saved run, or your running job's run", responses=OWNED)
def rename(run_id: IdPath, req: RunRename, runs: RunsDep, jobs: JobsDep, identity: Me) -> Response:
    owner = _owner(identity)
    renamed = jobs.rename(run_id, req.name, owner)
    if renamed is not None:
        return json_response(renamed)
    return json_response(_summary(runs.rename(run_id, req.name, owner)))  # NotFound: 404; another's: 403


@router.delete("/{run_id}", status_code=204, summary="Cancel your running job, or delete your saved run",
               responses=OWNED,
               description="A cancelled job leaves nothing: after the answer its id is not found. A job another "
                           "worker trains is stopped too (the answer waits for it, up to 30 s: past that, 503).")
def delete(run_id: IdPath, jobs: JobsDep, identity: Me) -> Response:
    try:
        jobs.delete(run_id, _owner(identity))  # NotFound: 404; another's saved run: 403
    except JobsBusy as exc:
        raise _busy(exc, "") from None
    return Response(status_code=204)
