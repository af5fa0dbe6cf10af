"""Every limit and location in one place; each can be set by an environment
variable named GDVIZ_<FIELD> (for example GDVIZ_MAX_STEPS=20000).

The settings of the app serving the current request are ``current_settings()``:
create_app sets them for each request and websocket (``use_settings``), the CLI
for its run, so request schemas check their limits against the running values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GDVIZ_")

    data_dir: Path = Path("data")
    guide_dir: Path = Path("build/site")  # the built documentation site (make docs), served at /guide/
    # identities (app.identity)
    secret_key: str | None = None  # signs the cookies; None: made once in data_dir/.secret_key
    identity_days: int = 400  # a browser's identity lasts this long after its last visit
    cookie_secure: bool | None = None  # Secure cookies; None: when the request came over HTTPS
    allowed_origins: list[str] = []  # other origins whose pages may change state (a proxy's public address)
    max_tokens_per_person: int = 20  # live personal access tokens of one identity
    # requests and sessions
    max_body_bytes: int = 8 * 2**20  # any JSON body (a surface request can carry a trajectory)
    max_sessions: int = 250  # open websocket sessions in the whole server (every worker)
    max_ws_message_bytes: int = 2**20  # one client websocket message (a start replaying 10,000 changes)
    heavy_pool: int = 0  # computations (train, surface, checks, lessons, job slices) at once, whole server; 0: per core
    max_waiting_requests: int = 500  # computations waiting their turn in one process (past it: 503, Retry-After)
    max_waiting_per_person: int = 30  # one person's computations waiting in one process
    max_sessions_per_person: int = 8  # one person's open websocket sessions in one process
    # data sets
    max_samples: int = 20_000  # n_samples of a synthetic set
    max_upload_bytes: int = 32 * 2**20  # an upload as sent, and unzipped (the MNIST test set is 18 MB)
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_features: int = 1_000  # model inputs after preparation (one-hot columns included)
    max_classes: int = 50
    max_cells: int = 10_000_000  # rows x columns of an uploaded table (MNIST's test set: 7.85 million)
    max_uploads: int = 200  # stored uploads; DELETE /api/datasets/{name} makes room
    max_uploads_per_person: int = 20  # one identity's uploads
    max_upload_bytes_per_person: int = 256 * 2**20  # one identity's uploads as stored
    # training
    max_steps: int = 100_000
    max_params: int = 100_000
    max_history_values: int = 2_000_000  # records x (12 + layers) + the params asked for, one /api/train answer
    max_train_work: float = 2e10  # rows touched (batches, and evaluations at records) x params, one /api/train run
    # surfaces and checks
    max_resolution: int = 200
    max_surface_work: float = 2e9  # grid points x rows x outputs
    max_trajectory: int = 20_000
    max_gradcheck_params: int = 2_000
    max_gradcheck_work: float = 2e10  # loss evaluations x rows x params of one gradient check
    # lessons
    max_lesson_work: float = 2e9  # rows touched x params of a lesson's experiment
    max_timing_length: int = 2_000_000  # vector length of the loop-against-np.dot timing
    max_broadcast_cells: int = 4_000_000  # the m x m matrix A − Y the vectorised lesson makes with Y a column
    # saved runs (app/db)
    database_url: str | None = None  # e.g. postgresql+psycopg://user@host/gdviz; None: SQLite, data_dir/runs.sqlite3
    max_saved_runs: int = 2_000  # runs in the database; deleting runs makes room
    max_saved_runs_per_person: int = 200  # one identity's saved runs
    max_running_jobs: int = 200  # POST /api/runs jobs queued or training in one process (past it: 503)
    max_jobs_per_person: int = 4  # one person's jobs queued or training (past it: 429)
    max_progress_streams: int = 100  # GET /api/runs/{id}/progress streams open at once in one process
    max_run_bytes: int = 32 * 2**20  # one saved run as stored (history, params, spec, event log)
    max_runs_bytes: int = 2 * 2**30  # every saved run together


_CURRENT: ContextVar[Settings | None] = ContextVar("gdviz_settings", default=None)


def current_settings() -> Settings:
    """The settings in force here: the serving app's, else the environment's."""
    settings = _CURRENT.get()
    if settings is None:
        settings = Settings()
        _CURRENT.set(settings)
    return settings


@contextmanager
def use_settings(settings: Settings) -> Iterator[None]:
    token = _CURRENT.set(settings)
    try:
        yield
    finally:
        _CURRENT.reset(token)
