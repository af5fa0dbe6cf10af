"""GET /api/catalogue, and a test that the catalogue, the OpenAPI schema, the
playground's controls and the CLI's flags agree: each is built from the catalogue,
and this fails when one of them is not."""

import re

import pytest

from app.cli.main import parser
from app.engine import catalogue


@pytest.fixture
def openapi(client):
    return client.get("/openapi.json").json()["components"]["schemas"]


@pytest.fixture
def playground_html(client):
    return client.get("/").text


def test_the_catalogue_is_served(client):
    body = client.get("/api/catalogue").json()
    assert [o["name"] for o in body["optimizers"]] == list(catalogue.names("optimizers"))
    assert body["params"]["learning_rate"]["scale"] == "log"
    assert "mlp" in [m["name"] for m in body["models"]]


@pytest.mark.parametrize("kind, schema, key", [
    ("models", "ModelRequest", "kind"), ("optimizers", "OptimizerRequest", "name"),
    ("schedules", "ScheduleRequest", "name")])
def test_the_openapi_schema_offers_each_choice_and_parameter_with_its_range(openapi, kind, schema, key):
    props = openapi[schema]["properties"]
    assert props[key]["enum"] == list(catalogue.names(kind))
    for param in catalogue.params(kind):
        prop = props[param.name]
        assert prop["default"] == param.default
        if param.kind in ("float", "int"):
            low = prop.get("exclusiveMinimum" if param.low_open else "minimum")
            high = prop.get("exclusiveMaximum" if param.high_open else "maximum")
            assert (low, high) == (param.low, param.high), param.name
        if param.kind == "choice":
            assert prop["enum"] == list(param.choices)


def test_losses_and_set_messages_come_from_the_catalogue(openapi):
    assert openapi["TrainRequest"]["properties"]["loss"]["enum"] == list(catalogue.names("losses"))


@pytest.mark.parametrize("kind, menu", [("models", "model"), ("losses", "loss"), ("optimizers", "optimizer"),
                                        ("schedules", "schedule")])
def test_the_playground_offers_each_choice(playground_html, kind, menu):
    block = re.search(rf'<select id="{menu}"[^>]*>(.*?)</select>', playground_html, re.S).group(1)
    assert re.findall(r'<option value="([^"]+)"', block) == list(catalogue.names(kind))


@pytest.mark.parametrize("kind, group", [("models", "model-setting"), ("optimizers", "opt-setting"),
                                         ("schedules", "sched-setting")])
def test_the_playground_has_a_control_for_each_parameter_shown_for_its_users(playground_html, kind, group):
    for param in catalogue.params(kind):
        users = [e.name for e in catalogue.entries()[kind] if param in e.params]
        pattern = rf'<div class="row {group}" data-for="([^"]*)"[^>]*>\s*<label for="{param.name}"'
        row = re.search(pattern, playground_html)
        assert row and row.group(1).split() == users, param.name


def test_the_cli_has_a_flag_for_each_parameter():
    train = next(a for a in parser()._subparsers._group_actions[0].choices.values() if a.prog.endswith("train"))
    flags = {option for action in train._actions for option in action.option_strings}
    for kind in ("models", "optimizers", "schedules"):
        for param in catalogue.params(kind):
            assert "--" + param.name.replace("_", "-") in flags


def test_a_set_is_checked_by_the_run_specs_own_fields():
    """A websocket set is a partial update of the run spec: each field it may carry has
    the same type, range and limit as in a start."""
    from app.schemas.live import LiveConfig, SetMessage
    from app.schemas.train import CHANGEABLE
    start = LiveConfig.model_json_schema()["properties"]
    update = SetMessage.model_json_schema()["properties"]
    for name in (*CHANGEABLE, "speed"):
        whole = {k: v for k, v in start[name].items() if k not in ("default", "title")}
        partial = next(b for b in update[name]["anyOf"] if b.get("type") != "null")
        if "anyOf" in whole:  # already optional in the spec
            whole = next(b for b in whole["anyOf"] if b.get("type") != "null")
        assert partial == {k: v for k, v in whole.items()
                           if k in ("type", "minimum", "maximum", "enum")}, name


def test_the_page_takes_its_ranges_from_the_running_servers_limits(tmp_path):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    with TestClient(create_app(Settings(data_dir=tmp_path, max_samples=5000, max_steps=777))) as c:
        page = c.get("/").text
    assert '<input id="n" type="range" min="20" max="5000"' in page
    assert '"limits": {"max_samples": 5000, "max_steps": 777' in page
