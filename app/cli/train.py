"""``gdviz train``: one run here (the same engine as POST /api/train), or on a server as a job
(--server, app.cli.remote); its history as JSON or CSV, with a progress bar on standard error."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError


def train_flags() -> dict[str, tuple[tuple[str, ...], type, str]]:
    """flag -> (path in the request body, type, help): the run's own settings, then every
    catalogue parameter under the part of the body its kind lives in."""
    from app.engine import catalogue

    flags: dict[str, tuple[tuple[str, ...], type, str]] = {
        "dataset": (("dataset", "name"), str, f"one of {', '.join(catalogue.names('datasets'))}, or an upload id"),
        "n_samples": (("dataset", "n_samples"), int, "synthetic sets: how many points"),
        "noise": (("dataset", "noise"), float, "synthetic sets: the scatter"),
        "model": (("model", "kind"), str, f"one of {', '.join(catalogue.names('models'))}"),
        "loss": (("loss",), str, f"one of {', '.join(catalogue.names('losses'))}"),
        "optimizer": (("optimizer", "name"), str, f"one of {', '.join(catalogue.names('optimizers'))}"),
        "learning_rate": (("optimizer", "learning_rate"), float, "the step size"),
        "schedule": (("schedule", "name"), str, f"one of {', '.join(catalogue.names('schedules'))}"),
        "batch_size": (("batch_size",), int, "1 for SGD; omit for full batch"),
        "l2": (("l2",), float, "the L2 penalty λ"),
        "max_steps": (("max_steps",), int, "stop after this many updates"),
        "seed": (("seed",), int, "seeds the data, the start and the batches"),
        "record_every": (("record_every",), int, "record (and evaluate) every k-th step; the steps between "
                         "are bare updates"),
        "params_every": (("params_every",), int, "theta on every k-th record (0: none); default: every record "
                         "up to 100 parameters, else the first and last"),
    }
    types = {"float": float, "int": int, "choice": str, "bool": str}
    for kind, part in (("models", "model"), ("optimizers", "optimizer"), ("schedules", "schedule")):
        for param in catalogue.params(kind):
            flags.setdefault(param.name, ((part, param.name), types[param.kind], f"{param.label}: {param.description}"))
    return flags


def build_request(args: argparse.Namespace) -> dict:
    from app.engine.errors import UserError

    """The /api/train body: the --config file, then the flags on top."""
    body: dict = json.loads(Path(args.config).read_text()) if args.config else {}
    if not isinstance(body, dict):
        raise UserError("the config file must hold a JSON object")
    for flag, (path, _, _) in train_flags().items():
        value = getattr(args, flag)
        if value is None:
            continue
        node = body
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
    return body


class Progress:
    """A one-line progress bar on a stream, redrawn at most 10 times a second."""

    def __init__(self, total: int, stream: TextIO, enabled: bool):
        self.total, self.stream, self.enabled = total, stream, enabled
        self.last_draw = 0.0

    def update(self, step: int, loss: float | None, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self.last_draw < 0.1):
            return
        self.last_draw = now
        done = min(step / self.total, 1.0)
        bar = "#" * int(30 * done) + "." * (30 - int(30 * done))
        loss_text = "n/a" if loss is None else f"{loss:.6g}"
        self.stream.write(f"\r[{bar}] {step}/{self.total} loss {loss_text}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")


def write_history(result: dict, out: TextIO, fmt: str) -> None:
    if fmt == "json":
        json.dump(result, out)
        out.write("\n")
        return
    names = result["param_names"]
    fit = ["r2", "test_r2", "rmse", "test_rmse"] if "r2" in result["final"] else ["accuracy", "test_accuracy"]
    columns = ["step", "epoch", "batch_loss", "loss", "test_loss", *fit, "grad_norm", "learning_rate"]
    with_params = any("params" in record for record in result["history"])
    writer = csv.writer(out)
    writer.writerow(columns + (names if with_params else []))
    for record in result["history"]:  # a value not in the record (not computed) is an empty cell
        row = ["" if record.get(c) is None else record[c] for c in columns]
        theta = record.get("params") or ([None] * len(names) if with_params else [])
        writer.writerow(row + ["" if v is None else v for v in theta])


def write_result(result: dict, args: argparse.Namespace) -> None:
    fmt = args.format or ("csv" if args.out and args.out.endswith(".csv") else "json")
    if args.out in (None, "-"):
        write_history(result, sys.stdout, fmt)
    else:
        with open(args.out, "w", newline="") as out:
            write_history(result, out, fmt)


def train_on_server(args: argparse.Namespace) -> int:
    from app.cli.remote import RemoteError, as_result, submit_and_follow
    from app.engine.errors import UserError

    try:
        body = build_request(args)
    except (UserError, json.JSONDecodeError, OSError) as exc:
        print(f"gdviz train: {exc}", file=sys.stderr)
        return 2
    progress = Progress(int(body.get("max_steps", 500)), sys.stderr, not args.quiet)
    try:
        token = args.token or os.environ.get("GDVIZ_TOKEN")
        saved = submit_and_follow(args.server, body, args.name or "", progress.update, token)
    except RemoteError as exc:
        progress.close()
        print(f"gdviz train: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        progress.close()
        print("gdviz train: stopped; the job on the server is cancelled", file=sys.stderr)
        return 130
    progress.update(saved["steps"], saved["final_loss"], force=True)
    progress.close()
    write_result(as_result(saved), args)
    print(f"gdviz train: {saved['steps']} steps, stop_reason {saved['stop_reason']}, final loss "
          f"{saved['final_loss']}; saved on {args.server.rstrip('/')} as run {saved['id']}", file=sys.stderr)
    return 0


def train(args: argparse.Namespace) -> int:
    if args.server:
        return train_on_server(args)
    from app.api.uploads import Uploads
    from app.db.models import ADMIN
    from app.db.store import StoreOnFirstUse
    from app.engine.data.store import UploadStore
    from app.engine.errors import UserError
    from app.engine.spec.build import build_trainer
    from app.engine.spec.replay import history, history_response
    from app.identity.identity import Identity
    from app.schemas.train import TrainRequest
    from app.settings import Settings

    try:
        req = TrainRequest.model_validate_json(json.dumps(build_request(args)))
        settings = Settings()
        log = req.event_log()
        # here, on the server's own machine, the command is its administrator: any upload by its id
        database = StoreOnFirstUse(settings)
        uploads = Uploads(UploadStore(settings.data_dir), lambda: database.get().uploads, settings)
        trainer = build_trainer(req.to_spec(), log, settings, uploads.of(Identity(ADMIN, "token")).load,
                                whole_history=True)
    except (UserError, ValidationError, json.JSONDecodeError, OSError) as exc:
        detail = exc.errors(include_url=False) if isinstance(exc, ValidationError) else exc
        print(f"gdviz train: {detail}", file=sys.stderr)
        return 2

    progress = Progress(req.max_steps, sys.stderr, not args.quiet)
    records = []
    for record in history(trainer, log):
        records.append(record)
        progress.update(record["step"], record["loss"])
    progress.update(trainer.last.step, records[-1]["loss"], force=True)
    progress.close()
    write_result(history_response(trainer, records), args)
    print(f"gdviz train: {trainer.last.step} steps, stop_reason {trainer.stop_reason}, "
          f"final loss {records[-1]['loss']}", file=sys.stderr)
    return 0
