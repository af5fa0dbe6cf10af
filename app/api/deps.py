"""Dependencies: the settings, the upload store, the saved runs and the jobs live on app.state, set by
create_app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.api.heavy import HeavyWork
from app.db.store import RunStore
from app.engine.data.store import UploadStore
from app.jobs.service import Jobs
from app.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> UploadStore:
    return request.app.state.store


def get_heavy(request: Request) -> HeavyWork:
    return request.app.state.heavy


def get_runs(request: Request) -> RunStore:
    return request.app.state.runs.get()  # opened (and migrated) on first use: app.db.store.StoreOnFirstUse


def get_jobs(request: Request) -> Jobs:
    return request.app.state.jobs


SettingsDep = Annotated[Settings, Depends(get_settings)]
RunsDep = Annotated[RunStore, Depends(get_runs)]
JobsDep = Annotated[Jobs, Depends(get_jobs)]
HeavyDep = Annotated[HeavyWork, Depends(get_heavy)]
StoreDep = Annotated[UploadStore, Depends(get_store)]
