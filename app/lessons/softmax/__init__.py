"""The softmax on digits lesson (/lessons/softmax)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "softmax", "Softmax on digits",
    "Ten classes at once: a softmax model trained live on digits, its weights as pictures, "
    "the confusion matrix and any sample's probabilities.",
    articles=('004', '002'), order=60)
