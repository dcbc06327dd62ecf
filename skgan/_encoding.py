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
        The encoded matrix is written in place, column by column: memory is
        the (n, d) float32 result plus one column's temporaries.
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
        # first pass: the layout (which columns are constant, the categories)
        numeric, categorical = [], []
        for j in range(n_features):
            if cat[j]:
                categories, column_codes = np.unique(X[:, j], return_inverse=True)
                if len(categories) == 1:
                    self.constants_[j] = categories[0]
                else:
                    categorical.append((j, categories, column_codes.reshape(-1)))
                continue
            column = X[:, j].astype(np.float64)
            if column.min() == column.max():
                self.constants_[j] = X[0, j]
            else:
                numeric.append(j)
        self.spans_ = [Span(NUMERIC, len(numeric))] if numeric else []
        self.spans_ += [Span(CATEGORICAL, len(c)) for _, c, _ in categorical]
        self.output_dim_ = sum(s.width for s in self.spans_)
        # support_[c, k]: 1 where class c may have a value in encoded column k:
        # every numeric column; the categories it had in training
        support = [np.ones((n_classes, len(numeric)), np.float32)]
        out = np.zeros((n, self.output_dim_), dtype=np.float32)
        for k, j in enumerate(numeric):
            column = X[:, j].astype(np.float64)
            quantiles = np.zeros((n_classes, q))
            for c, r in enumerate(rows):
                if len(r):
                    quantiles[c], out[r, k] = _quantiles_and_normal(
                        column[r], self.probabilities_, rng
                    )
            is_integer = bool(np.all(np.mod(column, 1.0) == 0.0))
            self.numeric_columns_.append((j, quantiles, is_integer))
        start = len(numeric)
        for j, categories, column_codes in categorical:
            out[np.arange(n), start + column_codes] = 1.0
            present = np.zeros((n_classes, len(categories)), np.float32)
            present[codes, column_codes] = 1.0
            support.append(present)
            self.categorical_columns_.append((j, categories))
            start += len(categories)
        self.support_ = np.concatenate(support, axis=1)
        return out

    def inverse_transform(self, Z, labels, dtype, out=None):
        """Decode generated rows (m, d) at label vectors (m, n_classes) to
        (m, n_features) of ``dtype`` (written into ``out`` when given).

        Categorical blocks are decoded by argmax, so only training categories
        come out; numeric values stay within the range of the classes that
        ``labels`` weighs.
        """
        m = Z.shape[0]
        if out is None:
            out = np.empty((m, self.n_features_), dtype=dtype)
        # each row's non-zero label weights: its class, and for soft labels
        # the others, largest first (usually one or two)
        n_weighed = int((labels > 0).sum(axis=1).max()) if m else 0
        order = np.argsort(-labels, axis=1, kind="stable")[:, :n_weighed]
        weights = np.take_along_axis(labels, order, axis=1).astype(np.float64)
        q = len(self.probabilities_)
        for k, (j, quantiles, is_integer) in enumerate(self.numeric_columns_):
            # the quantile function on its uniform probability grid, by index
            position = ndtr(Z[:, k].astype(np.float64)) * (q - 1)
            cell = np.minimum(position.astype(np.intp), q - 2)
            frac = position - cell
            values = np.zeros(m)
            for i in range(n_weighed):
                c = order[:, i]
                lo, hi = quantiles[c, cell], quantiles[c, cell + 1]
                values += weights[:, i] * (lo + frac * (hi - lo))
            np.clip(values, quantiles[:, 0].min(), quantiles[:, -1].max(), out=values)
            out[:, j] = np.round(values) if is_integer else values
        start = len(self.numeric_columns_)
        for j, categories in self.categorical_columns_:
            block = Z[:, start : start + len(categories)]
            out[:, j] = categories[np.argmax(block, axis=1)]
            start += len(categories)
        for j, value in self.constants_.items():
            out[:, j] = value
        return out


def _quantiles_and_normal(column, probabilities, rng):
    """One class's values of a column -> its quantiles and its values on N(0, 1).

    The quantiles are numpy's default (linear) ones at ``probabilities``. The
    values go through a randomised probability-integral transform: a value
    with ``a`` values below it and ``b`` equal to it (itself included) maps to
    ``(a + b V) / n`` with ``V`` uniform, which is exactly uniform on (0, 1)
    even for discrete columns; the normal quantile function maps it on.
    """
    n = column.shape[0]
    order = np.argsort(column)
    ordered = column[order]
    position = probabilities * (n - 1)
    below = np.minimum(np.floor(position).astype(np.intp), n - 1)
    above = np.minimum(below + 1, n - 1)
    frac = position - below
    quantiles = ordered[below] + frac * (ordered[above] - ordered[below])
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, n])
    group = np.repeat(np.arange(len(starts)), sizes)
    u = np.empty(n, dtype=np.float64)
    u[order] = (starts[group] + rng.random_sample(n) * sizes[group]) / n
    normal = ndtri(np.clip(u, 1e-6, 1.0 - 1e-6)).astype(np.float32)
    return quantiles, normal


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
