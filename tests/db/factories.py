"""Runs to save: real ones from the trainer, and large synthetic histories."""

from __future__ import annotations

from typing import Any

import numpy as np

from app.db import NewRun
from app.engine.data.store import UploadStore
from app.engine.spec.build import build_trainer
from app.engine.spec.events import EventLog
from app.engine.spec.replay import history
from app.schemas.live import LiveConfig
from app.settings import Settings


def trained_run(settings: Settings, name: str = "", **spec: Any) -> NewRun:
    """A real run: a LiveConfig trained to its end, its records as the trainer gives them."""
    config = LiveConfig.model_validate({"max_steps": 40, "record_every": 5, **spec})
    log = EventLog()
    trainer = build_trainer(config.to_spec(), log, settings, UploadStore(settings.data_dir).load, whole_history=True)
    records = list(history(trainer, log))
    return NewRun(spec=config.model_dump(mode="json"), history=records, stop_reason=trainer.stop_reason,
                  name=name, events=[{"step": 10, "changes": {"learning_rate": 0.05}}],
                  param_names=trainer.model.param_names)


def big_run(n_records: int, seed: int, name: str = "") -> NewRun:
    """A run with ``n_records`` random-valued records (they compress little), 2 layer gradients each."""
    rng = np.random.default_rng(seed)
    values = rng.random((n_records, 8)).tolist()
    records = [{"step": i, "epoch": i / 100, "batch_loss": v[0], "learning_rate": v[1], "loss": v[2],
                "test_loss": v[3], "grad_norm": v[4], "layer_grads": [v[5], v[6]], "accuracy": v[7],
                "test_accuracy": None} for i, v in enumerate(values)]
    spec = {"dataset": {"name": "moons"}, "model": {"kind": "mlp"}, "optimizer": {"name": "adam"}, "seed": seed}
    return NewRun(spec=spec, history=records, stop_reason="max_steps", name=name,
                  params=rng.random(50).tolist(), param_names=[f"w{i}" for i in range(50)])
