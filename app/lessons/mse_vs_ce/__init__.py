"""The MSE vs cross-entropy lesson (/lessons/mse-vs-ce)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "mse-vs-ce", "MSE vs cross-entropy",
    "Why a sigmoid output learns slowly under MSE: the dL/dz curves, a live race, the two "
    "surfaces and the digits experiment, measured.",
    articles=('002', '004'), order=30)
