"""The vectorised lesson's formulas (LaTeX, rendered by formula() in its page): the step as the Andrew
Ng notes write it, samples in the columns of X."""

FORMULAS = {
    "vec_forward": r"Z = w^T X + b,\quad A = \sigma(Z) = \frac{1}{1+e^{-Z}}",
    "vec_cost": r"J = -\frac{1}{m}\sum_{i=1}^{m}\left[Y^{(i)}\log A^{(i)} + \left(1-Y^{(i)}\right)"
                r"\log\left(1-A^{(i)}\right)\right]",
    "vec_backward": r"dZ = A - Y,\quad dw = \frac{1}{m}\,X\,dZ^T,\quad db = \frac{1}{m}\sum_{i=1}^{m} dZ^{(i)}",
    "vec_update": r"w := w - \alpha\,dw,\quad b := b - \alpha\,db",
}
