import numpy as np
import pytest

from app.engine import catalogue
from app.settings import Settings
from tests import tables
from tests.conftest import as_person, same_person


def test_list_names_every_built_in_set_with_its_shape(client):
    body = client.get("/api/datasets").json()
    by_name = {d["name"]: d for d in body}
    assert list(by_name) == list(catalogue.names("datasets"))  # every built-in set, in the menus' order
    assert (by_name["digits"]["n_samples"], by_name["digits"]["n_features"]) == (1797, 64)
    assert by_name["iris"]["n_classes"] == 3
    assert by_name["line1d"]["n_features"] == 1
    assert by_name["moons"]["kind"] == "synthetic" and by_name["moons"]["parameters"]["noise"] == 0.15
    assert by_name["digit_vs_rest"]["parameters"] == {"digit": 0}
    assert all(d["description"] for d in body)


def test_get_one(client):
    assert client.get("/api/datasets/breast_cancer").json()["n_features"] == 30
    assert client.get("/api/datasets/nope").status_code == 404
    assert client.get("/api/datasets/u_" + "0" * 32).status_code == 404


CSV = b"length,width,kind\n1.0,2.0,a\n1.5,2.5,b\n0.5,1.0,a\n2.0,3.0,b\n1.2,1.1,a\n2.2,2.0,b\n"


def test_upload_returns_an_id_usable_as_a_data_set_name(client):
    response = client.post("/api/datasets", content=CSV, headers={"content-type": "text/csv"})
    assert response.status_code == 201
    info = response.json()
    assert info["name"].startswith("u_") and info["kind"] == "upload"
    assert (info["n_samples"], info["n_features"], info["n_classes"]) == (6, 2, 2)
    assert info["class_names"] == ["a", "b"]
    assert client.get(f"/api/datasets/{info['name']}").json() == info
    run = client.post("/api/train", json={"dataset": {"name": info["name"], "test_fraction": 0.0},
                                          "max_steps": 20}).json()
    assert run["stop_reason"] == "max_steps" and run["param_names"] == ["w1", "w2", "b"]


def test_upload_survives_a_new_app_on_the_same_directory(settings):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(settings)) as first:
        name = as_person(first).post("/api/datasets", content=CSV).json()["name"]
        with TestClient(create_app(settings)) as second:  # the same browser, a new process
            assert same_person(second, first).get(f"/api/datasets/{name}").json()["n_samples"] == 6


def test_upload_options(client):
    text = b"kind,length,width\na,1,2\nb,1.5,2.5\na,0.5,1\n"
    by_name = client.post("/api/datasets?label_column=KIND", content=text).json()
    assert by_name["feature_names"] == ["length", "width"] and by_name["class_names"] == ["a", "b"]
    by_number = client.post("/api/datasets?label_column=1&header=yes", content=text).json()
    assert by_number["name"] == by_name["name"]  # same table, same content hash
    assert by_number["prepared"]["label"] == "kind"
    headerless = client.post("/api/datasets?header=no", content=b"1,2,0\n3,4,1\n5,1,1\n").json()
    assert headerless["feature_names"] == ["column 1", "column 2"] and headerless["first_line"] == 1


def test_multipart_like_curl_and_browser_forms(client):
    response = client.post("/api/datasets", files={"file": ("titanic.csv", tables.passengers(), "text/csv")})
    assert response.status_code == 201
    info = response.json()
    assert info["file_name"] == "titanic.csv" and info["description"].startswith("titanic.csv: 400 rows")
    assert info["prepared"]["label"] == "Survived" and info["problems"] == []
    assert {c["name"]: c["treatment"] for c in info["columns"]}["Name"] == "drop"
    wrong = client.post("/api/datasets", files={"data": ("x.csv", CSV, "text/csv")})
    assert wrong.status_code == 422 and "-F file=@data.csv" in wrong.json()["detail"]


@pytest.mark.parametrize("maker, pack", [(tables.passengers, tables.zipped), (tables.cars, tables.gzipped)])
def test_zipped_uploads(client, maker, pack):
    info = client.post("/api/datasets?filename=upload.bin", content=pack(maker()),
                       headers={"content-type": "application/octet-stream"}).json()
    assert info["read"]["compression"] in ("zip", "gzip") and info["prepared"]["n_classes"] >= 2


