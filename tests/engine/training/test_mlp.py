import numpy as np
import pytest

from app.engine.analysis.gradcheck import gradient_check, numerical_gradient
from app.engine.analysis.surface import loss_surface, pca_slice, random_slice
from app.engine.data.datasets import DatasetSpec, load_dataset
from app.engine.spec.run import RunSpec
from app.engine.training.activations import ACTIVATIONS
from app.engine.training.losses import CLASSIFICATION_LOSSES, REGRESSION_LOSSES
from app.engine.training.mlp import Network
from app.engine.training.optimizers import OPTIMIZERS, OptimizerSettings
from app.engine.training.registry import make_model
from app.engine.training.trainer import Trainer


def problem(n_classes, activation, layers=1, seed=0):
    """n_classes 0: a regression (identity output, real targets)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 3))
    y = np.arange(40) % n_classes if n_classes else rng.normal(size=40) * 2.0
    model = Network(3, n_classes, layers=layers, hidden=5, hidden2=4, hidden3=3, hidden4=2, activation=activation)
    theta = model.init_params(rng) + rng.normal(0, 0.3, model.n_params)
    return model, X, model.encode_targets(y), theta


def kinks(model, theta, X, t, loss):
    """Where the objective has kinks, as signs: a ReLU unit's pre-activation; MAE's residual
    r (kink at 0); Huber's |r| - 1 (its second derivative jumps there)."""
    z, (Zs, _) = model.forward(theta, X)
    signs = [np.sign(Z) for Z in Zs]
    if loss == "mae":
        signs.append(np.sign(z - t))
    if loss == "huber":
        signs.append(np.sign(np.abs(z - t) - 1.0))
    return signs


def off_the_kinks(model, theta, X, eps, t=None, loss="mse"):
    """No kink (kinks()) is crossed within the stencil: every sign stays when any one parameter
    moves by 2 eps (checked by moving each in turn)."""
    signs = kinks(model, theta, X, t, loss)
    for k in range(model.n_params):
        for step in (-2 * eps, 2 * eps):
            moved = theta.copy()
            moved[k] += step * max(1.0, abs(theta[k]))
            if any((np.sign(a) != b).any() for a, b in zip(kinks(model, moved, X, t, loss), signs, strict=True)):
                return False
    return True


OUTPUT_LOSSES = [(n, loss) for n in (2, 3) for loss in CLASSIFICATION_LOSSES] + [
    (0, loss) for loss in REGRESSION_LOSSES]  # every loss the registry has, on each output


@pytest.mark.parametrize("layers", [1, 2, 3, 4])
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("n_classes, loss", OUTPUT_LOSSES)
@pytest.mark.parametrize("l2", [0.0, 0.2])
def test_gradient_matches_central_differences(layers, activation, n_classes, loss, l2):
    """Every depth x activation x output (sigmoid, softmax, identity) x loss, with and without L2."""
    model, X, t, theta = problem(n_classes, activation, layers)
    eps = 1e-3
    smooth = activation not in ("relu", "leaky_relu") and loss not in ("mae", "huber")
    if not smooth:  # no derivative at a kink: keep the stencil off it
        eps = 1e-6
        assert off_the_kinks(model, theta, X, eps, t, loss)
    grad = model.loss_gradient(theta, X, t, loss, l2)[1]
    numeric = numerical_gradient(lambda th: model.loss_value(th, X, t, loss, l2), theta, eps=eps, order=4)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    check = gradient_check(model, theta, X, t, loss, l2)
    if smooth or off_the_kinks(model, theta, X, check.step, t, loss):
        assert check.max_relative_error < 1e-4  # the product's own check, where its step stays off the kinks


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_activation_derivatives(activation):
    act = ACTIVATIONS[activation]
    z = np.array([-3.0, -0.7, 0.4, 2.5])  # away from relu's kink
    numeric = (act.function(z + 1e-6) - act.function(z - 1e-6)) / 2e-6
    np.testing.assert_allclose(act.derivative(z), numeric, rtol=1e-6)


def test_layout_weights_then_intercepts():
    model = Network(2, 2, hidden=3)
    names = model.param_names
    assert names[:3] == ["W1[1,1]", "W1[1,2]", "W1[1,3]"] and names[6:9] == ["W2[1,1]", "W2[2,1]", "W2[3,1]"]
    assert names[9:] == ["b1[1]", "b1[2]", "b1[3]", "b2[1]"]
    assert model.weight_mask.sum() == 9 and model.n_params == 13
    theta = np.arange(13.0)
    (W1, W2), (b1, b2) = model.unpack(theta)
    assert W1.shape == (2, 3) and W1[1, 0] == 3.0 and W2.shape == (3, 1) and b2.tolist() == [12.0]


