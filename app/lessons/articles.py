"""The five articles gdviz is built from, each declared once: its title as published, an
English rendering of the title, and a line on what it covers. Pages cite them with the
Jinja global ``article(key)`` (the title, marked as Chinese, with its English rendering), and
each lesson lists the articles it draws on (app/web/pages.py, LESSONS)."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Article:
    key: str
    title: str  # as published
    english: str  # the title in English
    short: str  # a few English words that name it in a sentence, after the full title has been given
    covers: str  # one line: what the article explains


ARTICLES = {a.key: a for a in (
    Article("000", "深度学习初", "Deep learning, first steps", "the first-steps article",
            "The logistic-regression loss J(θ), the steps of gradient descent, batch, stochastic and mini-batch "
            "descent, and when to stop: a step budget, a loss that no longer falls, a gradient that no longer "
            "changes."),
    Article("001", "逻辑回归梯度推导", "Deriving the logistic-regression gradient", "the derivation article",
            "From the likelihood of one sample to the cost J(θ) and, line by line, to its gradient "
            "1/m Σ(h − y)xⱼ."),
    Article("002", "F(x)构建方程，梯度下降求偏导，损失函数确定偏导调整，激活函数处理非线性问题",
            "Build the equation F(x), take partial derivatives by gradient descent, let the loss set the "
            "adjustment, handle non-linearity with activations", "the F(x) article",
            "MSE against cross-entropy on a sigmoid output (the outputs 0.98 and 0.82 for a target of 0), "
            "activation functions, and MSE and cross-entropy compared on MNIST."),
    Article("003", "吴恩达 deep learning 神经网络基础", "Andrew Ng's Deep Learning: neural-network basics",
            "the Andrew Ng notes",
            "Logistic regression as a computation graph for one sample, forward and back; the cost as a "
            "likelihood; vectorisation, timed as a Python loop against np.dot."),
    Article("004", "交叉熵损失函数的导数", "The derivative of the cross-entropy loss",
            "the cross-entropy article",
            "Softmax and its Jacobian, cross-entropy and its derivative p − t, the ε inside the log, entropy "
            "and KL divergence, and two models with the same error rate but different cross-entropy."),
)}


def article(key: str, short: bool = False, start: bool = False) -> Markup:
    """The article's title for a page: the published title marked lang="zh" (so a screen reader
    reads it as Chinese and the page's font has its glyphs), then its English rendering; or,
    ``short``, a few English words linking to its entry in the lessons' index (capitalised to
    ``start`` a sentence)."""
    a = ARTICLES[key]
    if short:
        name = a.short[0].upper() + a.short[1:] if start else a.short
        return Markup('<a href="/lessons#article-{}" title="{}">{}</a>').format(a.key, a.title, name)
    return Markup('<cite lang="zh">{}</cite> ({})').format(a.title, a.english)
