"""The activations lesson (/lessons/activations)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "activations", "Activations",
    "Sigmoid, tanh, ReLU and the rest with their derivatives, and how the gradient shrinks or "
    "holds through deep stacks of each.",
    articles=('002', '003'), order=100)
