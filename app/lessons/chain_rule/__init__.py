"""The chain rule lesson (/lessons/chain-rule)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "chain-rule", "Chain rule",
    "One sample's computation graph with your own x, w, b and y, forward and back, beside the "
    "average over all samples; a Python loop timed against np.dot.",
    articles=('003',), order=20)
