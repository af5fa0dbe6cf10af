"""The deriving the gradient lesson (/lessons/derivation)."""

from app.lessons.derivation.formulas import DERIVATION_FORMULAS
from app.lessons.registry import Lesson

LESSON = Lesson(
    "derivation", "Deriving the gradient",
    "From the likelihood of one sample to J(θ) and its gradient 1/m Σ(h − y)xⱼ, every line "
    "with your numbers, and where the derivation article's signs go wrong.",
    articles=('001', '003', '000'), order=10, formulas=DERIVATION_FORMULAS)
