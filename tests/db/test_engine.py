"""Which database the settings name, and the SQLite file's place."""

from app.db import open_store
from app.db.engine import database_url
from app.settings import Settings


def test_the_default_is_a_sqlite_file_under_the_data_directory(tmp_path):
    settings = Settings(data_dir=tmp_path / "not" / "yet")
    assert database_url(settings) == f"sqlite:///{tmp_path}/not/yet/runs.sqlite3"
    open_store(settings).close()  # makes the directory
    assert (tmp_path / "not" / "yet" / "runs.sqlite3").is_file()


def test_a_postgresql_url_gets_the_installed_driver(tmp_path):
    def url(value: str) -> str:
        return database_url(Settings(data_dir=tmp_path, database_url=value))

    assert url("postgresql://u:p@db/gdviz") == "postgresql+psycopg://u:p@db/gdviz"
    assert url("postgres://db/gdviz") == "postgresql+psycopg://db/gdviz"
    assert url("postgresql+psycopg://db/gdviz") == "postgresql+psycopg://db/gdviz"
    assert url("sqlite:////srv/runs.db") == "sqlite:////srv/runs.db"


def test_the_environment_names_the_database(monkeypatch, tmp_path):
    monkeypatch.setenv("GDVIZ_DATABASE_URL", "postgresql://db/gdviz")
    assert database_url(Settings()) == "postgresql+psycopg://db/gdviz"
