"""The regression and mse lesson (/lessons/regression)."""

from app.lessons.registry import Lesson

LESSON = Lesson(
    "regression", "Regression and MSE",
    "Regression takes MSE, classification cross-entropy: linear regression's one bowl, where "
    "gradient descent reaches the exact answer, against the plateaus of a sigmoid under MSE.",
    articles=('002', '004'), order=40)
