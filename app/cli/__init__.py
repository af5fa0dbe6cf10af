"""The ``gdviz`` command (no FastAPI here): ``gdviz serve`` serves the app (serve.py), ``gdviz
train`` trains once, here or on a server as a job (train.py, remote.py); main.py parses the
command line."""
