"""The ``gdviz`` command line: ``gdviz serve`` (app.cli.serve) and ``gdviz train`` (app.cli.train)."""

from __future__ import annotations

import argparse
import os
import sys

from app.cli.serve import serve
from app.cli.train import train, train_flags


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="gdviz", description="Gradient descent you can watch.")
    sub = top.add_subparsers(dest="command", required=True)

    p_serve = sub.add_parser("serve", help="serve the web app")
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=8000)
    p_serve.add_argument("--open", action="store_true", help="open the page in a browser")
    p_serve.add_argument("--workers", type=_positive, default=None,
                         help=f"worker processes (default: one per core, here {os.cpu_count()})")
    p_serve.set_defaults(func=serve)

    p_train = sub.add_parser("train", help="train once and write the history",
                             description="Runs the same engine as POST /api/train. The config "
                             "file is that endpoint's JSON body; flags override it.")
    p_train.add_argument("--config", help="a JSON file: the body of POST /api/train")
    for flag, (_, kind, text) in train_flags().items():
        p_train.add_argument("--" + flag.replace("_", "-"), dest=flag, type=kind, help=text)
    p_train.add_argument("--out", help="output file (.csv or .json); default: standard output")
    p_train.add_argument("--format", choices=("csv", "json"), help="default: from --out's suffix")
    p_train.add_argument("--quiet", action="store_true", help="no progress bar")
    p_train.add_argument("--server", help="a gdviz server's URL (http://host:port): run there as a job, follow "
                                          "its progress and save it there; default: run here")
    p_train.add_argument("--name", help="with --server: the saved run's name")
    p_train.add_argument("--token", help="with --server: your personal access token (made on the server's page "
                                         "/me); default: the environment's GDVIZ_TOKEN")
    p_train.set_defaults(func=train)

    p_admin = sub.add_parser("admin", help="the server's administrator, on the server's machine")
    admin_sub = p_admin.add_subparsers(dest="what", required=True)
    p_token = admin_sub.add_parser("token", help="make a token that acts as the administrator (printed once)",
                                   description="The administrator owns what was made before identities "
                                   "existed and may read, rename and delete anyone's work. Uses the server's "
                                   "own database (GDVIZ_DATA_DIR or GDVIZ_DATABASE_URL).")
    p_token.add_argument("--name", default="administrator", help="what the token is for")
    p_token.set_defaults(func=admin_token)
    return top


def admin_token(args: argparse.Namespace) -> int:
    from app.db.models import ADMIN
    from app.db.store import open_store
    from app.settings import Settings

    store = open_store(Settings())
    try:
        made = store.people.create_token(ADMIN, args.name, limit=10**6)
    finally:
        store.close()
    print(made.secret)
    print(f"gdviz admin: a token for the administrator ({made.prefix}…); send it as 'Authorization: Bearer "
          "<token>'. Revoke it through DELETE /api/me/tokens/" + made.id, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
