"""``gdviz serve``: the web app under uvicorn, one worker process per core by default."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
import threading
import webbrowser

WS_FRAME_FACTOR = 4  # a websocket frame over this many times max_ws_message_bytes closes the connection
# On SIGTERM (or Ctrl+C) each worker stops taking connections, closes its websockets with 1012
# ("service restart": the pages reconnect when the server is back), and gives what is still
# running this long before it cancels it; its jobs are then marked interrupted. Every worker
# ends within this plus a second or two, however busy (tests/cli/test_clean_stop.py).
SHUTDOWN_SECONDS = 3


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    url = f"http://{args.host}:{args.port}/"
    if not _is_loopback(args.host):
        print(f"gdviz: WARNING: listening on {args.host} exposes gdviz to your network. Each browser gets an "
              "identity of its own (no passwords): serve it over HTTPS behind a proxy, as the guide's "
              "'Security and a class behind a proxy' says.", file=sys.stderr)
    workers = args.workers or os.cpu_count() or 1
    print(f"gdviz: serving on {url} with {workers} worker process{'es' if workers > 1 else ''}  "
          "(Ctrl+C stops)", flush=True)
    if args.open:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    from app.settings import Settings

    # Each worker builds its own app; sessions, uploads and limits are shared through the data
    # directory (app.capacity.slots). Frames over WS_FRAME_FACTOR x the message limit are refused by
    # uvicorn itself (close 1009, "message too big"); smaller ones over the limit get an error frame.
    uvicorn.run("app.main:create_app", factory=True, host=args.host, port=args.port, log_level="info",
                workers=workers, ws_max_size=WS_FRAME_FACTOR * Settings().max_ws_message_bytes,
                timeout_graceful_shutdown=SHUTDOWN_SECONDS)
    return 0
