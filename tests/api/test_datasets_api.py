import pytest

from app.settings import Settings

BUILTIN = {"blobs", "moons", "circles", "xor", "spiral", "line1d", "breast_cancer", "iris", "digits",
           "digit_vs_rest"}


def test_list_names_every_built_in_set_with_its_shape(client):
    body = client.get("/api/datasets").json()
    by_name = {d["name"]: d for d in body}
    assert set(by_name) == BUILTIN
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
        name = first.post("/api/datasets", content=CSV).json()["name"]
    with TestClient(create_app(settings)) as second:
        assert second.get(f"/api/datasets/{name}").json()["n_samples"] == 6


def test_upload_options(client):
    text = b"kind,length,width\na,1,2\nb,1.5,2.5\na,0.5,1\n"
    by_name = client.post("/api/datasets?label_column=kind", content=text).json()
    assert by_name["feature_names"] == ["length", "width"] and by_name["class_names"] == ["a", "b"]
    by_index = client.post("/api/datasets?label_column=0&header=yes", content=text).json()
    assert by_index["name"] == by_name["name"]  # same table, same content hash
    headerless = client.post("/api/datasets?header=no", content=b"1,2,0\n3,4,1\n").json()
    assert headerless["feature_names"] == ["x1", "x2"]


def test_broken_upload_names_row_and_column(client):
    response = client.post("/api/datasets", content=b"a,b,label\n1,2,x\n3,oops,y\n")
    assert response.status_code == 422
    assert response.json()["detail"] == "row 3, column 2 ('b') has 'oops', not a finite number"


def test_upload_size_limit_gives_413(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, max_upload_bytes=50))) as small:
        response = small.post("/api/datasets", content=CSV)
        assert response.status_code == 413
        assert "max_upload_bytes=50" in response.json()["detail"]

        def chunks():  # no Content-Length: the cap must hold while the body streams in
            for _ in range(10):
                yield b"1,2,a\n" * 5
        streamed = small.post("/api/datasets", content=chunks())
        assert streamed.status_code == 413


@pytest.mark.parametrize("limit, value, body, expected", [
    ("max_rows", 3, CSV, "max_rows=3"),
    ("max_classes", 2, b"x,y\n1,a\n2,b\n3,c\n", "max_classes=2"),
    ("max_cells", 5, CSV, "max_cells=5"),
])
def test_table_limits(tmp_path, limit, value, body, expected):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, **{limit: value}))) as c:
        response = c.post("/api/datasets", content=body)
        assert response.status_code == 422
        assert expected in response.json()["detail"]
