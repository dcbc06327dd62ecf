"""Sample-quality measures for synthetic rows.

Two complementary checks of synthetic data against the real data it imitates:

* :func:`c2st_auc`, a classifier two-sample test: how well can a classifier
  tell real rows from synthetic ones? (fidelity: 0.5 is ideal)
* :func:`dcr_ratio`, distance to closest record: do synthetic rows sit closer
  to real rows than real rows sit to each other? (copying: near 0 is bad)

:func:`quality_report` runs both, class by class, for a fitted
:class:`skgan.GANOversampler` (or any fitted sampler with ``classes_`` and
``sample(n_samples, y=label, random_state=...)``).

Inputs may be 2-D numeric arrays, pandas DataFrames (numeric columns are used
as they are; object, category, string and bool columns are one-hot encoded) or
sequence arrays of shape ``(n, time, channels)`` or ``(n, time, 1, channels)``
(flattened to ``(n, -1)``). pandas is only imported when a DataFrame is passed.

Missing values (NaN, None, ``pd.NA``), which :class:`skgan.GANOversampler`
learns and generates in tables, are data here too: a missing category is a
category of its own; a missing numeric value stands at the real rows' mean
of its column, with a 0/1 indicator of missingness beside it. So synthetic
rows that are missing values in other places or at other rates than the
real ones are told apart (C2ST) and lie farther away (DCR). Infinite values
are an error.
"""

import numbers

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import StandardScaler
from sklearn.utils import column_or_1d
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits  # a scikit-learn dependency

from skgan._kinds import resolve_kind
from skgan._utils import check_rng, torch_seed
from skgan._validation import encode_pair, is_dataframe, table_columns

__all__ = ["c2st_auc", "dcr_ratio", "quality_report"]

# quality_report: fewest real (and synthetic) rows for which the C2ST is run,
# and the fewest synthetic rows drawn per class when ``n_samples=None``.
_MIN_C2ST_ROWS = 4
_MIN_DRAWN_ROWS = 20


class _DegenerateDistanceError(ValueError):
    """dcr_ratio's real-to-real distances are all zero (ratio undefined)."""


# ----------------------------------------------------------------------------
# Input handling
# ----------------------------------------------------------------------------


def _int_seed(random_state, rng):
    """The integer seed itself, or one drawn from ``rng`` for other inputs."""
    if isinstance(random_state, numbers.Integral) and not isinstance(
        random_state, bool
    ):
        return int(random_state)
    return torch_seed(rng)


def _as_array(X, name):
    """One array input as an ndarray of at least 2 dimensions, rows first."""
    X = np.asarray(X)
    if X.ndim < 2:
        raise ValueError(
            f"{name} must be a 2-D array or DataFrame (or a sequence array of "
            f"shape (n, time, channels)); got a {X.ndim}-D array. Reshape a "
            "single feature with X.reshape(-1, 1)."
        )
    if X.shape[0] == 0:
        raise ValueError(f"{name} is empty: it has 0 rows.")
    if X.size == 0:
        raise ValueError(f"{name} has no features: its shape is {X.shape}.")
    # sequences and images: numbers only, flattened
    return resolve_kind("auto", X.shape).flat_rows(X, name)


def _check_frames(real, synthetic):
    """Both DataFrames non-empty, with the same, unique columns; the
    synthetic one in the real one's column order."""
    for name, frame in (("X_real", real), ("X_synthetic", synthetic)):
        if frame.shape[0] == 0:
            raise ValueError(f"{name} is empty: it has 0 rows.")
        if frame.shape[1] == 0:
            raise ValueError(f"{name} has no features: it has 0 columns.")
        if not frame.columns.is_unique:
            raise ValueError(f"{name} has duplicate column names.")
    missing = [c for c in real.columns if c not in synthetic.columns]
    extra = [c for c in synthetic.columns if c not in real.columns]
    if missing or extra:
        raise ValueError(
            "X_real and X_synthetic must have the same columns; X_synthetic "
            f"lacks {missing} and has unexpected {extra}."
        )
    return synthetic[list(real.columns)]


