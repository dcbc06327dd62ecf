"""Tabular encoder: columns <-> the float matrix the networks learn.

Numeric columns get a distribution-aware scaling, class by class: each class's
values of a column are mapped through that class's empirical quantiles to a
standard normal. Skewed, heavy-tailed and multimodal columns all come out as a
plain Gaussian in the encoded space, so the networks learn how columns depend
on each other within a class (their copula) rather than fight sharp marginal
shapes; the inverse map (interpolation between the class's training quantiles)
puts generated values back on the original scale, inside the class's training
range, with point masses (e.g. a spike at zero) kept exact. A row generated at
a soft label ``w`` is decoded to ``sum_c w_c Q_c(u)``: the displacement
interpolation between the classes' distributions. Integer-valued columns are
rounded on the way back; constant columns never reach the networks.
Categorical columns become one-hot blocks.

The encoded matrix is laid out as one block of numeric columns followed by one
block per categorical column; ``spans`` describes that layout for the networks.
"""

from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr, ndtri

NUMERIC = "numeric"
CATEGORICAL = "categorical"


@dataclass(frozen=True)
class Span:
    """A block of the encoded matrix: ``kind`` is "numeric" or "categorical"."""

    kind: str
    width: int


class TabularEncoder:
    """Fit on training rows, encode them, decode generated rows.

    Parameters
    ----------
    categorical : ndarray of bool of shape (n_features,) or None
        Which columns are categorical; None means none are.
    n_quantiles : int
        Most quantiles kept per numeric column (memory is O(n_quantiles)).
    """

    def __init__(self, categorical=None, n_quantiles=1000):
        self.categorical = categorical
        self.n_quantiles = n_quantiles

    def fit_transform(self, X, codes, n_classes, rng):
        """Learn the column maps and encode ``X`` (n, n_features) -> (n, d).

        ``codes``: (n,) class index of every row, in ``range(n_classes)``.
        Ties are broken at random with ``rng`` and each row is jittered inside
        its quantile cell, so discrete values become a continuous Gaussian.
        """
        n, n_features = X.shape
        cat = (
            np.zeros(n_features, bool) if self.categorical is None else self.categorical
        )
        self.n_features_ = n_features
        self.n_classes_ = n_classes
        self.numeric_columns_ = []  # (column index, (n_classes, q) quantiles, is_int)
        self.categorical_columns_ = []  # (column index, categories)
        self.constants_ = {}  # column index -> value
        rows = [np.flatnonzero(codes == c) for c in range(n_classes)]
        q = max(2, min(self.n_quantiles, max(len(r) for r in rows)))
        self.probabilities_ = np.linspace(0.0, 1.0, q)
        numeric_blocks, categorical_blocks = [], []
        for j in range(n_features):
            column = X[:, j]
            if cat[j]:
                categories, column_codes = np.unique(column, return_inverse=True)
                if len(categories) == 1:
                    self.constants_[j] = categories[0]
                    continue
                self.categorical_columns_.append((j, categories))
                categorical_blocks.append(
                    np.eye(len(categories), dtype=np.float32)[column_codes]
                )
                continue
            column = column.astype(np.float64)
            if column.min() == column.max():
                self.constants_[j] = X[0, j]
                continue
            quantiles = np.zeros((n_classes, q))
            encoded = np.empty(n, dtype=np.float32)
            for c, r in enumerate(rows):
                if len(r):
                    quantiles[c] = np.quantile(column[r], self.probabilities_)
                    encoded[r] = _to_normal(column[r], rng)
            is_integer = bool(np.all(np.mod(column, 1.0) == 0.0))
            self.numeric_columns_.append((j, quantiles, is_integer))
            numeric_blocks.append(encoded)
        self.spans_ = []
        if numeric_blocks:
            self.spans_.append(Span(NUMERIC, len(numeric_blocks)))
        self.spans_ += [Span(CATEGORICAL, b.shape[1]) for b in categorical_blocks]
        self.output_dim_ = sum(s.width for s in self.spans_)
        # support_[c, k]: 1 where class c may have a value in encoded column k:
        # every numeric column; the categories it had in training
        class_rows = np.eye(n_classes, dtype=np.float32)[codes].T  # (C, n)
        self.support_ = np.concatenate(
            [np.ones((n_classes, len(numeric_blocks)), np.float32)]
            + [
                (class_rows @ block > 0).astype(np.float32)
                for block in categorical_blocks
            ],
            axis=1,
        )
        blocks = [np.stack(numeric_blocks, axis=1)] if numeric_blocks else []
        blocks += categorical_blocks
        if not blocks:
            return np.zeros((n, 0), dtype=np.float32)
        return np.concatenate(blocks, axis=1).astype(np.float32)

    def inverse_transform(self, Z, labels, dtype):
        """Decode generated rows (m, d) at label vectors (m, n_classes) to
        (m, n_features) of ``dtype``.

        Categorical blocks are decoded by argmax, so only training categories
        come out; numeric values stay within the range of the classes that
        ``labels`` weighs.
        """
        m = Z.shape[0]
        out = np.empty((m, self.n_features_), dtype=dtype)
        weighed = [c for c in range(self.n_classes_) if labels[:, c].any()]
        for k, (j, quantiles, is_integer) in enumerate(self.numeric_columns_):
            u = ndtr(Z[:, k].astype(np.float64))
            values = np.zeros(m)
            for c in weighed:
                values += labels[:, c] * np.interp(u, self.probabilities_, quantiles[c])
            out[:, j] = np.round(values) if is_integer else values
        start = len(self.numeric_columns_)
        for j, categories in self.categorical_columns_:
            block = Z[:, start : start + len(categories)]
            out[:, j] = categories[np.argmax(block, axis=1)]
            start += len(categories)
        for j, value in self.constants_.items():
            out[:, j] = value
        return out


