"""Every limit and location in one place; each can be set by an environment
variable named GDVIZ_<FIELD> (for example GDVIZ_MAX_STEPS=20000)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GDVIZ_")

    data_dir: Path = Path("data")
    # requests and sessions
    max_body_bytes: int = 8 * 2**20  # any JSON body (a surface request can carry a trajectory)
    max_sessions: int = 250  # open websocket sessions per server process
    max_ws_message_bytes: int = 64 * 2**10  # one client websocket message
    # data sets
    max_samples: int = 20_000  # n_samples of a synthetic set
    max_upload_bytes: int = 20 * 2**20
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_features: int = 1_000
    max_classes: int = 50
    max_cells: int = 5_000_000  # rows x columns of an uploaded table
    # training
    max_steps: int = 100_000
    max_params: int = 100_000
    max_history_values: int = 2_000_000  # records x (params + 10) in one /api/train answer
    max_train_work: float = 2e10  # steps x rows x params of one /api/train run
    # surfaces and checks
    max_resolution: int = 200
    max_surface_work: float = 2e9  # grid points x rows x outputs
    max_trajectory: int = 20_000
    max_gradcheck_params: int = 2_000
