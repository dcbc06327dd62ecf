""":class:`TabularEncoder`: columns <-> the float matrix of a table.

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

With ``decorrelate=True`` (what tables get) the numeric columns' normal
scores are then whitened class by class: each class's scores are centred
and multiplied by the inverse Cholesky factor of their covariance (Ledoit and
Wolf's estimate, shrunk a further tenth towards the identity, so that classes
with fewer rows than columns stay well conditioned; on at most 10,000 rows
of the class). The networks learn
nearly uncorrelated scores; columns that depend strongly on each other (sums
of other columns, measurements of one shape) come back with their dependence,
because a generator's error along a direction in which the class hardly
varies is scaled down by that direction's small spread on the way back.
Decoding colours the scores back with the class's factor and mean (for a
soft label, with each weighed class's) before the quantile maps.

Missing values (NaN, None, ``pd.NA``) are learned with the rows. In a
categorical column, missing is one more category of its one-hot block. A
numeric column with missing values gets an indicator, a two-way categorical
block (observed, missing) generated jointly with the values; its quantiles
are those of the observed values (a class with none takes the pooled ones),
and a missing cell is encoded as standard normal noise, which says nothing.
``support_`` lets a class generate "missing" only where it had missing values,
and "observed" only where it had observed ones. A decoded missing cell holds
the column's marker: the first missing value of the column in training (NaN,
None or ``pd.NA``). A column missing throughout is constant: its marker.

The encoded matrix is laid out as one block of numeric columns, then one block
per categorical column, then one indicator block per numeric column with
missing values; ``spans`` describes that layout for the networks. Without
missing values there are no indicators, and the layout, the encoded values
and the random draws are those of an encoder that knows nothing of them.
"""

import numpy as np
from scipy.special import ndtr, ndtri

from skgan._kinds._base import StatefulEncoder
from skgan._kinds._numbers import float_bounds_within, is_huge_integer
from skgan._validation import is_missing
from skgan.nn._tabular import CATEGORICAL, NUMERIC, Span


