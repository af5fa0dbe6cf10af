"""The when to stop lesson (/lessons/stopping)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "stopping", "When to stop",
    "The three stopping rules of gradient descent, each ending the same descent: where each "
    "stops, what it leaves, and how mini-batch noise fools one of them.",
    articles=('000',), order=110)
