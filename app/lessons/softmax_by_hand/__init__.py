"""The softmax by hand lesson (/lessons/softmax-by-hand)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "softmax-by-hand", "Softmax by hand",
    "Type logits and follow softmax step by step: exponentials, their sum, the shares, the "
    "one-hot target, cross-entropy, and the Jacobian collapsing to p − t.",
    articles=('004',), order=50)