class TabularEncoder(StatefulEncoder):
    """Fit on training rows, encode them, decode generated rows.

    Parameters
    ----------
    categorical : ndarray of bool of shape (n_features,) or None
        Which columns are categorical; None means none are.
    n_quantiles : int
        Most quantiles kept per numeric column (memory is O(n_quantiles)).
    decorrelate : bool
        Whiten the numeric normal scores class by class (see the module).
    """

    STATE = (
        "categorical",
        "n_quantiles",
        "n_features_",
        "n_classes_",
        "numeric_columns_",
        "categorical_columns_",
        "constants_",
        "probabilities_",
        "spans_",
        "output_dim_",
        "support_",
        "missing_columns_",
        "decorrelate",
        "whitening_",
    )
    LATER_STATE = {
        "missing_columns_": list,
        "decorrelate": lambda: False,
        "whitening_": lambda: None,
    }

    def __init__(self, categorical=None, n_quantiles=1000, decorrelate=False):
        self.categorical = categorical
        self.n_quantiles = n_quantiles
        self.decorrelate = decorrelate

    @property
    def output_dtype_(self):
        """float64, or object when a column is categorical."""
        has_categories = self.categorical is not None and self.categorical.any()
        return np.dtype(object) if has_categories else np.dtype(np.float64)

    def fit_transform(self, X, codes, n_classes, rng):
        """Learn the column maps and encode ``X`` (n, n_features) -> (n, d).

        ``codes``: (n,) class index of every row, in ``range(n_classes)``.
        Ties are broken at random with ``rng`` and each row is jittered inside
        its quantile cell, so discrete values become a continuous Gaussian
        (missing numeric cells get noise from ``rng`` too).
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
        self.missing_columns_ = []  # (column index, marker): indicator blocks
        rows = [np.flatnonzero(codes == c) for c in range(n_classes)]
        q = max(2, min(self.n_quantiles, max(len(r) for r in rows)))
        self.probabilities_ = np.linspace(0.0, 1.0, q)
        numeric, categorical, indicators = self._layout(X, cat)
        self.spans_ = [Span(NUMERIC, len(numeric))] if numeric else []
        self.spans_ += [Span(CATEGORICAL, len(c)) for _, c, _ in categorical]
        self.spans_ += [Span(CATEGORICAL, 2) for _ in indicators]
        self.output_dim_ = sum(s.width for s in self.spans_)
        # support_[c, k]: 1 where class c may have a value in encoded column k:
        # every numeric column; the categories it had in training; "observed"
        # and "missing" where it had observed and missing values
        support = [np.ones((n_classes, len(numeric)), np.float32)]
        out = np.zeros((n, self.output_dim_), dtype=np.float32)
        for k, (j, missing) in enumerate(numeric):
            quantiles, is_integer = self._encode_numeric(
                X[:, j], missing, rows, out[:, k], rng
            )
            self.numeric_columns_.append((j, quantiles, is_integer))
        self.whitening_ = None
        if self.decorrelate and len(numeric) > 1:
            self.whitening_ = _whiten(out[:, : len(numeric)], rows)
        start = len(numeric)
        for j, categories, column_codes in categorical:
            out[np.arange(n), start + column_codes] = 1.0
            present = np.zeros((n_classes, len(categories)), np.float32)
            present[codes, column_codes] = 1.0
            support.append(present)
            self.categorical_columns_.append((j, categories))
            start += len(categories)
        for j, marker, missing in indicators:
            out[:, start] = ~missing
            out[:, start + 1] = missing
            present = np.zeros((n_classes, 2), np.float32)
            present[codes, missing.astype(np.intp)] = 1.0
            support.append(present)
            self.missing_columns_.append((j, marker))
            start += 2
        self.support_ = np.concatenate(support, axis=1)
        return out

    def _layout(self, X, cat):
        """Sort the columns: ``numeric`` (column index, missing mask),
        ``categorical`` (column index, categories, codes) and ``indicators``
        (column index, marker, missing mask) of the numeric columns with
        missing values; constant columns go to ``constants_``."""
        numeric, categorical, indicators = [], [], []
        for j in range(X.shape[1]):
            column = X[:, j]
            missing = missing_mask(column)
            marker = _marker(column[missing]) if missing.any() else None
            if cat[j]:
                categories, column_codes = _categories(column, missing, marker)
                if len(categories) == 1:
                    self.constants_[j] = categories[0]
                else:
                    categorical.append((j, categories, column_codes))
                continue
            observed = column[~missing] if missing.any() else column
            if len(observed) == 0:  # missing throughout
                self.constants_[j] = marker
                continue
            if observed.min() == observed.max():  # exact, even for huge integers
                self.constants_[j] = observed[0]
            else:
                numeric.append((j, missing))
            if missing.any():
                indicators.append((j, marker, missing))
        return numeric, categorical, indicators

    def _encode_numeric(self, column, missing, rows, out, rng):
        """Encode one numeric column into ``out`` (n,); return its
        ``(quantiles, is_integer)``: (n_classes, q) quantiles of each class's
        observed values (the pooled ones for a class with none)."""
        has_missing = missing.any()
        values = as_float(column, missing)
        observed_rows = [r[~missing[r]] for r in rows] if has_missing else rows
        quantiles = np.zeros((len(rows), len(self.probabilities_)))
        for c, r in enumerate(observed_rows):
            if len(r):
                quantiles[c], out[r] = _quantiles_and_normal(
                    values[r], self.probabilities_, rng
                )
        if has_missing:
            pooled = _quantiles(np.sort(values[~missing]), self.probabilities_)
            for c, (r, r_observed) in enumerate(zip(rows, observed_rows)):
                if len(r) and not len(r_observed):
                    quantiles[c] = pooled
            out[missing] = rng.standard_normal(int(missing.sum()))
        is_integer = bool(np.all(np.mod(values[~missing], 1.0) == 0.0))
        if is_integer:
            _round_bounds_inward(quantiles, column, observed_rows)
        return quantiles, is_integer

    def inverse_transform(self, Z, labels, out=None):
        """Decode generated rows (m, d) at label vectors (m, n_classes) to
        (m, n_features), written into ``out`` when given.

        Categorical blocks (missingness indicators among them) are decoded by
        argmax, so only training categories come out; numeric values stay
        within the range of the classes that ``labels`` weighs; a cell decoded
        as missing holds its column's marker.
        """
        m = Z.shape[0]
        if out is None:
            out = np.empty((m, self.n_features_), dtype=self.output_dtype_)
        # each row's non-zero label weights: its class, and for soft labels
        # the others, largest first (usually one or two)
        n_weighed = int((labels > 0).sum(axis=1).max()) if m else 0
        order = np.argsort(-labels, axis=1, kind="stable")[:, :n_weighed]
        weights = np.take_along_axis(labels, order, axis=1).astype(np.float64)
        # numeric columns, a chunk of rows at a time: the coloured scores of
        # a chunk are its only temporaries beyond one column's
        chunk = max(1, _CHUNK_CELLS // max(1, len(self.numeric_columns_)))
        for first in range(0, m, chunk):
            rows = slice(first, first + chunk)
            self._decode_numeric(Z[rows], order[rows], weights[rows], out[rows])
        start = len(self.numeric_columns_)
        for j, categories in self.categorical_columns_:
            block = Z[:, start : start + len(categories)]
            out[:, j] = categories[np.argmax(block, axis=1)]
            start += len(categories)
        for j, value in self.constants_.items():
            if out.dtype.kind == "f" and is_huge_integer(value):
                value = float_bounds_within(value, value)[0]  # castable back
            out[:, j] = value
        for j, marker in self.missing_columns_:
            out[Z[:, start + 1] > Z[:, start], j] = marker
            start += 2
        return out

    def _decode_numeric(self, Z, order, weights, out):
        """Decode the numeric columns of rows ``Z`` into ``out``: each column's
        values through the quantile maps of the rows' weighed classes."""
        m, n_weighed = order.shape
        q = len(self.probabilities_)
        scores = self._normal_scores(Z, order)
        for k, (j, quantiles, is_integer) in enumerate(self.numeric_columns_):
            lowest, highest = quantiles[:, 0].min(), quantiles[:, -1].max()
            scale = 1.0
            if n_weighed > 1 and max(-lowest, highest) > _HALF_MAX:
                # a weighted sum of values near the float limit can overflow:
                # soft rows sum halves (exact at that magnitude), then double
                scale = np.where(weights[:, 1] > 0, 0.5, 1.0)
            values = np.zeros(m)
            for i in range(n_weighed):
                c = order[:, i]
                # the quantile function on its uniform probability grid, by index
                position = ndtr(scores(i, k)) * (q - 1)
                cell = np.minimum(position.astype(np.intp), q - 2)
                frac = position - cell
                lo, hi = quantiles[c, cell], quantiles[c, cell + 1]
                values += weights[:, i] * (scale * _lerp(lo, hi, frac))
            np.clip(values, scale * lowest, scale * highest, out=values)
            values /= scale
            out[:, j] = np.round(values) if is_integer else values

    def _normal_scores(self, Z, order):
        """``scores(i, k)``: the normal scores of numeric column ``k`` seen
        from each row's ``i``-th weighed class: ``Z``'s column itself, or,
        with ``whitening_``, the rows coloured back by that class's mean and
        Cholesky factor."""
        if self.whitening_ is None:
            return lambda i, k: Z[:, k].astype(np.float64)
        p = len(self.numeric_columns_)
        numeric = Z[:, :p].astype(np.float64)
        means, factors = self.whitening_
        coloured = []
        for i in range(order.shape[1]):
            scores = np.empty_like(numeric)
            for c in np.unique(order[:, i]):
                rows = order[:, i] == c
                scores[rows] = numeric[rows] @ factors[c].T + means[c]
            coloured.append(scores)
        return lambda i, k: coloured[i][:, k]