def test_uploads_are_listed_described_prepared_and_deleted(client):
    info = client.post("/api/datasets", files={"file": ("titanic.csv", tables.passengers(), "text/csv")}).json()
    name = info["name"]
    listed = {d["name"]: d for d in client.get("/api/datasets").json()}
    assert listed[name]["file_name"] == "titanic.csv" and listed[name]["n_classes"] == 2
    assert client.get(f"/api/datasets/{name}").json()["columns"] == info["columns"]
    made = client.post(f"/api/datasets/{name}/prepare",
                       json={"label": "Pclass", "columns": {"Sex": "drop"}, "scale": "minmax"}).json()
    assert made["label"] == "Pclass" and made["n_classes"] == 3 and "Sex=male" not in made["feature_names"]
    fare = client.post(f"/api/datasets/{name}/prepare", json={"label": "Fare"}).json()
    assert fare["task"] == "regression" and fare["n_classes"] == 0 and fare["class_names"] == []
    refused = client.post(f"/api/datasets/{name}/prepare", json={"label": "Fare", "task": "classification"})
    assert refused.status_code == 422 and "'Fare' looks continuous" in refused.json()["detail"] \
        and "choose task regression" in refused.json()["detail"]
    run = client.post("/api/train", json={"dataset": {"name": name, "prepare": {"label": "Pclass"}},
                                          "model": {"kind": "softmax"}, "max_steps": 5}).json()
    assert len(run["param_names"]) == (made["n_features"] + 2) * 3 + 3  # Sex (2 columns) kept: the default
    assert client.delete(f"/api/datasets/{name}").status_code == 204
    assert client.get(f"/api/datasets/{name}").status_code == 404
    assert client.delete(f"/api/datasets/{name}").status_code == 404
    assert name not in {d["name"] for d in client.get("/api/datasets").json()}


def test_a_continuous_label_is_a_regression_target(client):
    asked = client.post("/api/datasets?label_column=Fare", content=tables.prices())
    assert asked.status_code == 201 and asked.json()["task"] == "regression"
    assert asked.json()["prepared"]["label"] == "Fare" and asked.json()["n_classes"] == 0
    name = asked.json()["name"]
    assert {d["name"]: d for d in client.get("/api/datasets").json()}[name]["task"] == "regression"
    fare = {"name": name, "prepare": {"label": "Fare"}}  # the upload's own guess is Survived, named like a label
    classified = client.post("/api/train", json={"dataset": fare, "max_steps": 5})
    assert classified.status_code == 422 and "choose linear regression or a neural network" in classified.text
    fitted = client.post("/api/train", json={"dataset": fare, "model": {"kind": "linear"}, "loss": "mse",
                                             "max_steps": 50, "optimizer": {"learning_rate": 0.3}}).json()
    assert "accuracy" not in fitted["final"] and fitted["final"]["rmse"] > 0  # fares here are drawn at random
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=300), rng.normal(size=300)
    rows = "".join(f"{x:.4f},{z:.4f},{100 + 30 * x - 20 * z + rng.normal() * 5:.3f}\n"
                   for x, z in zip(a, b, strict=True))
    house = client.post("/api/datasets", content=("a,b,price\n" + rows).encode()).json()
    assert house["task"] == "regression" and house["prepared"]["label"] == "price"
    final = client.post("/api/train", json={"dataset": {"name": house["name"]}, "model": {"kind": "linear"},
                                            "loss": "mse", "max_steps": 200}).json()["final"]
    # price = 100 + 30a - 20b + N(0, 5^2): R^2 about 1 - 25/1325, RMSE about 5 in dollars, not standardised units
    assert final["r2"] > 0.97 and final["test_r2"] > 0.95 and 4 < final["rmse"] < 6
    plane = client.post("/api/boundary", json={"dataset": {"name": house["name"]}, "model": {"kind": "linear"},
                                               "loss": "mse", "params": final["params"], "resolution": 5}).json()
    assert plane["kind"] == "value" and 20 < np.mean(plane["z"]) < 200  # the prediction, in dollars
    client.delete(f"/api/datasets/{house['name']}")
    wrong = client.post("/api/train", json={"dataset": fare, "model": {"kind": "linear"},
                                            "loss": "cross_entropy", "max_steps": 5})
    assert wrong.status_code == 422 and "choose one of mse, mae, huber" in wrong.json()["detail"]
    client.delete(f"/api/datasets/{name}")


def test_a_broken_upload_says_where_and_how_to_fix(client):
    response = client.post("/api/datasets", content=b"a,b,label\n1,2,x\n3,4\n5,6,y\n")
    assert response.status_code == 422
    assert "a row has 2 cells where the header has 3" in response.json()["detail"]


def test_upload_size_limit_gives_413(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, max_upload_bytes=50))) as small:
        as_person(small)
        response = small.post("/api/datasets", content=CSV)
        assert response.status_code == 413
        assert "max_upload_bytes=50" in response.json()["detail"]

        def chunks():  # no Content-Length: the cap must hold while the body streams in
            for _ in range(10):
                yield b"1,2,a\n" * 5
        streamed = small.post("/api/datasets", content=chunks())
        assert streamed.status_code == 413


