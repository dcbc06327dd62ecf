"""How many synthetic rows, and at which label vectors.

``sampling_strategy_`` gives the balancing rows per class (imbalanced-learn's
meaning); ``augmentation_ratio`` adds that fraction of each class's balanced
count on top; ``interpolation`` is the share of those extra rows drawn at soft
labels between the class and another one.
"""

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
