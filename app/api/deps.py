"""Dependencies: the settings and the upload store live on app.state, set by create_app."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.api.heavy import HeavyWork
from app.engine.data.store import UploadStore
from app.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> UploadStore:
    return request.app.state.store


def get_heavy(request: Request) -> HeavyWork:
    return request.app.state.heavy


SettingsDep = Annotated[Settings, Depends(get_settings)]
HeavyDep = Annotated[HeavyWork, Depends(get_heavy)]
StoreDep = Annotated[UploadStore, Depends(get_store)]
