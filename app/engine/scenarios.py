"""The playground's scenarios: one click sets up a situation that teaches at once, with a sentence
on what to watch. Each is page state like any other (it lives in the URL: static/js/state.js's
keys): the main settings, the racers (``optimizer:rate[:key=value]``, each with what it does
differently) and a start θ where the lesson needs one.

Each sentence states what its run shows, and ``claims`` say it in numbers that
tests/engine/test_scenarios.py checks against the run itself (``requests`` gives the runs the
playground starts). Declared here, once: the page's menu, the server's first paint of a scenario
link and the tests are built from this list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The page's defaults for the keys a scenario may set (static/js/state.js, PROPS).
PAGE_DEFAULTS: dict[str, Any] = {
    "dataset": "blobs", "n": 200, "noise": None, "seed": 0, "standardize": True, "test": 0.2, "model": "logistic",
    "loss": "cross_entropy", "optimizer": "gd", "lr": 0.1, "batch": "full", "batch_size": 32, "start": None,
    "speed": 30, "pace": "rising",
}
MODEL_KEYS = ("layers", "hidden", "hidden2", "hidden3", "hidden4", "activation")
OPTIMIZER_KEYS = ("momentum",)


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    text: str
    settings: dict[str, Any]
    race: tuple[str, ...] = ()
    # what the runs show, checked by the tests: {claim: value}, read by tests/engine/test_scenarios.py
    claims: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "text": self.text, "settings": self.settings,
                "race": list(self.race)}

    def requests(self, max_steps: int = 500) -> list[dict[str, Any]]:
        """The runs the playground starts for this scenario, as POST /api/train bodies (runner 1,
        then each racer with its own optimizer, rate and overrides)."""
        state = {**PAGE_DEFAULTS, **self.settings}
        out = [request(state, state["optimizer"], state["lr"], max_steps)]
        for item in self.race:
            optimizer, lr, *rest = item.split(":")
            own = dict(pair.split("=") for pair in rest)
            mine = {**state, **{k: v for k, v in own.items() if k in ("loss", "batch", "model")}}
            if "standardize" in own:
                mine["standardize"] = own["standardize"] == "1"
            if mine["model"] != state["model"]:
                mine["start"] = None  # a start θ holds for the scenario's own model only
            out.append(request(mine, optimizer, float(lr), max_steps))
        return out


def request(state: dict[str, Any], optimizer: str, lr: float, max_steps: int) -> dict[str, Any]:
    """One runner's POST /api/train body from page state (static/js/state.js, startConfig)."""
    batch = {"full": None, "1": 1, "mini": state["batch_size"]}[state["batch"]]
    return {
        "dataset": {"name": state["dataset"], "n_samples": state["n"], "noise": state["noise"], "seed": state["seed"],
                    "standardize": state["standardize"], "test_fraction": state["test"]},
        "model": {"kind": state["model"], **{k: state[k] for k in MODEL_KEYS if k in state}},
        "loss": state["loss"], "batch_size": batch, "seed": state["seed"], "init": state["start"],
        "optimizer": {"name": optimizer, "learning_rate": lr, **{k: state[k] for k in OPTIMIZER_KEYS if k in state}},
        "max_steps": max_steps, "tol_grad": 0, "record_every": 1,
    }


