"""The source articles' formulas as MathML, rendered on the server by latex2mathml: no
JavaScript maths library. ``formula(name)`` is a Jinja global."""

from __future__ import annotations

from functools import cache

from latex2mathml.converter import convert
from markupsafe import Markup

FORMULAS = {
    "cost": r"J(\theta) = -\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log h_\theta(x^{(i)}) + "
            r"(1-y^{(i)})\log\left(1-h_\theta(x^{(i)})\right)\right]",
    "hypothesis": r"h_\theta(x) = \sigma(\theta^T x) = \frac{1}{1+e^{-\theta^T x}}",
    "gradient": r"\frac{\partial J}{\partial \theta_j} = \frac{1}{m}\sum_{i=1}^{m}"
                r"\left(h_\theta(x^{(i)}) - y^{(i)}\right)x_j^{(i)}",
    "update": r"\theta_j := \theta_j - \alpha\frac{\partial J}{\partial \theta_j}",
    "sigmoid": r"\sigma(z) = \frac{1}{1+e^{-z}},\quad \sigma'(z) = \sigma(z)\left(1-\sigma(z)\right)",
    "mse": r"L = \frac{1}{2}(a-y)^2,\quad \frac{\partial L}{\partial z} = (a-y)\,a(1-a)",
    "ce": r"L = -\left[y\log a + (1-y)\log(1-a)\right],\quad \frac{\partial L}{\partial z} = a-y",
    "softmax": r"p_k = \frac{e^{z_k}}{\sum_{j=1}^{K} e^{z_j}}",
    "softmax_ce": r"L = -\sum_{k=1}^{K} y_k \log p_k,\quad \frac{\partial L}{\partial z_k} = p_k - y_k",
    "chain": r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial a}\cdot"
             r"\frac{\partial a}{\partial z}\cdot\frac{\partial z}{\partial w}",
    "da": r"da = \frac{\partial L}{\partial a} = -\frac{y}{a} + \frac{1-y}{1-a}",
    "dz": r"dz = \frac{\partial L}{\partial z} = da\cdot a(1-a) = a - y",
    "dw": r"dw_j = \frac{\partial L}{\partial w_j} = x_j\,dz,\quad db = dz",
    "mlp_forward": r"Z_1 = XW_1 + b_1,\quad A_1 = g(Z_1),\quad z = A_1W_2 + b_2",
    "mlp_backward": r"dW_2 = A_1^T dz,\quad dZ_1 = (dz\,W_2^T)\odot g'(Z_1),\quad dW_1 = X^T dZ_1",
    "entropy": r"H(p) = -\sum_k p_k\ln p_k",
    "cross_entropy": r"H(p,q) = -\sum_k p_k\ln q_k",
    "kl": r"D_{KL}(p\,\|\,q) = \sum_k p_k\ln\frac{p_k}{q_k} = H(p,q) - H(p)",
    "softmax_shift": r"p_k = \frac{e^{z_k - \max_j z_j}}{\sum_{c} e^{z_c - \max_j z_j}}",
    "softmax_jacobian": r"J_{ij} = \frac{\partial p_i}{\partial z_j} = p_i(\delta_{ij} - p_j),\quad "
                        r"J_{ii} = p_i(1-p_i),\quad J_{ij} = -p_i p_j",
    "softmax_collapse": r"\frac{\partial L}{\partial p_i} = -\frac{t_i}{p_i},\quad "
                        r"\frac{\partial L}{\partial z_j} = \sum_i J_{ij}\frac{\partial L}{\partial p_i} = p_j - t_j",
    "eps_loss": r"L_\varepsilon = -\ln\left(\sigma(z) + \varepsilon\right),\quad \varepsilon = 10^{-7}",
    "stable_loss": r"L = \ln\left(1 + e^{z}\right) - y\,z,\quad \frac{\partial L}{\partial z} = \sigma(z) - y",
    "self_entropy": r"H(p,p) = -\sum_k p_k\ln p_k = H(p)",
    "margin": r"m = y\,f(x),\quad y\in\{-1,+1\}",
    "relu": r"\mathrm{relu}(z) = \max(0,z),\quad \mathrm{relu}'(z) = [z>0]",
    "tanh": r"\tanh'(z) = 1-\tanh^2(z)",
    "gradcheck": r"\text{error}_i = \frac{|g_i - \hat g_i|}{\max\left(|g_i|,\ |\hat g_i|,\ "
                 r"10^{-3}\max_k |g_k|,\ 10\,\text{noise}\right)}",
    "central": r"\hat g_i = \frac{-J(\theta+2h e_i) + 8J(\theta+h e_i) - 8J(\theta-h e_i) + "
               r"J(\theta-2h e_i)}{12h}",
    "stop_steps": r"\text{rule 1: stop when } t \ge T_{\max}",
    "stop_loss": r"\text{rule 2: stop when } \left|J(\theta_t) - J(\theta_{t'})\right| < \varepsilon_J",
    "stop_grad": r"\text{rule 3: stop when } \left\|\nabla J(\theta_t)\right\| < \varepsilon_g",
    "vanishing": r"\delta_l = \left(W_{l+1}^T\delta_{l+1}\right)\odot g'(z_l),\quad \sigma'(z)\le\frac{1}{4}",
    "grad_wl": r"\frac{\partial J}{\partial W_l} = a_{l-1}^T\delta_l",
    "linear_stack": r"(XW_1 + b_1)W_2 + b_2 = X(W_1W_2) + (b_1W_2 + b_2)",
    "linear_mse": r"J = \frac{1}{2m}\sum_{i=1}^{m}\left(\hat y^{(i)} - y^{(i)}\right)^2,\quad "
                  r"\frac{\partial J}{\partial w} = \frac{1}{m}\sum_{i=1}^{m}"
                  r"\left(\hat y^{(i)} - y^{(i)}\right)x^{(i)}",
    "sigmoid_mse": r"\frac{\partial J}{\partial w} = \frac{1}{m}\sum_{i=1}^{m}\left(a^{(i)} - y^{(i)}\right)"
                   r"a^{(i)}\left(1 - a^{(i)}\right)x^{(i)}",
    "normal_equations": r"A = \left[X\ \ 1\right],\quad A^TA\,\theta^* = A^Ty",
}




@cache
def mathml(latex: str, block: bool = True) -> Markup:
    """LaTeX -> MathML markup (latex2mathml escapes the text it emits)."""
    return Markup(convert(latex, display="block" if block else "inline"))


def formula(name: str, block: bool = True) -> Markup:
    return mathml(FORMULAS[name], block)


def num(v: float | None) -> str:
    """A number as LaTeX, 4 significant digits: 1.5e-07 -> 1.5\times 10^{-7}."""
    if v is None:
        return r"\text{undefined}"
    text = f"{v:.4g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}"


def factor(v: float | None) -> str:
    """A number as a factor in a product: negative ones in brackets, (-0.5) \times 2."""
    text = num(v)
    return f"({text})" if v is not None and v < 0 else text


def power_base(v: float | None) -> str:
    """A number raised to a power: 1.5\times 10^{-7} in brackets (a second superscript is an error)."""
    text = num(v)
    return rf"\left({text}\right)" if "^" in text else text


def block(line: str) -> Markup:
    return Markup(convert(line, display="block"))