def test_a_deep_layout_layer_by_layer():
    model = Network(2, 3, layers=3, hidden=4, hidden2=3, hidden3=2)
    assert model.sizes == (2, 4, 3, 2, 3)
    n_weights = 2 * 4 + 4 * 3 + 3 * 2 + 2 * 3
    assert model.n_params == n_weights + 4 + 3 + 2 + 3 and model.weight_mask.sum() == n_weights
    names = model.param_names
    assert names[8] == "W2[1,1]" and names[20] == "W3[1,1]" and names[26] == "W4[1,1]"
    assert names[n_weights:n_weights + 5] == ["b1[1]", "b1[2]", "b1[3]", "b1[4]", "b2[1]"]
    theta = np.arange(float(model.n_params))
    Ws, bs = model.unpack(theta)
    assert [W.shape for W in Ws] == [(2, 4), (4, 3), (3, 2), (2, 3)] and bs[-1].tolist() == [41.0, 42.0, 43.0]
    assert [s.stop - s.start for s in model.layer_slices()] == [8, 12, 6, 6]
    assert len(model.filters) == 4 + 3 + 2 + 3 + 12  # a filter per unit, then each intercept


@pytest.mark.parametrize("init, variance", [("xavier", lambda i, o: 2 / (i + o)), ("he", lambda i, o: 2 / i),
                                            ("normal", lambda i, o: 1e-4), ("auto", lambda i, o: 1 / i)])
def test_initialisations_have_their_variance(init, variance):
    model = Network(30, 2, layers=2, hidden=32, hidden2=32, activation="tanh", init=init)
    Ws, bs = model.unpack(model.init_params(np.random.default_rng(0)))
    first = Ws[1]  # 32 x 32: 1,024 draws
    assert first.var() == pytest.approx(variance(32, 32), rel=0.15)
    assert all((b == 0).all() for b in bs)


def test_widths_and_depth_are_checked():
    with pytest.raises(ValueError, match="layers must be 1 to 4"):
        Network(2, 2, layers=5)
    with pytest.raises(ValueError, match="1 to 32 units"):
        Network(2, 2, layers=2, hidden2=33)
    assert Network(2, 2, layers=1, hidden2=99).widths == (8,)  # widths past the depth are not read


def test_xor_is_learnt_beyond_95_percent():
    data = load_dataset(DatasetSpec.of(name="xor", n_samples=400, noise=0.05))
    model = make_model("mlp", 2, 2, hidden=8, activation="tanh")
    config = RunSpec(optimizer=OptimizerSettings.of(name="adam", learning_rate=0.05), max_steps=600)
    trainer = Trainer(model, data, config)
    last = list(trainer.run(record_every=600))[-1]
    assert last.accuracy > 0.95 and last.test_accuracy > 0.95


def test_logistic_regression_cannot_learn_xor():
    data = load_dataset(DatasetSpec.of(name="xor", n_samples=400, noise=0.05))
    config = RunSpec(optimizer=OptimizerSettings.of(name="adam", learning_rate=0.05), max_steps=600)
    trainer = Trainer(make_model("logistic", 2, 2), data, config)
    assert list(trainer.run(record_every=600))[-1].accuracy < 0.75


@pytest.mark.parametrize("optimizer", sorted(OPTIMIZERS))
def test_every_optimizer_trains_the_network(optimizer):
    data = load_dataset(DatasetSpec.of(name="circles", n_samples=200))
    model = make_model("mlp", 2, 2, hidden=6, activation="relu")
    lr = 0.5 if optimizer in ("gd", "momentum", "nesterov") else 0.05
    trainer = Trainer(model, data, RunSpec(optimizer=OptimizerSettings.of(name=optimizer, learning_rate=lr),
                                               max_steps=200, batch_size=32))
    history = list(trainer.run(record_every=200))
    assert history[-1].loss < 0.8 * history[0].loss


def test_surfaces_through_random_and_pca_directions():
    model, X, t, theta = problem(3, "tanh")
    axis = np.linspace(-1, 1, 5)
    plane = random_slice(model, theta, seed=2)
    grid = loss_surface(model, X, t, "cross_entropy", 0.0, plane, axis, axis)
    assert grid[2, 2] == pytest.approx(model.loss_value(theta, X, t), rel=1e-5)
    trajectory = np.stack([theta * s for s in (1.5, 1.2, 1.0, 0.9)]) + np.linspace(0, 0.1, 4)[:, None]
    plane = pca_slice(trajectory)
    grid = loss_surface(model, X, t, "mse", 0.1, plane, axis, axis)
    assert np.all(np.isfinite(grid))