def _prepare_pair(X_real, X_synthetic):
    """Validate and encode both inputs.

    Returns ``(real, synthetic, n_numeric)``: two float64 2-D arrays with the
    same columns, the first ``n_numeric`` of which are numeric features and the
    rest one-hot indicators of the categorical columns (the rule of
    :mod:`skgan._validation`, for DataFrames and numpy arrays alike).
    """
    real_is_df, syn_is_df = is_dataframe(X_real), is_dataframe(X_synthetic)
    if real_is_df != syn_is_df:
        which = "X_real" if real_is_df else "X_synthetic"
        raise ValueError(
            f"Only {which} is a DataFrame; pass X_real and X_synthetic both as "
            "DataFrames or both as arrays."
        )
    if real_is_df:
        X_synthetic = _check_frames(X_real, X_synthetic)
    else:
        shape_real, shape_syn = np.shape(X_real)[1:], np.shape(X_synthetic)[1:]
        X_real = _as_array(X_real, "X_real")
        X_synthetic = _as_array(X_synthetic, "X_synthetic")
        if shape_real != shape_syn:
            if len(shape_real) == len(shape_syn) == 1:
                raise ValueError(
                    "X_real and X_synthetic have different numbers of features: "
                    f"{shape_real[0]} and {shape_syn[0]}."
                )
            raise ValueError(
                "X_real and X_synthetic have different numbers of features: rows "
                f"of shape {shape_real} and {shape_syn}."
            )
    names, columns = table_columns(X_real, "X_real")
    _, columns_syn = table_columns(X_synthetic, "X_synthetic")
    titles = names if names is not None else list(range(len(columns)))
    real, synthetic, n_numeric = encode_pair(
        columns,
        columns_syn,
        titles,
        names=("X_real", "X_synthetic"),
        missing="category",
    )
    for name, values in (("X_real", real), ("X_synthetic", synthetic)):
        if np.isinf(values).any():
            raise ValueError(
                f"{name} contains infinite values; drop those rows or replace "
                "the values first."
            )
    return (*_missing_numbers_as_data(real, synthetic, n_numeric), n_numeric)


def _missing_numbers_as_data(real, synthetic, n_numeric):
    """Missing (NaN) numeric values at the real rows' mean of their column
    (0 when it has none), and a 0/1 missing indicator for each numeric
    column with a NaN on either side, appended after the one-hot columns."""
    missing_real = np.isnan(real[:, :n_numeric])
    missing_syn = np.isnan(synthetic[:, :n_numeric])
    columns = np.flatnonzero(missing_real.any(axis=0) | missing_syn.any(axis=0))
    if not len(columns):
        return real, synthetic
    observed = ~missing_real[:, columns]
    counts = observed.sum(axis=0)
    sums = np.where(observed, real[:, columns], 0.0).sum(axis=0)
    means = np.divide(sums, counts, out=np.zeros(len(columns)), where=counts > 0)
    filled = []
    for values, missing in ((real, missing_real), (synthetic, missing_syn)):
        rows, which = np.nonzero(missing[:, columns])
        values = values.copy()
        values[rows, columns[which]] = means[which]
        filled.append(np.hstack([values, missing[:, columns].astype(np.float64)]))
    return filled


# ----------------------------------------------------------------------------
# Public measures
# ----------------------------------------------------------------------------


