"""The playground's menus as a link sets them, rendered by the server, so the first paint already
shows the linked data set, model and optimizer (the page's script reads the same keys from the URL:
static/js/state.js, PROPS). A value that is not one of a menu's choices is left to the script,
which falls back to the default as it always did."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markupsafe import Markup

from app.engine import catalogue
from app.engine.scenarios import BY_NAME as SCENARIOS

MENUS = {"dataset": "datasets", "model": "models", "loss": "losses", "optimizer": "optimizers",
         "schedule": "schedules", "activation": "activations"}
FIXED = {"batch": ("full", "1", "mini"), "surface": ("auto", "coordinates", "pca", "random"),
         "scenario": tuple(SCENARIOS)}
UPLOAD = re.compile(r"u_[0-9a-f]{32}")


def linked_choices(query: Mapping[str, str]) -> dict[str, str]:
    """{menu key: chosen value} for the link's menu keys that name one of their menu's choices;
    "upload" is the link's uploaded data set (the script checks that it is the visitor's). A short
    scenario link (?scenario=name and nothing else) chooses what the scenario sets."""
    name = query.get("scenario", "")
    if list(query) == ["scenario"] and name in SCENARIOS:
        settings = SCENARIOS[name].settings
        query = {"scenario": name, **{k: str(v) for k, v in settings.items() if isinstance(v, str)}}
    chosen = {key: query[key] for key, kind in MENUS.items() if query.get(key) in catalogue.names(kind)}
    chosen.update({key: query[key] for key, values in FIXED.items() if query.get(key) in values})
    if UPLOAD.fullmatch(query.get("dataset", "")):
        chosen["upload"] = query["dataset"]
    return chosen


def chooser(chosen: Mapping[str, str]) -> Callable[[str, str], str]:
    """The template's chose(key, value): " selected" on the option the link chose, else nothing."""
    return lambda key, value: Markup(" selected") if chosen.get(key) == value else ""
