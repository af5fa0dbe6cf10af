"""The why non-linearity lesson (/lessons/nonlinearity)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "nonlinearity", "Why non-linearity",
    "A line cannot separate circles; a hidden layer with a non-linear activation can, and a "
    "linear one collapses back to a line.",
    articles=('002',), order=70)
