"""A run, described once: the frozen run spec and its one way to change (run.py), the event log
of its live changes (events.py), the one check of its limits (limits.py), how a spec becomes a
data set, a model and a trainer (build.py), and a run replayed from its spec and log, the path
every caller takes: the live session, POST /api/train, jobs and the CLI (replay.py).

Pure Python and NumPy: pydantic parses input into a RunSpec at the edges (app.schemas.train)."""