_COVARIANCE_ROWS = 10_000  # rows per class the covariance is estimated on
_CHUNK_ROWS = 8192  # rows whitened at a time (bounds the temporaries)
_CHUNK_CELLS = 2**16  # numeric cells decoded at a time (0.5 MB per temporary)


def _whiten(numeric, rows, shrinkage=0.1):
    """Decorrelate the normal scores (n, p) class by class, in place; return
    ``(means, factors)``: each class's mean (n_classes, p) and the Cholesky
    factor (n_classes, p, p) of its covariance, shrunk towards the identity
    by ``shrinkage`` plus Ledoit and Wolf's amount so that it is well
    conditioned for classes smaller than ``p``. Both are estimated on at most
    ``_COVARIANCE_ROWS`` evenly spaced rows of the class, and the rows are
    whitened a chunk at a time, so memory stays a small multiple of one
    chunk whatever the number of rows."""
    from scipy.linalg import solve_triangular
    from sklearn.covariance import ledoit_wolf

    p = numeric.shape[1]
    means = np.zeros((len(rows), p))
    factors = np.tile(np.eye(p), (len(rows), 1, 1))
    for c, r in enumerate(rows):
        if len(r) < 2:
            continue
        sample = r
        if len(r) > _COVARIANCE_ROWS:
            sample = r[np.linspace(0, len(r) - 1, _COVARIANCE_ROWS).astype(np.intp)]
        values = numeric[sample].astype(np.float64)
        means[c] = values.mean(axis=0)
        covariance = ledoit_wolf(values)[0]
        covariance = (1 - shrinkage) * covariance + shrinkage * np.eye(p)
        factors[c] = np.linalg.cholesky(covariance)
        for start in range(0, len(r), _CHUNK_ROWS):
            chunk = r[start : start + _CHUNK_ROWS]
            centred = numeric[chunk].astype(np.float64) - means[c]
            white = solve_triangular(factors[c], centred.T, lower=True)
            numeric[chunk] = white.T
    return means, factors


