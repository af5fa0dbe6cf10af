"""The vectorised logistic regression lesson (/lessons/vectorised): the Andrew Ng notes' step in
matrices, every array's shape beside its numbers, the assertions the notes advise, and the same step
as a loop, equal to the last bits and far slower."""

from app.lessons.registry import Lesson
from app.lessons.vectorised.formulas import FORMULAS

LESSON = Lesson(
    "vectorised", "Vectorised logistic regression",
    "Z = wᵀX + b to dw = X·dZᵀ/m with every array's shape beside its numbers; the asserts the notes "
    "advise, and what a (2,) against a (2, 1) does; the same step as a loop, equal and far slower.",
    articles=("003",), order=25, formulas=FORMULAS)
