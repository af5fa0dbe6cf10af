"""The cross-entropy pitfalls lesson (/lessons/cross-entropy)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "cross-entropy", "Cross-entropy pitfalls",
    "An ε in the log caps the loss and kills its gradient; H(p, p) is the entropy, not 0; the "
    "article's wrong derivative formulas, checked.",
    articles=('004',), order=90)