def missing_mask(column):
    """Which values of a 1-D column are missing (NaN, None or ``pd.NA``)."""
    if column.dtype.kind in "fc":
        return np.isnan(column)
    if column.dtype.kind != "O":
        return np.zeros(len(column), dtype=bool)
    return np.fromiter((is_missing(v) for v in column), bool, len(column))


def _marker(missing_values):
    """What a decoded missing cell holds: the column's first missing value
    (NaN as a Python float; None and ``pd.NA`` as they are)."""
    value = missing_values[0]
    return float("nan") if isinstance(value, (float, np.floating)) else value


def as_float(column, missing):
    """A numeric column as float64, NaN where it is missing."""
    if not missing.any():
        return column.astype(np.float64)
    values = np.full(len(column), np.nan)
    values[~missing] = column[~missing].astype(np.float64)
    return values


def _categories(column, missing, marker):
    """A categorical column's categories (sorted; the missing ``marker``
    last when the column has missing values) and each row's code."""
    if not missing.any():
        categories, codes = np.unique(column, return_inverse=True)
        return categories, codes.reshape(-1)
    observed, observed_codes = np.unique(column[~missing], return_inverse=True)
    categories = np.empty(len(observed) + 1, dtype=object)
    categories[:-1] = observed
    categories[-1] = marker
    codes = np.full(len(column), len(observed), dtype=np.intp)
    codes[~missing] = observed_codes.reshape(-1)
    return categories, codes


def _quantiles_and_normal(column, probabilities, rng):
    """One class's values of a column -> its quantiles and its values on N(0, 1).

    The quantiles are numpy's default (linear) ones at ``probabilities``. The
    values go through a randomised probability-integral transform: a value
    with ``a`` values below it and ``b`` equal to it (itself included) maps to
    ``(a + b V) / n`` with ``V`` uniform, which is exactly uniform on (0, 1)
    even for discrete columns; the normal quantile function maps it on.
    """
    n = column.shape[0]
    order = np.argsort(column, kind="stable")  # ties in a fixed order on any CPU
    ordered = column[order]
    quantiles = _quantiles(ordered, probabilities)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, n])
    group = np.repeat(np.arange(len(starts)), sizes)
    u = np.empty(n, dtype=np.float64)
    u[order] = (starts[group] + rng.random_sample(n) * sizes[group]) / n
    normal = ndtri(np.clip(u, 1e-6, 1.0 - 1e-6)).astype(np.float32)
    return quantiles, normal


def _quantiles(ordered, probabilities):
    """numpy's default (linear) quantiles of sorted values at ``probabilities``."""
    n = ordered.shape[0]
    position = probabilities * (n - 1)
    below = np.minimum(np.floor(position).astype(np.intp), n - 1)
    above = np.minimum(below + 1, n - 1)
    frac = position - below
    return _lerp(ordered[below], ordered[above], frac)


_HALF_MAX = np.finfo(np.float64).max / 2


def _lerp(lo, hi, frac):
    """``lo + frac * (hi - lo)`` elementwise for ``lo <= hi`` and ``frac`` in
    [0, 1]: always within ``[lo, hi]``, and without overflow when ``hi - lo``
    exceeds the largest float (values near +-1.8e308)."""
    big = (np.abs(lo) > _HALF_MAX) | (np.abs(hi) > _HALF_MAX)
    if big.any():  # halving is exact at this magnitude, so is doubling back
        lo_half, hi_half = np.where(big, 0.5 * lo, lo), np.where(big, 0.5 * hi, hi)
        value = lo_half + frac * (hi_half - lo_half)
        value = np.where(big, 2.0 * np.clip(value, lo_half, hi_half), value)
    else:
        value = lo + frac * (hi - lo)
    return np.clip(value, lo, hi)


def _round_bounds_inward(quantiles, column, rows):
    """Make an integer column's quantiles of every class lie within the
    class's exact integer range (in place): see :func:`float_bounds_within`.
    Decoded values are clipped to the quantiles, so they stay within each
    class's training range and cast back to the input dtype."""
    if np.abs(quantiles).max() < 2.0**53:  # every such integer is a float
        return
    for c, r in enumerate(rows):
        if len(r):
            lo, hi = float_bounds_within(column[r].min(), column[r].max())
            np.clip(quantiles[c], lo, hi, out=quantiles[c])
