import numpy as np
import pytest

from app.settings import Settings


def test_coordinates_surface(client):
    body = client.post("/api/surface", json={"center": [0.0, 0.0, 0.0], "resolution": 21, "span": 2.0,
                                             "directions": {"kind": "coordinates", "i": 0, "j": 1}}).json()
    assert len(body["alpha"]) == 21 and len(body["loss"]) == 21 and len(body["loss"][0]) == 21
    assert body["alpha"][0] == -2.0 and body["alpha"][-1] == 2.0
    assert body["directions"]["labels"] == ["w1", "w2"]
    assert body["loss"][10][10] == pytest.approx(np.log(2), rel=1e-6)  # theta = 0: every probability is 1/2


def test_w_b_surface_and_a_projected_path(client):
    run = client.post("/api/train", json={"dataset": {"name": "line1d"}, "max_steps": 50}).json()
    trajectory = [r["params"] for r in run["history"]]
    body = client.post("/api/surface", json={"dataset": {"name": "line1d"}, "center": [0.0, 0.0],
                                             "directions": {"trajectory": trajectory}}).json()
    assert body["directions"]["labels"] == ["w", "b"]
    np.testing.assert_allclose(body["path"], trajectory)  # coordinates: the path is theta itself
    assert body["alpha"][-1] >= max(abs(v) for p in trajectory for v in p)


def test_pca_surface_centres_on_the_end_of_the_path(client):
    run = client.post("/api/train", json={"dataset": {"name": "digits"}, "model": {"kind": "softmax"},
                                          "max_steps": 30, "record_every": 3, "params_every": 1,
                                          "optimizer": {"learning_rate": 0.5}}).json()
    trajectory = [r["params"] for r in run["history"]]
    body = client.post("/api/surface", json={"dataset": {"name": "digits"}, "model": {"kind": "softmax"},
                                             "resolution": 9,
                                             "directions": {"kind": "pca", "trajectory": trajectory}}).json()
    assert body["path"][-1] == pytest.approx([0.0, 0.0], abs=1e-9)
    assert body["directions"]["explained_variance"][0] > 0.5
    assert len(body["directions"]["d1"]) == 650
    losses = [v for row in body["loss"] for v in row]
    assert min(losses) <= run["final"]["loss"] + 1e-9


def test_random_surface_is_seeded(client):
    request = {"center": [1.0, -1.0, 0.5], "resolution": 5, "directions": {"kind": "random", "seed": 3}}
    first, second = (client.post("/api/surface", json=request).json() for _ in range(2))
    assert first == second


@pytest.mark.parametrize("request_body, status, fragment", [
    ({"center": [0, 0]}, 422, "center has 2 values"),
    ({"center": [0, 0, 0], "directions": {"i": 2, "j": 2}}, 422, "two different indices"),
    ({"center": [0, 0, 0], "directions": {"trajectory": [[1, 2]]}}, 422, "needs 3 values"),
    ({"center": [0, 0, 0], "resolution": 201}, 422, "max_resolution=200"),
    ({"center": [0, 0, 0], "resolution": 2}, 422, "greater than or equal to 3"),
])
def test_surface_errors(client, request_body, status, fragment):
    response = client.post("/api/surface", json=request_body)
    assert response.status_code == status
    assert fragment in response.text


def test_no_center_means_the_seeded_start_and_pca_without_a_path_means_random(client):
    start = client.post("/api/train", json={"max_steps": 1, "seed": 4}).json()["history"][0]["params"]
    answer = client.post("/api/surface", json={"seed": 4, "resolution": 5}).json()
    assert answer["center"] == start
    answer = client.post("/api/surface", json={"center": [0, 0, 0], "resolution": 5,
                                               "directions": {"kind": "pca"}}).json()
    assert answer["directions"]["kind"] == "random"


def test_surface_work_limit(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    with TestClient(create_app(Settings(data_dir=tmp_path, max_surface_work=1000))) as c:
        response = c.post("/api/surface", json={"center": [0, 0, 0], "resolution": 10})
    assert response.status_code == 422 and "max_surface_work" in response.json()["detail"]


def test_openapi_lists_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/datasets", "/api/datasets/{name}", "/api/train", "/api/gradient", "/api/surface",
                 "/api/gradcheck"):
        assert path in paths
    docs = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_linear_regression_marks_the_normal_equations_optimum_on_its_w_b_bowl(client, l2):
    body = {"dataset": {"name": "line"}, "model": {"kind": "linear"}, "loss": "mse", "l2": l2,
            "resolution": 41, "center": [0.0, 0.0]}
    surface = client.post("/api/surface", json=body).json()
    best = surface["optimum"]
    assert best["method"] == ("ridge" if l2 else "least_squares") and best["off_plane"] < 1e-12
    grid = np.array(surface["loss"])
    alpha, beta = np.array(surface["alpha"]), np.array(surface["beta"])
    r, c = np.unravel_index(np.argmin(grid), grid.shape)
    step = alpha[1] - alpha[0]
    # the bottom of the drawn bowl sits within a grid cell of the marked point, and the mark is its lowest value
    assert abs(alpha[c] - best["point"][0]) <= step and abs(beta[r] - best["point"][1]) <= step
    assert best["loss"] <= grid.min() + 1e-12
    trained = client.post("/api/train", json={**{k: body[k] for k in ("dataset", "model", "loss", "l2")},
                                               "max_steps": 2000, "tol_grad": 1e-10}).json()
    np.testing.assert_allclose(trained["final"]["params"], best["params"], rtol=1e-6, atol=1e-9)