def c2st_auc(X_real, X_synthetic, *, cv=5, random_state=0):
    """Classifier two-sample test: how separable are real and synthetic rows?

    Real rows (label 0) and synthetic rows (label 1) are stacked and a small
    ``HistGradientBoostingClassifier`` (100 iterations, at most 15 leaves, no
    early stopping, ``min_samples_leaf`` of 5 % of the stacked rows clipped to
    [2, 20]) is cross-validated with ``StratifiedKFold(cv, shuffle=True)``.
    The result is the mean ROC AUC over the held-out folds. The fits run on
    one thread, which is fastest at these sizes and stays fast when other
    processes keep the cores busy.

    When the two sides differ in size, the larger one is first subsampled
    without replacement to the size of the smaller one, using
    ``np.random.RandomState(random_state)``, so that both classes weigh the
    same.

    Parameters
    ----------
    X_real : array-like or DataFrame of shape (n_real, n_features)
        Real rows. Arrays with more than two dimensions (sequences of shape
        ``(n, time, channels)`` or ``(n, time, 1, channels)``) are flattened to
        ``(n, -1)``. In DataFrames, object, category, string and bool columns
        are one-hot encoded (an encoder fitted on both inputs together).
        Missing values are data (see the module's description).
    X_synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Synthetic rows, of the same kind as ``X_real``: an array whose rows
        have the same shape, or a DataFrame with the same columns (their order
        may differ).
    cv : int, default=5
        Number of stratified folds, at least 2. Each side needs at least
        ``cv`` rows.
    random_state : int, RandomState instance or None, default=0
        Seeds the subsampling, the fold shuffling and the classifier. ``None``
        uses fresh OS entropy; numpy's global random state is never used.

    Returns
    -------
    auc : float
        Mean out-of-fold ROC AUC: about 0.5 when the classifier cannot tell
        the two samples apart, 1.0 when they are fully separable.

    Raises
    ------
    ValueError
        If ``cv`` is not an integer >= 2; if either side has fewer than ``cv``
        rows; if an input is empty, not 2-D (or a sequence array), not
        numeric, or contains infinite values; if the feature counts
        (or DataFrame columns) differ; if only one input is a DataFrame.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import c2st_auc
    >>> rng = np.random.default_rng(0)
    >>> X_real = rng.normal(size=(200, 4))
    >>> c2st_auc(X_real, rng.normal(size=(200, 4))) < 0.62
    True
    >>> c2st_auc(X_real, rng.normal(loc=3.0, size=(200, 4))) > 0.95
    True
    """
    if isinstance(cv, bool) or not isinstance(cv, numbers.Integral) or cv < 2:
        raise ValueError(f"cv must be an integer >= 2; got {cv!r}.")
    cv = int(cv)
    real, synthetic, _ = _prepare_pair(X_real, X_synthetic)
    for name, values in (("X_real", real), ("X_synthetic", synthetic)):
        if values.shape[0] < cv:
            raise ValueError(
                f"c2st_auc needs at least cv={cv} rows in each of X_real and "
                f"X_synthetic; {name} has {values.shape[0]}. Pass more rows or "
                "a smaller cv."
            )

    rng = check_rng(random_state)
    n = min(real.shape[0], synthetic.shape[0])
    if real.shape[0] > n:
        real = real[np.sort(rng.choice(real.shape[0], size=n, replace=False))]
    if synthetic.shape[0] > n:
        keep = np.sort(rng.choice(synthetic.shape[0], size=n, replace=False))
        synthetic = synthetic[keep]
    seed = _int_seed(random_state, rng)

    X = np.vstack([real, synthetic])
    y = np.repeat([0, 1], n)
    classifier = HistGradientBoostingClassifier(
        max_iter=100,
        max_leaf_nodes=15,
        min_samples_leaf=int(np.clip(X.shape[0] // 20, 2, 20)),
        early_stopping=False,
        random_state=seed,
    )
    folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=seed)
    # One thread: these fits are small, and OpenMP threads that wait on each
    # other become very slow when other processes (a GAN training, say) keep
    # the cores busy.
    with threadpool_limits(limits=1):
        scores = cross_val_score(
            classifier, X, y, cv=folds, scoring="roc_auc", error_score="raise"
        )
    return float(np.mean(scores))


def dcr_ratio(X_real, X_synthetic):
    """Distance-to-closest-record ratio: are synthetic rows copies?

    Numeric features are standardized with the real rows' mean and standard
    deviation (a feature with zero standard deviation is only centred).
    One-hot columns from DataFrame categorical columns stay 0/1, so a differing
    category adds ``sqrt(2)`` to a distance. A missing numeric value stands at
    the mean (0 once standardized) with a 0/1 missing indicator beside it, so
    a value missing on one side only adds at least 1; a missing category is a
    category of its own. Then:

    * for each synthetic row, the Euclidean distance to its nearest real row;
    * for each real row, the distance to its nearest *other* real row
      (leave-one-out: the row itself is excluded, an exact duplicate of it is
      not and gives 0).

    The result is ``median(synthetic-to-real) / median(real-to-real)``. If
    more than half the real rows are duplicated (a real-to-real median of 0),
    the mean real-to-real distance is the denominator instead.

    Parameters
    ----------
    X_real : array-like or DataFrame of shape (n_real, n_features)
        Real (training) rows, at least 2. Same input handling as
        :func:`c2st_auc`: sequences are flattened, DataFrame categorical
        columns one-hot encoded.
    X_synthetic : array-like or DataFrame of shape (n_synthetic, n_features)
        Synthetic rows, at least 1, of the same kind as ``X_real``.

    Returns
    -------
    ratio : float
        About 1 when synthetic rows are as far from the real rows as real rows
        are from each other; below 1 when they sit closer (a sign of
        memorisation); near 0 when they are copies of real rows.

    Raises
    ------
    ValueError
        If ``X_real`` has fewer than 2 rows; if every real row has an exact
        duplicate among the real rows (the real-to-real distances are all 0);
        and for the input problems listed under :func:`c2st_auc`.

    Examples
    --------
    >>> import numpy as np
    >>> from skgan.metrics import dcr_ratio
    >>> rng = np.random.default_rng(0)
    >>> X_real = rng.normal(size=(200, 4))
    >>> dcr_ratio(X_real, X_real.copy())
    0.0
    >>> 0.6 < dcr_ratio(X_real, rng.normal(size=(200, 4))) < 1.6
    True
    """
    real, synthetic, n_numeric = _prepare_pair(X_real, X_synthetic)
    if real.shape[0] < 2:
        raise ValueError(
            "dcr_ratio needs at least 2 rows in X_real to measure real-to-real "
            f"distances; X_real has {real.shape[0]}."
        )
    if n_numeric:
        scaler = StandardScaler().fit(real[:, :n_numeric])
        real = np.hstack([scaler.transform(real[:, :n_numeric]), real[:, n_numeric:]])
        synthetic = np.hstack(
            [scaler.transform(synthetic[:, :n_numeric]), synthetic[:, n_numeric:]]
        )

    with threadpool_limits(limits=1):  # see c2st_auc
        neighbors = NearestNeighbors(n_neighbors=1).fit(real)
        # kneighbors() without X leaves each real row out of its own
        # neighbours (an exact duplicate of it still counts, at distance 0).
        real_to_real = neighbors.kneighbors()[0][:, 0]
        synthetic_to_real = neighbors.kneighbors(synthetic)[0][:, 0]

    scale = np.median(real_to_real)
    if scale == 0:
        scale = np.mean(real_to_real)
    if scale == 0:
        raise _DegenerateDistanceError(
            "dcr_ratio is undefined: every row of X_real has an exact duplicate "
            "in X_real, so all real-to-real distances are 0."
        )
    return float(np.median(synthetic_to_real) / scale)


def quality_report(sampler, X, y, *, n_samples=None, random_state=0):
    """Per-class C2ST AUC and DCR ratio of a fitted sampler.

    For each label in ``sampler.classes_``, synthetic rows of that class are
    drawn with ``sampler.sample(n, y=label, random_state=seed)`` and compared
    with that class's rows of ``X`` by :func:`c2st_auc` (with
    ``cv=min(5, n_real, n_synthetic)``) and :func:`dcr_ratio`.

    A measure that a class is too small for is NaN, with the reason in the
    entry's ``"note"``: the C2ST needs at least 4 real and 4 synthetic rows,
    the DCR ratio at least 2 real rows (and real rows that are not all
    duplicates).

    Parameters
    ----------
    sampler : fitted GANOversampler
        Or any fitted scikit-learn estimator with ``classes_`` and
        ``sample(n_samples, y=label, random_state=...)`` returning
        ``(X_synthetic, y_synthetic)`` in the same container as ``X``.
    X : array-like or DataFrame of shape (n_samples, ...)
        The real data, normally the data ``sampler`` was fitted on.
    y : array-like of shape (n_samples,)
        Class labels of ``X``.
    n_samples : int or None, default=None
        Synthetic rows drawn per class. ``None`` draws ``max(n_real, 20)``,
        where ``n_real`` is the class's row count in ``X``.
    random_state : int, RandomState instance or None, default=0
        Seeds one integer per class, used both for ``sampler.sample`` and for
        :func:`c2st_auc`; a fixed integer makes the report reproducible.

    Returns
    -------
    report : list of dict
        One dict per class, in the order of ``sampler.classes_``, with keys
        ``"class"`` (the label), ``"n_real"``, ``"n_synthetic"``,
        ``"c2st_auc"`` (float or NaN), ``"dcr_ratio"`` (float or NaN) and
        ``"note"`` (why a measure is NaN; ``""`` when neither is).
        ``pandas.DataFrame(report)`` gives a table.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If ``sampler`` is not fitted.
    ValueError
        If ``n_samples`` is not a positive integer or None, if ``X`` and ``y``
        have different lengths, or for the input problems listed under
        :func:`c2st_auc`.

    Examples
    --------
    A stand-in sampler that draws Gaussian rows around each class mean (a
    fitted :class:`skgan.GANOversampler` is used the same way):

    >>> import numpy as np
    >>> from sklearn.base import BaseEstimator
    >>> from skgan.metrics import quality_report
    >>> class MeanSampler(BaseEstimator):
    ...     def fit(self, X, y):
    ...         self.classes_ = np.unique(y)
    ...         self.means_ = {c: X[y == c].mean(axis=0) for c in self.classes_}
    ...         return self
    ...     def sample(self, n_samples, y, random_state=None):
    ...         rng = np.random.default_rng(random_state)
    ...         mean = self.means_[y]
    ...         X = mean + rng.normal(size=(n_samples, mean.size))
    ...         return X, np.full(n_samples, y)
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 3))
    >>> y = np.repeat([0, 1], [50, 10])
    >>> report = quality_report(MeanSampler().fit(X, y), X, y)
    >>> [(r["class"], r["n_real"], r["n_synthetic"]) for r in report]
    [(0, 50, 50), (1, 10, 20)]
    >>> all(0.0 <= r["c2st_auc"] <= 1.0 and r["dcr_ratio"] > 0 for r in report)
    True
    """
    check_is_fitted(sampler)
    if n_samples is not None and (
        isinstance(n_samples, bool)
        or not isinstance(n_samples, numbers.Integral)
        or n_samples < 1
    ):
        raise ValueError(
            f"n_samples must be a positive integer or None; got {n_samples!r}."
        )
    y = column_or_1d(y, warn=False)
    is_df = is_dataframe(X)
    if not is_df:
        X = np.asarray(X)
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X and y have different lengths: {X.shape[0]} and {y.shape[0]}."
        )

    classes = sampler.classes_
    rng = check_rng(random_state)
    seeds = rng.randint(np.iinfo(np.int32).max, size=len(classes))
    report = []
    for label, seed in zip(classes, seeds):
        seed = int(seed)
        rows = np.flatnonzero(y == label)
        X_real = X.iloc[rows] if is_df else X[rows]
        n_real = rows.size
        n_draw = int(n_samples) if n_samples is not None else max(n_real, 20)
        X_synthetic, _ = sampler.sample(n_draw, y=label, random_state=seed)
        n_synthetic = len(X_synthetic)
        notes = []

        if min(n_real, n_synthetic) >= _MIN_C2ST_ROWS:
            auc = c2st_auc(
                X_real,
                X_synthetic,
                cv=min(5, n_real, n_synthetic),
                random_state=seed,
            )
        else:
            auc = float("nan")
            notes.append(
                f"c2st_auc needs at least {_MIN_C2ST_ROWS} real and "
                f"{_MIN_C2ST_ROWS} synthetic rows; got {n_real} and "
                f"{n_synthetic}."
            )

        if n_real >= 2 and n_synthetic >= 1:
            try:
                ratio = dcr_ratio(X_real, X_synthetic)
            except _DegenerateDistanceError as exc:
                ratio = float("nan")
                notes.append(str(exc))
        else:
            ratio = float("nan")
            notes.append(
                "dcr_ratio needs at least 2 real rows and 1 synthetic row; "
                f"got {n_real} and {n_synthetic}."
            )

        report.append(
            {
                "class": label.item() if isinstance(label, np.generic) else label,
                "n_real": int(n_real),
                "n_synthetic": int(n_synthetic),
                "c2st_auc": auc,
                "dcr_ratio": ratio,
                "note": " ".join(notes),
            }
        )
    return report