@pytest.mark.parametrize("limit, value, body, status, expected", [
    ("max_rows", 3, CSV, 413, "max_rows=3"),
    ("max_cells", 5, CSV, 413, "max_cells=5"),
    ("max_classes", 2, b"x,y\n1,a\n2,b\n3,c\n4,a\n5,b\n6,c\n", 422, "max_classes=2"),
    ("max_uploads", 0, CSV, 422, "max_uploads=0"),
])
def test_table_limits(tmp_path, limit, value, body, status, expected):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, **{limit: value}))) as c:
        as_person(c)
        response = c.post("/api/datasets?label_column=-1", content=body)
        assert response.status_code == status
        assert expected in response.json()["detail"]


def test_the_defaults_take_mnist_size_and_train_softmax(client, mnist_csv):
    """The 10,000-row MNIST layout (785 columns, about 17 MB): within every default limit."""
    info = client.post("/api/datasets", files={"file": ("mnist_test.zip", tables.zipped(mnist_csv), "application/zip")})
    assert info.status_code == 201, info.text
    made = info.json()["prepared"]
    assert (info.json()["n_rows"], info.json()["n_columns"]) == (10_000, 785)
    assert made["label"] == "label" and made["n_classes"] == 10 and made["n_features"] < 784  # constant borders go
    run = client.post("/api/train", json={"dataset": {"name": info.json()["name"]}, "model": {"kind": "softmax"},
                                          "optimizer": {"name": "adam", "learning_rate": 0.01}, "max_steps": 30,
                                          "record_every": 10}).json()
    assert run["final"]["test_accuracy"] > 0.8


def test_the_same_bytes_from_two_people_are_two_uploads_and_one_file(settings):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(settings)) as ann, TestClient(create_app(settings)) as bob:
        as_person(ann), as_person(bob)
        mine = ann.post("/api/datasets", content=CSV).json()["name"]
        theirs = bob.post("/api/datasets", content=CSV).json()["name"]
        assert mine != theirs and ann.post("/api/datasets", content=CSV).json()["name"] == mine  # again: the same
        assert len(list((settings.data_dir / "uploads").glob("*.npz"))) == 1  # one file for both
        assert [d["name"] for d in ann.get("/api/datasets").json() if d["kind"] == "upload"] == [mine]
        assert ann.delete(f"/api/datasets/{mine}").status_code == 204
        assert bob.get(f"/api/datasets/{theirs}").json()["n_samples"] == 6  # the other's stays whole
        assert len(list((settings.data_dir / "uploads").glob("*.npz"))) == 1
        assert bob.delete(f"/api/datasets/{theirs}").status_code == 204
        assert list((settings.data_dir / "uploads").glob("*.npz")) == []  # the last one's delete removes it


def test_one_persons_uploads_are_capped_by_count_and_bytes(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, max_uploads_per_person=1))) as c:
        as_person(c).post("/api/datasets", content=CSV)
        refused = c.post("/api/datasets", content=CSV + b"9,9,a\n")
        assert refused.status_code == 422 and refused.json()["limit"] == "max_uploads_per_person"
        assert "delete one you no longer need" in refused.json()["message"] and "max_" not in refused.json()["message"]
    with TestClient(create_app(Settings(data_dir=tmp_path / "b", max_upload_bytes_per_person=10))) as c:
        refused = as_person(c).post("/api/datasets", content=CSV)
        assert refused.status_code == 422 and refused.json()["limit"] == "max_upload_bytes_per_person"
        assert list((tmp_path / "b" / "uploads").glob("*.npz")) == []  # refused: no file left behind


def test_an_upload_from_before_identities_is_the_administrators_under_its_old_id(tmp_path):
    from fastapi.testclient import TestClient

    from app.db.models import ADMIN
    from app.db.store import open_store
    from app.engine.data.csv_read import read_table
    from app.engine.data.store import UploadStore
    from app.main import create_app
    digest, _ = UploadStore(tmp_path).put(read_table(CSV, "old.csv"))  # a file, and no row: as before
    (tmp_path / "uploads" / f"{digest}.json").write_text('{"file_name": "old.csv"}')
    store = open_store(Settings(data_dir=tmp_path))
    try:
        admin = {"authorization": f"Bearer {store.people.create_token(ADMIN, 'ops', limit=5).secret}"}
    finally:
        store.close()
    old_id = "u_" + digest[:32]
    with TestClient(create_app(Settings(data_dir=tmp_path))) as c:
        assert c.get(f"/api/datasets/{old_id}", headers=admin).json()["n_samples"] == 6
        assert old_id in [d["name"] for d in c.get("/api/datasets", headers=admin).json()]
        run = c.post("/api/train", json={"dataset": {"name": old_id}, "max_steps": 3}, headers=admin)
        assert run.status_code == 200
        as_person(c)
        assert c.get(f"/api/datasets/{old_id}").status_code == 404  # a learner: not theirs
        assert old_id not in [d["name"] for d in c.get("/api/datasets").json()]