# Claims, each checked against the runs by tests/engine/test_scenarios.py (run: 1 is the main run):
#   ("stops", run, reason, step)            the run stops for that reason at that step
#   ("loss", run, step, low, high)          the training loss at that step lies in [low, high]
#   ("accuracy", run, step, low, high)      train accuracy (or R² for a regression) at that step
#   ("layer_ratio", run, step, low, high)   output layer's gradient norm over the first layer's
#   ("rises", run, first, last, low, high)  share of the steps first..last at which the loss went up
#   ("param_max", run, index, low)          the largest value the parameter took reaches low
#   ("turns", run, index, low)              the parameter changed direction at least low times
SCENARIOS = (
    Scenario(
        "rate-too-large", "A learning rate too large",
        "Every step jumps past the bottom and lands higher up the other side: w swings from side to side, "
        "wider each time (the parameter plot), the loss climbs from 0.81 past 1,000, and at step 38 the run "
        "stops as diverged. Below a rate of 2 it settles: lower it and press R.",
        {"dataset": "line", "model": "linear", "loss": "mse", "optimizer": "gd", "lr": 2.1, "speed": 10,
         "pace": "steady"},
        claims={"diverges": ("stops", 1, "diverged", 38), "climbs": ("loss", 1, 38, 1000, 2000),
                "swings": ("turns", 1, 0, 30)}),
    Scenario(
        "rate-too-small", "A learning rate too small",
        "Run 2 (rate 0.5) is at the bottom within 10 steps. Run 1 (rate 0.001) takes the same road in steps "
        "500 times smaller: after 500 steps its loss has only fallen from 0.81 to 0.32, and it needs about "
        "2,000 to get close. A tiny rate does not make descent safer, only slower.",
        {"dataset": "line", "model": "linear", "loss": "mse", "optimizer": "gd", "lr": 0.001},
        ("gd:0.5",),
        claims={"fast": ("loss", 2, 10, 0.036, 0.037), "slow": ("loss", 1, 500, 0.31, 0.33),
                "close": ("loss", 1, 2000, 0.04, 0.06)}),
    Scenario(
        "mse-stuck", "MSE stuck on a confidently wrong start",
        "Both runs start at θ = (−4, −4, 0), sure of the wrong class (0% accuracy). Under MSE (run 1) the "
        "sigmoid's slope a(1 − a) ≈ 0 smothers the gradient (‖∇J‖ ≈ 0.003): after 500 steps it is still at "
        "0%. Cross-entropy (run 2) has gradient a − y and is at 100% by step 10. The surface is run 1's MSE; "
        "run 2's path on it shows where its θ went.",
        {"dataset": "blobs", "model": "logistic", "loss": "mse", "optimizer": "gd", "lr": 0.5, "start": [-4, -4, 0]},
        ("gd:0.5:loss=cross_entropy",),
        claims={"stuck": ("accuracy", 1, 500, 0.0, 0.0), "recovers": ("accuracy", 2, 10, 1.0, 1.0)}),
    Scenario(
        "zigzag", "Unscaled features: a long narrow valley",
        "x lies between 2 and 4, so w and b pull against each other: run 1 bounces across a narrow valley "
        "(w changes direction over 100 times in the parameter plot, overshooting to 2.9 before it settles "
        "near 1.4) and takes about 75 steps to reach the floor. Run 2 learns the same data standardised, a "
        "round bowl it crosses in 2 steps (show run 2 for its surface; its target is standardised too, so "
        "compare R², both 0.90).",
        {"dataset": "far_line", "model": "linear", "loss": "mse", "standardize": False, "optimizer": "gd",
         "lr": 0.18, "start": [0, 0]},
        ("gd:0.9:standardize=1",),
        claims={"bounces": ("turns", 1, 0, 100), "overshoots": ("param_max", 1, 0, 2.8),
                "slow": ("loss", 1, 50, 0.05, 0.06), "fast": ("loss", 2, 2, 0.05, 0.053),
                "same fit": ("accuracy", 2, 500, 0.89, 0.90)}),
    Scenario(
        "sgd-noise", "SGD's noise against the full batch",
        "Run 1 averages the gradient over all 160 training samples and walks smoothly downhill: its loss "
        "never rises. Run 2 (SGD) steps on one sample at a time, so each step costs 1/160 as much: its loss "
        "on all the data rises at about one step in nine (its path jitters), yet after 500 steps it is "
        "as low as run 1's (0.104). Per sample looked at, SGD is far ahead.",
        {"dataset": "blobs", "model": "logistic", "loss": "cross_entropy", "optimizer": "gd", "lr": 0.3,
         "noise": 1.2},
        ("gd:0.3:batch=1",),
        claims={"smooth": ("rises", 1, 20, 500, 0.0, 0.0), "noisy": ("rises", 2, 20, 500, 0.08, 0.15),
                "as low": ("loss", 2, 500, 0.1, 0.106), "full": ("loss", 1, 500, 0.1, 0.106)}),
    Scenario(
        "momentum", "Momentum overshoots",
        "The same narrow valley: plain descent (run 1, rate 0.05) walks down its side; momentum (run 2, "
        "μ = 0.9) gathers speed, flies past the valley floor and swings back and forth, some 50 turns, before "
        "it settles (show run 2: its w overshoots to 2.7 in the parameter plot, then settles near 1.44).",
        {"dataset": "far_line", "model": "linear", "loss": "mse", "standardize": False, "optimizer": "gd",
         "lr": 0.05, "momentum": 0.9, "start": [0, 0]},
        ("momentum:0.05",),
        claims={"overshoots": ("param_max", 2, 0, 2.6), "swings": ("turns", 2, 0, 40),
                "settles": ("loss", 2, 200, 0.043, 0.045)}),
    Scenario(
        "circles", "Data that needs a non-linearity",
        "No straight line separates a disc from the ring around it: logistic regression (run 1) stays near "
        "50% accuracy (54% after 500 steps). A network with one tanh hidden layer (run 2) bends its boundary "
        "round the disc and reaches 100% (show run 2 to see its decision map).",
        {"dataset": "circles", "model": "logistic", "loss": "cross_entropy", "optimizer": "gd", "lr": 0.5},
        ("adam:0.03:model=mlp",),
        claims={"line": ("accuracy", 1, 500, 0.45, 0.6), "network": ("accuracy", 2, 500, 1.0, 1.0)}),
    Scenario(
        "vanishing", "Vanishing gradients in a deep sigmoid network",
        "Four sigmoid hidden layers. At step 0 the first layer's gradient is about 100 times smaller than "
        "the output layer's (the per-layer plot): σ′ is at most ¼, so with small weights each layer shrinks "
        "what it passes back. The loss sits on a plateau near 0.69, a coin toss's, for about 300 steps "
        "before the early layers learn enough to bend the boundary; it is near 0.02 by step 2,000. Switch the "
        "activation to tanh or ReLU and compare.",
        {"dataset": "moons", "model": "mlp", "layers": 4, "hidden": 8, "hidden2": 8, "hidden3": 8, "hidden4": 8,
         "activation": "sigmoid", "optimizer": "gd", "lr": 0.5},
        claims={"ratio": ("layer_ratio", 1, 0, 50, 200), "plateau": ("loss", 1, 300, 0.68, 0.70),
                "learns": ("loss", 1, 2000, 0.0, 0.05)}),
)

BY_NAME = {s.name: s for s in SCENARIOS}
