"""POST /api/lessons/derivation on the wire: the request (θ = (w1, w2, b), the learning rate, and
a training sample of the lesson's blobs or a typed one) and its answer, every line of the
derivation article's road to the logistic gradient with numbers (app.lessons.derivation.maths),
and those lines as MathML (app.lessons.derivation.formulas)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.lessons.fields import Typed
from app.schemas.base import Request


class DerivationRequest(Request):
    """Article 001's derivation at theta = (w1, w2, b): the chain-rule lesson's data set's training
    sample ``index``, or (index null) the typed x = (x1, x2) and y; learning_rate for the one step."""

    theta: list[Typed] = Field([0.5, -0.5, 0.0], min_length=3, max_length=3)
    index: int | None = Field(None, ge=0, le=10_000)
    x: list[Typed] = Field([1.0, 2.0], min_length=2, max_length=2)
    y: int = Field(1, ge=0, le=1, description="The typed sample's label, 0 or 1")
    learning_rate: float = Field(0.5, gt=0, le=10)


class AlongLine(BaseModel):
    """J over the m samples along the line theta - s alpha grad J."""

    s: list[float] = Field(description="81 steps from -2 to 2: 1 is the descent step, -1 the article's")
    cost: list[float] = Field(description="J at each s")


class DerivationMathML(BaseModel):
    """Each line of the derivation with the numbers plugged in, as MathML (a <math> element a line):
    the one sample under a step's name, the m samples under ``<name>_mean``."""

    model: list[str] = Field(description="z = θᵀx and h = σ(z)")
    likelihood: list[str] = Field(description="P(y|x) = h^y (1 − h)^(1 − y)")
    likelihood_mean: list[str] = Field(description="P(Y|X), the product over the m samples, and its log")
    cost: list[str] = Field(description="The sample's loss −log P(y|x)")
    cost_mean: list[str] = Field(description="J = −1/m log P(Y|X)")
    dJdh: list[str] = Field(description="∂L/∂h")
    sigmoid: list[str] = Field(description="σ'(z) = h(1 − h)")
    dhdtheta: list[str] = Field(description="∂h/∂θⱼ, one line for each of w1, w2 and b")
    simplify: list[str] = Field(description="∂L/∂h · ∂h/∂θⱼ = (h − y)xⱼ, one line for each θⱼ")
    gradient_mean: list[str] = Field(description="∂J/∂θⱼ over the m samples, one line for each θⱼ")
    update: list[str] = Field(description="θⱼ := θⱼ − α ∂J/∂θⱼ, one line for each θⱼ")
    article: list[str] = Field(description="The step with the article's sign, one line for each θⱼ")
    sign: list[str] = Field(description="J now, after the descent step and after the article's step")


class DerivationAnswer(BaseModel):
    """Every line of the derivation for one sample, and over the m training samples at the same θ
    (the keys ending in ``_mean`` or ``_all``, and the costs). θ and its gradients are (w1, w2, b);
    x̃ = (x1, x2, 1) is x with b's input. null where a value is not a finite number (h exactly 0 or 1)."""

    along: AlongLine
    x: list[float] = Field(description="The sample's x: as typed, or the data set's (standardised)")
    y: int = Field(description="The sample's label, 0 or 1")
    theta: list[float]
    alpha: float = Field(description="The learning rate")
    m: int = Field(description="The number of training samples")
    index: int | None = Field(description="The data set's sample shown, or null for the typed one")
    z: float = Field(description="θᵀx̃")
    h: float = Field(description="σ(z), the model's P(y = 1 | x)")
    one_minus_h: float = Field(description="1 − h, with all its digits")
    likelihood: float | None = Field(description="P(y|x) = h^y (1 − h)^(1 − y)")
    log_likelihood: float = Field(description="log P(y|x)")
    loss: float = Field(description="The sample's loss L = −log P(y|x), in nats")
    likelihood_all: float | None = Field(description="P(Y|X), the product over the m samples")
    log_likelihood_all: float = Field(description="log P(Y|X)")
    cost: float = Field(description="J = −1/m log P(Y|X), the engine's cross-entropy")
    cost_from_likelihood: float = Field(description="J recomputed from log P(Y|X)")
    dJ_dh: float | None = Field(description="∂L/∂h = −y/h + (1 − y)/(1 − h); null when h is 0 or 1")
    sigma_prime: float = Field(description="σ'(z) = h(1 − h)")
    dz_dtheta: list[float] = Field(description="∂z/∂θⱼ = x̃ⱼ")
    dh_dtheta: list[float] = Field(description="∂h/∂θⱼ = h(1 − h)x̃ⱼ")
    product: list[float | None] | None = Field(description="∂L/∂h · ∂h/∂θⱼ; null with ∂L/∂h")
    h_minus_y: float
    gradient: list[float] = Field(description="The sample's gradient (h − y)x̃")
    gradient_mean: list[float] = Field(description="∂J/∂θ = 1/m Σ(h − y)x̃ over the m samples")
    theta_next: list[float] = Field(description="θ − α ∂J/∂θ")
    article_dh_dtheta: list[float] = Field(description="The article's ∂h/∂θⱼ = h(1 − h)(−x̃ⱼ)")
    article_gradient: list[float] = Field(description="The article's gradient for the sample, −(h − y)x̃")
    article_gradient_mean: list[float] = Field(description="The article's gradient over the m samples: that of −J")
    theta_next_article: list[float] = Field(description="θ − α × the article's gradient")
    cost_after: float = Field(description="J at theta_next")
    cost_after_article: float = Field(description="J at theta_next_article")
    loss_after: float = Field(description="The sample's loss after a step against its own gradient")
    loss_after_article: float = Field(description="The sample's loss after the step with the article's sign")
    mathml: DerivationMathML
