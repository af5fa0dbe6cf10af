"""The loss gallery lesson (/lessons/losses)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "losses", "Loss gallery",
    "0-1, hinge, log, squared and exponential losses of the margin; entropy, cross-entropy "
    "and KL divergence of two distributions.",
    articles=('004',), order=80)
