"""Dependencies: the settings, the uploads, the saved runs and the jobs live on app.state, set by
create_app; the identity asking is the one app.identity's middleware found.

``MaybeMe`` is that identity or None; ``Me`` is the identity, or a 401 saying how to get one. Both
declare the two ways to show one (the identity cookie, a bearer token) to OpenAPI, so /docs can
send a token. ``StoreDep`` is the uploads the identity may open (``load(upload_id)``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyCookie, HTTPBearer

from app.api.heavy import HeavyWork
from app.api.uploads import MyUploads, Uploads
from app.db.store import RunStore
from app.identity.cookies import NAME as IDENTITY_COOKIE
from app.identity.identity import Identity
from app.identity.middleware import identity_of
from app.jobs.service import Jobs
from app.settings import Settings

NO_IDENTITY = ("this needs an identity: open gdviz in a browser first (the page gives that browser one), or "
               "send a personal access token made on your page (/me) as 'Authorization: Bearer <token>'")
# Declared to OpenAPI only (the middleware has read them already): /docs then offers "Authorize".
_bearer = HTTPBearer(auto_error=False, scheme_name="token", description="A personal access token, made on /me")
_cookie = APIKeyCookie(name=IDENTITY_COOKIE, auto_error=False, scheme_name="browser",
                       description="The identity cookie a browser gets with its first page")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def maybe_me(request: Request, _token: object = Security(_bearer), _browser: object = Security(_cookie)
             ) -> Identity | None:
    return identity_of(request.scope)


def me(identity: Annotated[Identity | None, Depends(maybe_me)]) -> Identity:
    if identity is None:
        raise HTTPException(status_code=401, detail=NO_IDENTITY, headers={"WWW-Authenticate": "Bearer"})
    return identity


def get_uploads(request: Request) -> Uploads:
    return request.app.state.uploads


def my_uploads(request: Request, identity: Annotated[Identity | None, Depends(maybe_me)]) -> MyUploads:
    return get_uploads(request).of(identity)


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
StoreDep = Annotated[MyUploads, Depends(my_uploads)]
MaybeMe = Annotated[Identity | None, Depends(maybe_me)]
Me = Annotated[Identity, Depends(me)]
