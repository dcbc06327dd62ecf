"""How many synthetic rows, and at which label vectors.

``sampling_strategy_`` gives the balancing rows per class (imbalanced-learn's
meaning); ``augmentation_ratio`` adds that fraction of each class's balanced
count on top; ``interpolation`` is the share of those extra rows drawn at soft
labels between the class and another one. :func:`requested_labels` reads
what :meth:`GANOversampler.sample` is asked for.
"""

import numbers

import numpy as np


def synthetic_counts(class_counts, sampling_strategy_, augmentation_ratio):
    """Return ``(balancing, extra)``: int arrays of rows per class.

    ``class_counts``: (n_classes,) training rows per class, in ``classes_``
    order; ``sampling_strategy_``: list of new rows per class, same order.
    """
    balancing = np.asarray(sampling_strategy_, dtype=np.int64)
    extra = np.rint(augmentation_ratio * (class_counts + balancing)).astype(np.int64)
    return balancing, extra


def synthetic_labels(balancing, extra, interpolation, rng):
    """Label vectors (m, n_classes) float32 for the synthetic rows.

    Rows come class by class in ``classes_`` order: the class's balancing rows
    and extra rows at its one-hot label, then its share ``interpolation`` of
    extra rows at ``(1 - a) e_c + a e_j`` with ``j`` another class drawn
    uniformly and ``a`` uniform in [0, 0.5): a soft label whose largest entry
    stays class ``c``.
    """
    n_classes = len(balancing)
    blocks = []
    for c in range(n_classes):
        n_interp = int(np.rint(interpolation * extra[c])) if n_classes > 1 else 0
        n_hard = balancing[c] + extra[c] - n_interp
        block = np.zeros((n_hard + n_interp, n_classes), dtype=np.float32)
        block[:, c] = 1.0
        if n_interp:
            others = np.delete(np.arange(n_classes), c)
            partner = others[rng.randint(len(others), size=n_interp)]
            a = (0.5 * rng.random_sample(n_interp)).astype(np.float32)
            # float32 rounds values just below 0.5 up to it: keep c the largest
            np.minimum(a, np.nextafter(np.float32(0.5), np.float32(0)), out=a)
            rows = np.arange(n_hard, n_hard + n_interp)
            block[rows, c] = 1.0 - a
            block[rows, partner] += a
        blocks.append(block)
    return np.concatenate(blocks, axis=0)


def requested_labels(n_samples, y, classes, class_counts, rng, check):
    """The label vectors (m, n_classes) float32 that ``sample(n_samples, y)``
    asks for, and their hard labels (None for a soft-label matrix).

    ``y`` None draws classes by ``class_counts``; a label, ``n_samples``
    rows of that class; an array of labels, one row per label; a 2-D
    numeric matrix, soft labels. ``check(n_samples)`` refuses, before
    anything is drawn, a request that memory cannot hold.
    """
    n_classes = len(classes)
    if y is None or np.ndim(y) == 0:
        if (
            not isinstance(n_samples, numbers.Integral)
            or isinstance(n_samples, bool)
            or n_samples < 1
        ):
            raise ValueError(
                f"n_samples must be a positive integer; got {n_samples!r}."
            )
        check(n_samples)
        if y is None:
            p = class_counts / class_counts.sum()
            codes = rng.choice(n_classes, size=n_samples, p=p)
        else:
            codes = np.full(n_samples, _class_code(classes, y))
        return np.eye(n_classes, dtype=np.float32)[codes], classes[codes]
    y_array = np.asarray(y)
    if y_array.ndim == 2 and y_array.shape[1] == 1:  # a column of labels
        y_array = y_array.ravel()
    if n_samples is not None and n_samples != len(y_array):
        raise ValueError(
            f"n_samples={n_samples} but y has {len(y_array)} rows; pass one or "
            "make them agree."
        )
    if len(y_array) == 0:
        raise ValueError("y is empty: ask for at least one row.")
    if y_array.ndim == 2:  # a probability (or one-hot) matrix
        if y_array.dtype.kind not in "biuf":
            raise ValueError(
                "A 2-D y must be a soft-label matrix of numbers (one column "
                f"per class, in classes_ order); got dtype {y_array.dtype}."
            )
        return check_soft_labels(y_array.astype(np.float64), n_classes), None
    if y_array.ndim > 2:
        raise ValueError(
            "y must be a label, a 1-D array of labels or a 2-D soft-label "
            f"matrix; got an array of shape {y_array.shape}."
        )
    codes = np.array([_class_code(classes, label) for label in y_array.ravel()])
    return np.eye(n_classes, dtype=np.float32)[codes], classes[codes]


def _class_code(classes, label):
    matches = np.flatnonzero(classes == label)
    if len(matches) == 0:
        raise ValueError(
            f"{label!r} is not a class seen in fit; the classes are {classes.tolist()}."
        )
    return matches[0]


def check_soft_labels(labels, n_classes):
    """``labels`` (m, n_classes) as float32 soft labels, or a ValueError:
    one column per class, finite, non-negative, rows summing to 1."""
    if labels.shape[1] != n_classes:
        raise ValueError(
            f"A soft-label matrix needs {n_classes} columns (one per class, in "
            f"classes_ order); got {labels.shape[1]}."
        )
    if not np.all(np.isfinite(labels)) or (labels < 0).any():
        raise ValueError("Soft labels must be finite and non-negative.")
    if not np.allclose(labels.sum(axis=1), 1.0, atol=1e-4):
        raise ValueError(
            "Each soft-label row must sum to 1 (a probability over classes_); "
            "normalise with labels / labels.sum(axis=1, keepdims=True)."
        )
    return labels.astype(np.float32)
