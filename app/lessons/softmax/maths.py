"""What the softmax-on-digits lesson reads off a trained classifier: the softmax and cross-entropy of
交叉熵损失函数的导数 (The derivative of the cross-entropy loss, article 004), trained on the 8×8 digits
where the F(x) article (article 002) trains on MNIST. For a model at theta on n test samples
X (n, d) with classes y (n,), K classes:

    confusion_matrix     counts (K, K): counts[i, j] = samples of class i predicted as class j
                         (argmax_k p_k), so its diagonal is the correct ones and it sums to n
    class_probabilities  one test sample: its raw features (d,), its label and p (K,), the model's
                         probabilities (a binary model's P(y = 1) = a as [1 - a, a])
    weight_templates     softmax regression, theta = [W (d, K) row-major, b (K,)]: for each class k,
                         corr(W[:, k], m_k - m), both centred, where m_k (d,) is the mean raw image of
                         class k's training rows and m (d,) that of all of them. Near 1, column k of W
                         is a picture of the class: the pixels that raise its score are its strokes."""

from __future__ import annotations

import numpy as np

from app.engine.data.datasets import Dataset
from app.engine.errors import UserError
from app.engine.training.models import Model

Array = np.ndarray


def confusion_matrix(model: Model, theta: Array, X: Array, y: Array, n_classes: int) -> Array:
    """counts[i, j] = samples of class i predicted as class j."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (y, model.predict(theta, X)), 1)
    return counts


def class_probabilities(model: Model, data: Dataset, theta: Array, index: int) -> dict[str, object]:
    """Test sample ``index``: its raw features, label and the model's class probabilities."""
    if not 0 <= index < len(data.y_test):
        raise UserError(f"index must be in 0..{len(data.y_test) - 1}")
    p = model.predict_proba(theta, data.X_test[index : index + 1])[0]
    probabilities = [1.0 - float(p), float(p)] if np.ndim(p) == 0 else [float(v) for v in p]
    return {"index": index, "features": data.raw_test[index].tolist(), "label": int(data.y_test[index]),
            "probabilities": probabilities}


def weight_templates(model: Model, data: Dataset, theta: Array) -> list[float | None] | None:
    """Softmax regression on images: for each class k, the correlation of its weights W[:, k]
    with (mean image of class k) - (mean of all images), over the training rows' raw pixels.
    Near 1: the weight image is a picture of the class. None where the features are not the
    raw pixels (a feature map) or the model is not softmax regression."""
    d, k = data.n_features, data.n_classes
    if model.n_params != (d + 1) * k or k < 3 or data.raw_train.shape[1] != d:
        return None
    W = np.asarray(theta[: d * k]).reshape(d, k)
    means = np.stack([data.raw_train[data.y_train == c].mean(axis=0) if np.any(data.y_train == c)
                      else np.zeros(d) for c in range(k)])
    contrast = means - data.raw_train.mean(axis=0)
    out: list[float | None] = []
    for c in range(k):
        w, t = W[:, c] - W[:, c].mean(), contrast[c] - contrast[c].mean()
        norm = float(np.linalg.norm(w) * np.linalg.norm(t))
        out.append(float(w @ t) / norm if norm > 0 else None)
    return out