def test_softmax_output_for_many_classes():
    model = make_model("mlp", 4, 3, hidden=4)
    assert model.output == "softmax" and model.n_out == 3
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        make_model("mlp", 4, 3, activation="swish")


@pytest.mark.parametrize("layers", [1, 2, 4])
def test_a_linear_network_is_one_linear_map(layers):
    """With g(z) = z the network's z is X (W1 ... W_(L+1)) + (the intercepts carried through):
    logistic regression's z with those weights, whatever the width and the depth."""
    model, X, _, theta = problem(2, "linear", layers)
    Ws, bs = model.unpack(theta)
    W, b = Ws[0], bs[0]
    for W_next, b_next in zip(Ws[1:], bs[1:], strict=True):
        W, b = W @ W_next, b @ W_next + b_next
    collapsed = np.concatenate([W[:, 0], b])
    logistic = make_model("logistic", 3, 2)
    np.testing.assert_allclose(model.forward(theta, X)[0], logistic.forward(collapsed, X)[0], rtol=1e-12)


@pytest.mark.parametrize("layers", [1, 3])
def test_a_linear_network_learns_xor_no_better_than_logistic_regression(layers):
    data = load_dataset(DatasetSpec.of(name="xor", n_samples=400, noise=0.05))
    config = RunSpec(optimizer=OptimizerSettings.of(name="adam", learning_rate=0.05), max_steps=600)
    logistic = list(Trainer(make_model("logistic", 2, 2), data, config).run(record_every=600))[-1].accuracy
    linear = Trainer(make_model("mlp", 2, 2, layers=layers, hidden=16, hidden2=16, hidden3=16,
                                activation="linear"), data, config)
    assert list(linear.run(record_every=600))[-1].accuracy <= max(logistic, 0.5) + 0.05 < 0.75


@pytest.mark.parametrize("name", ["spiral", "circles"])
def test_two_tanh_layers_learn_the_curved_sets(name):
    data = load_dataset(DatasetSpec.of(name=name, n_samples=300, seed=0))
    config = RunSpec(optimizer=OptimizerSettings.of(name="adam", learning_rate=0.03), max_steps=1500,
                         tol_grad=0.0)
    model = make_model("mlp", 2, 2, layers=2, hidden=16, hidden2=16, activation="tanh")
    assert list(Trainer(model, data, config).run(record_every=1500))[-1].accuracy > 0.95


def test_each_record_says_the_gradient_reaching_each_layer():
    """||dJ/dW_l|| per layer, input side first: their squares and the intercepts' add up to
    ||grad||^2; a deep sigmoid network's first layer gets far less than its last (vanishing)."""
    data = load_dataset(DatasetSpec.of(name="circles", n_samples=200))
    model = make_model("mlp", 2, 2, layers=4, hidden=8, hidden2=8, hidden3=8, hidden4=8, activation="sigmoid")
    trainer = Trainer(model, data, RunSpec())
    rec = trainer.last
    assert len(rec.layer_grads) == 5
    grad = model.loss_gradient(rec.params, trainer.X_train, trainer.t_train)[1]
    intercepts = grad[~model.weight_mask]
    assert sum(g * g for g in rec.layer_grads) + intercepts @ intercepts == pytest.approx(rec.grad_norm ** 2)
    assert rec.layer_grads[0] < 0.1 * rec.layer_grads[-1]
    assert rec.to_dict()["layer_grads"] == list(rec.layer_grads)
    assert make_model("logistic", 2, 2).layer_slices() == []


def test_a_network_with_an_identity_output_fits_the_sine_that_a_line_cannot():
    data = load_dataset(DatasetSpec.of(name="sine", n_samples=300, seed=0))
    config = RunSpec(loss="mse", optimizer=OptimizerSettings.of(name="adam", learning_rate=0.03), max_steps=1500,
                         tol_grad=0)
    fits = {}
    for kind, options in (("linear", {}), ("mlp", {"layers": 2, "hidden": 12, "hidden2": 12, "activation": "tanh"})):
        trainer = Trainer(make_model(kind, 1, 0, **options), data, config)
        list(trainer.run(record_every=1500))
        fits[kind] = trainer.last
    assert fits["mlp"].r2 > 0.95 and fits["mlp"].test_r2 > 0.9
    assert fits["linear"].r2 < 0.75  # the best line through a sine
    with_feature = load_dataset(DatasetSpec.of(name="sine", n_samples=300, seed=0, features=("x1", "sin_x1")))
    trainer = Trainer(make_model("linear", 2, 0), with_feature, config)
    list(trainer.run(record_every=1500))
    assert trainer.last.r2 > 0.95  # sin(x) as a feature: the line becomes a sine