def test_no_optimum_without_a_closed_form(client):
    for body in ({"dataset": {"name": "line"}, "model": {"kind": "linear"}, "loss": "mae"},
                 {"dataset": {"name": "line"}, "model": {"kind": "mlp"}, "loss": "mse"},
                 {"dataset": {"name": "blobs"}}):
        assert client.post("/api/surface", json={**body, "resolution": 5}).json()["optimum"] is None


def test_a_one_d_set_draws_its_points_and_the_fitted_curve(client):
    objective = {"dataset": {"name": "line"}, "model": {"kind": "linear"}, "loss": "mse"}
    points = client.post("/api/points", json={"dataset": objective["dataset"]}).json()
    assert points["task"] == "regression" and len(points["train_x"][0]) == 1
    x, y = np.array(points["train_x"])[:, 0], np.array(points["train_y"])
    assert abs(np.polyfit(x, y, 1)[0] - 1.5) < 0.2  # y = 1.5x + 0.5 in its own units, not standardised
    curve = client.post("/api/boundary", json={**objective, "params": [0.9, 0.1], "resolution": 30}).json()
    assert curve["kind"] == "curve" and len(curve["x"]) == 30 and curve["z"] == []
    slope = np.diff(curve["y"]) / np.diff(curve["x"])  # a straight line, in the target's units
    np.testing.assert_allclose(slope, slope[0], rtol=1e-9)
    binary = client.post("/api/boundary", json={"dataset": {"name": "line1d"}, "params": [2.0, 0.0],
                                                "resolution": 20}).json()
    assert binary["kind"] == "curve" and 0 < min(binary["y"]) < 0.5 < max(binary["y"]) < 1  # P(y = 1 | x)


def test_neuron_maps_are_every_units_output_over_the_plane(client):
    body = {"dataset": {"name": "circles"}, "model": {"kind": "mlp", "layers": 3, "hidden": 5, "hidden2": 4,
                                                     "hidden3": 3, "activation": "tanh"}, "resolution": 12}
    maps = client.post("/api/neurons", json=body).json()
    assert maps["kind"] == "plane" and maps["sizes"] == [2, 5, 4, 3, 1] and maps["activation"] == "tanh"
    assert [len(layer) for layer in maps["hidden"]] == [5, 4, 3]
    assert all(len(unit) == 144 and all(-1 <= v <= 1 for v in unit) for layer in maps["hidden"] for unit in layer)
    assert len(maps["inputs"]) == 2 and 0 < min(maps["output"]) and max(maps["output"]) < 1
    # the last unit of the first layer at grid point (r, c) is tanh(x W1[:, 4] + b1[4]) there (b = 0 at the start)
    trained = client.post("/api/train", json={k: body[k] for k in ("dataset", "model")} | {"max_steps": 1}).json()
    theta = np.array(trained["history"][0]["params"])
    W1 = theta[:10].reshape(2, 5)
    X = np.array(maps["inputs"]).T
    np.testing.assert_allclose(maps["hidden"][0][4], np.tanh(X @ W1[:, 4]), atol=1e-5)
    line = client.post("/api/neurons", json={"dataset": {"name": "sine"}, "model": {"kind": "mlp"}, "loss": "mse",
                                             "resolution": 10}).json()
    assert line["kind"] == "line" and line["y"] == [] and len(line["hidden"][0][0]) == 10
    wide = client.post("/api/neurons", json={"dataset": {"name": "iris"}, "model": {"kind": "softmax"}}).json()
    assert wide["kind"] == "none" and wide["sizes"] == [4, 3] and wide["hidden"] == [] and wide["activation"] is None


def test_a_subset_of_rows_estimates_the_surface_and_keeps_a_deep_net_under_the_work_cap(client):
    model = {"kind": "mlp", "layers": 4, "hidden": 32, "hidden2": 32, "hidden3": 32, "hidden4": 32}
    body = {"dataset": {"name": "moons", "n_samples": 10_000}, "model": model, "resolution": 41,
            "directions": {"kind": "random"}}
    refused = client.post("/api/surface", json=body)  # 41^2 x 8,000 rows x 257 values: over max_surface_work
    assert refused.status_code == 422 and "ask for a subset of the rows (rows)" in refused.text
    answer = client.post("/api/surface", json={**body, "rows": 1000}).json()
    assert (answer["rows_used"], answer["rows_total"]) == (1000, 8000)
    small = {**body, "dataset": {"name": "moons", "n_samples": 3000}, "resolution": 9}
    full = np.array(client.post("/api/surface", json=small).json()["loss"])
    part = np.array(client.post("/api/surface", json={**small, "rows": 1200}).json()["loss"])
    assert np.all(np.abs(part - full) < 0.1 * full + 0.02)  # an estimate of the same surface
    again = np.array(client.post("/api/surface", json={**small, "rows": 1200}).json()["loss"])
    np.testing.assert_array_equal(part, again)  # seeded: the same subset every time
