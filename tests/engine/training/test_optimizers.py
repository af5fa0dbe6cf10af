"""Each optimizer's first two updates against values worked out by hand.

theta_0 = (1, -2), g_1 = (0.5, -1), g_2 = (0.25, 0.5), lr = 0.1, default settings.
"""

import numpy as np
import pytest

from app.engine.training.optimizers import OPTIMIZERS, OptimizerSettings, make_optimizer

THETA0 = np.array([1.0, -2.0])
G1 = np.array([0.5, -1.0])
G2 = np.array([0.25, 0.5])
LR = 0.1

sqrt = np.sqrt
HAND = {
    # theta_1 = theta_0 - lr g1; theta_2 = theta_1 - lr g2
    "gd": ([0.95, -1.9], [0.925, -1.95]),
    # v1 = g1; v2 = 0.9 v1 + g2 = (0.7, -0.4)
    "momentum": ([0.95, -1.9], [0.88, -1.86]),
    "nesterov": ([0.95, -1.9], [0.88, -1.86]),
    # G1 = (0.25, 1); G2 = (0.3125, 1.25)
    "adagrad": ([1 - 0.1 * 0.5 / 0.5, -2 + 0.1 * 1 / 1],
                [0.9 - 0.1 * 0.25 / sqrt(0.3125), -1.9 - 0.1 * 0.5 / sqrt(1.25)]),
    # s1 = 0.1 g1^2 = (0.025, 0.1); s2 = 0.9 s1 + 0.1 g2^2 = (0.02875, 0.115)
    "rmsprop": ([1 - 0.1 * 0.5 / sqrt(0.025), -2 + 0.1 * 1 / sqrt(0.1)],
                [1 - 0.1 * 0.5 / sqrt(0.025) - 0.1 * 0.25 / sqrt(0.02875),
                 -2 + 0.1 * 1 / sqrt(0.1) - 0.1 * 0.5 / sqrt(0.115)]),
    # t=1: m_hat = g1, v_hat = g1^2, so the step is lr * sign(g1).
    # t=2: m = (0.07, -0.04), v = (0.00031225, 0.001249); m_hat = m / 0.19, v_hat = v / 0.001999
    "adam": ([0.9, -1.9],
             [0.9 - 0.1 * (0.07 / 0.19) / sqrt(0.00031225 / 0.001999),
              -1.9 + 0.1 * (0.04 / 0.19) / sqrt(0.001249 / 0.001999)]),
    # Adam's direction plus weight decay 0.01 times theta: theta_1 = theta_0 - 0.1 ((1, -1) + 0.01 theta_0)
    "adamw": ([1 - 0.1 * 1.01, -2 + 0.1 * 1.02],
              [0.899 - 0.1 * ((0.07 / 0.19) / sqrt(0.00031225 / 0.001999) + 0.01 * 0.899),
               -1.898 - 0.1 * ((-0.04 / 0.19) / sqrt(0.001249 / 0.001999) - 0.01 * 1.898)]),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_first_two_updates_match_hand_computed_values(name):
    opt = make_optimizer(OptimizerSettings.of(name=name, learning_rate=LR), 2)
    theta1 = opt.update(THETA0.copy(), G1, LR)
    theta2 = opt.update(theta1, G2, LR)
    expected1, expected2 = HAND[name]
    np.testing.assert_allclose(theta1, expected1, rtol=1e-7)
    np.testing.assert_allclose(theta2, expected2, rtol=1e-7)


def test_nesterov_takes_its_gradient_at_the_look_ahead_point():
    opt = make_optimizer(OptimizerSettings.of(name="nesterov"), 2)
    np.testing.assert_array_equal(opt.gradient_point(THETA0, LR), THETA0)  # v = 0
    theta1 = opt.update(THETA0.copy(), G1, LR)
    # theta_1 - lr * mu * v_1 = (0.95, -1.9) - 0.1 * 0.9 * (0.5, -1)
    np.testing.assert_allclose(opt.gradient_point(theta1, LR), [0.905, -1.81])


def test_other_optimizers_take_the_gradient_where_they_stand():
    for name in ("gd", "momentum", "adagrad", "rmsprop", "adam"):
        opt = make_optimizer(OptimizerSettings.of(name=name), 2)
        theta = opt.update(THETA0.copy(), G1, LR)
        assert opt.gradient_point(theta, LR) is theta


def test_configure_keeps_state():
    opt = make_optimizer(OptimizerSettings.of(name="momentum"), 2)
    theta1 = opt.update(THETA0.copy(), G1, LR)
    opt.configure(OptimizerSettings.of(name="momentum", momentum=0.5))
    theta2 = opt.update(theta1, G2, LR)
    np.testing.assert_allclose(theta2, theta1 - LR * (0.5 * G1 + G2))


def test_unknown_names_are_listed():
    with pytest.raises(ValueError, match="choose one of gd, momentum"):
        make_optimizer(OptimizerSettings.of(name="lbfgs"), 2)
    with pytest.raises(ValueError, match="unknown optimizer setting"):
        OptimizerSettings.of(nu=0.1)


def test_adamw_decays_every_parameter_by_the_same_factor_and_l2_does_not():
    """With no gradient, AdamW shrinks theta by 1 - lr * lambda exactly. Adam with an L2
    term gets lambda theta as its gradient and divides it by its own root-mean-square,
    so it moves every parameter by about lr, whatever lambda: not a decay at all."""
    theta = np.array([1.0, -2.0])
    adamw = make_optimizer(OptimizerSettings.of(name="adamw", learning_rate=LR, weight_decay=0.01), 2)
    np.testing.assert_allclose(adamw.update(theta, np.zeros(2), LR), theta * (1 - LR * 0.01))
    adam = make_optimizer(OptimizerSettings.of(name="adam", learning_rate=LR), 2)
    l2_step = theta - adam.update(theta, 0.01 * theta, LR)
    np.testing.assert_allclose(l2_step, LR * np.sign(theta), rtol=1e-6)