def _to_normal(column, rng):
    """Randomised probability-integral transform of one column to N(0, 1).

    Each row's rank (ties in random order) plus a uniform jitter, divided by n,
    is exactly uniform on (0, 1); the normal quantile function maps it on.
    """
    n = column.shape[0]
    order = np.lexsort((rng.random_sample(n), column))
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.arange(n)
    u = (ranks + rng.random_sample(n)) / n
    return ndtri(np.clip(u, 1e-6, 1.0 - 1e-6)).astype(np.float32)


class SequenceScaler:
    """Fit on training sequences, scale them for the networks, decode back.

    Each channel is standardized with its mean and standard deviation over
    all rows and time steps, and sequences are laid out channels-first for
    1-D convolutions: (n, n_timesteps, n_channels) -> (n, n_channels,
    n_timesteps). Decoding undoes both and clips every channel to its
    training range, so generated values never leave the training domain; an
    integer input dtype is rounded on the way back.
    """

    def fit_transform(self, X, codes, n_classes, rng):
        """Learn the channel statistics and scale ``X`` (n, T, C) -> (n, C, T).

        ``codes``, ``n_classes`` and ``rng`` are accepted for the encoder
        interface; scaling is the same for every class and deterministic.
        """
        values = np.asarray(X, dtype=np.float64)
        self.n_timesteps_, self.n_channels_ = values.shape[1:]
        self.n_classes_ = n_classes
        self.mean_ = values.mean(axis=(0, 1))
        std = values.std(axis=(0, 1))
        self.scale_ = np.where(std > 0, std, 1.0)
        self.min_ = values.min(axis=(0, 1))
        self.max_ = values.max(axis=(0, 1))
        self.is_integer_ = np.asarray(X).dtype.kind in "iu"
        self.output_dim_ = self.n_timesteps_ * self.n_channels_
        scaled = (values - self.mean_) / self.scale_
        return np.ascontiguousarray(scaled.transpose(0, 2, 1), dtype=np.float32)

    def inverse_transform(self, Z, labels, dtype):
        """Decode generated sequences (m, C, T) to (m, T, C) of ``dtype``.

        ``labels`` is accepted for the encoder interface.
        """
        values = Z.transpose(0, 2, 1).astype(np.float64) * self.scale_ + self.mean_
        values = np.clip(values, self.min_, self.max_)
        if self.is_integer_:
            values = np.round(values)
        return values.astype(dtype)
