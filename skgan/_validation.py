"""Reading the user's inputs: one layer for the sampler, metrics and plotting.

What a DataFrame is, which columns are categorical, how columns are chosen by
name or index, how labels are checked, and how real and synthetic rows are
put side by side as floats for a measure or a picture. What each kind of data
checks beyond this lives with the kind (``skgan._kinds``).

The categorical rule, everywhere: in a DataFrame, category, bool, object and
string columns; in a numpy array, string columns and object columns holding
any string or bool. Numeric columns (a numpy bool array among them) are
numeric.
"""

import numbers
import warnings

import numpy as np
from scipy import sparse
from sklearn.utils.validation import check_consistent_length, column_or_1d

from skgan._utils import user_stacklevel

CATEGORICAL = "categorical"
NUMERIC = "numeric"


def is_dataframe(X):
    """Duck-typed, so that pandas is never imported for array inputs."""
    return hasattr(X, "columns") and hasattr(X, "dtypes") and hasattr(X, "iloc")


def check_not_sparse(X):
    if sparse.issparse(X):
        raise TypeError(
            "GANOversampler does not accept sparse matrices: the GAN learns dense "
            "rows. Convert X with X.toarray(), or reduce it first (e.g. with "
            "TruncatedSVD) if it is too large to densify."
        )


def read_array_like(data):
    """An array-like object without a shape (not a list) read into an array."""
    if not hasattr(data, "shape") and hasattr(data, "__array__"):
        return np.asarray(data)
    return data


def densify_frame(X):
    """A DataFrame with pandas sparse columns made dense (others untouched)."""
    if not is_dataframe(X):
        return X
    import pandas as pd

    sparse_columns = [
        c for c, dtype in X.dtypes.items() if isinstance(dtype, pd.SparseDtype)
    ]
    if not sparse_columns:
        return X
    X = X.copy()
    for c in sparse_columns:
        X[c] = X[c].sparse.to_dense()
    return X


# -- which columns are categorical ---------------------------------------------


def dtype_kind(dtype):
    """``"categorical"``, ``"numeric"`` or None (unsupported) for a pandas
    column's dtype."""
    import pandas as pd

    types = pd.api.types
    if (
        isinstance(dtype, pd.CategoricalDtype)
        or types.is_bool_dtype(dtype)
        or types.is_object_dtype(dtype)
        or types.is_string_dtype(dtype)
    ):
        return CATEGORICAL
    if types.is_numeric_dtype(dtype) and not types.is_complex_dtype(dtype):
        return NUMERIC
    return None


def array_column_kind(values):
    """``"categorical"``, ``"numeric"`` or None for a 1-D numpy column."""
    kind = values.dtype.kind
    if kind in "US" or (kind == "O" and any(_is_label_like(v) for v in values)):
        return CATEGORICAL
    if kind in "biufO":
        return NUMERIC
    return None


def auto_categorical_mask(X):
    """Which columns ``categorical_features="auto"`` treats as categorical
    (the rule in this module's docstring); None for inputs that are not
    2-D."""
    if is_dataframe(X):
        return np.array([dtype_kind(dtype) == CATEGORICAL for dtype in X.dtypes])
    dtype = getattr(X, "dtype", None)
    if dtype is None or np.ndim(X) != 2:
        return None
    if dtype.kind not in "OUS":
        return np.zeros(X.shape[1], dtype=bool)
    return np.array(
        [array_column_kind(X[:, j]) == CATEGORICAL for j in range(X.shape[1])]
    )


def _is_label_like(value):
    return isinstance(value, (str, bytes, bool, np.bool_, np.str_, np.bytes_))


def categorical_mask(categorical_features, X, n_features, feature_names):
    """Turn ``categorical_features`` (SMOTENC's forms) into a boolean mask."""
    if isinstance(categorical_features, str) and categorical_features == "auto":
        mask = auto_categorical_mask(X)
        return np.zeros(n_features, bool) if mask is None else mask
    features = np.asarray(categorical_features)
    if features.ndim != 1:
        raise ValueError(
            "categorical_features must be 'auto', a 1-D list of column indices or "
            f"names, or a boolean mask; got an array of shape {features.shape}."
        )
    if features.dtype.kind == "b":
        if len(features) != n_features:
            raise ValueError(
                f"categorical_features is a boolean mask of length {len(features)} "
                f"but X has {n_features} columns."
            )
        return features.copy()
    mask = np.zeros(n_features, bool)
    names = None if feature_names is None else list(feature_names)
    parameter = "categorical_features"
    mask[select_columns(features.tolist(), names, n_features, parameter)] = True
    return mask


def select_columns(features, names, n_columns, parameter):
    """Positions of the columns that ``features`` (names or indices) choose;
    ``parameter`` names the argument in errors."""
    positions = []
    for feature in features:
        if isinstance(feature, numbers.Integral) and not isinstance(
            feature, (bool, np.bool_)
        ):
            if not -n_columns <= feature < n_columns:
                raise ValueError(
                    f"{parameter} holds the index {feature!r}, out of range for X "
                    f"with {n_columns} columns."
                )
            positions.append(int(feature) % n_columns)
        elif not isinstance(feature, (str, np.str_)) and not (
            names is not None and feature in names
        ):
            raise ValueError(
                f"{parameter} holds {feature!r}, which is neither a column index "
                "nor a column name."
            )
        elif names is None:
            raise ValueError(
                f"{parameter} names the column {feature!r}, but X has no column "
                "names. Pass a pandas DataFrame, or give column indices instead."
            )
        elif feature not in names:
            raise ValueError(
                f"{parameter} names the column {feature!r}, which is not in X. X's "
                f"columns are {names}."
            )
        else:
            positions.append(names.index(feature))
    return positions


def as_float(values, message):
    """``values`` as float64, or a ValueError with ``message`` when they are
    not numbers."""
    try:
        return values.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(message) from None


# -- labels ---------------------------------------------------------------------


def check_labels(y, n_samples):
    """1-D labels of the right length."""
    y = column_or_1d(y, warn=True)
    check_consistent_length(np.empty(n_samples), y)
    return y


# -- real and synthetic rows side by side ----------------------------------------


def table_columns(X, name):
    """The columns of a DataFrame or a 2-D array as ``(names, columns)``:
    ``columns`` a list of ``(kind, values)``, numeric values as float64 (NaN
    for missing), categorical ones as object arrays; ``names`` None for
    arrays. Unsupported dtypes are a ValueError naming the column."""
    if is_dataframe(X):
        columns = []
        for label in X.columns:
            series = X[label]
            kind = dtype_kind(series.dtype)
            if kind is None:
                raise ValueError(
                    f"Column {label!r} of {name} has dtype {series.dtype}; only "
                    "numeric, bool, object, string and category columns are "
                    "supported."
                )
            if kind == NUMERIC:
                values = series.to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                values = series.to_numpy(dtype=object)
            columns.append((kind, values))
        return list(X.columns), columns
    columns = []
    for j in range(X.shape[1]):
        values = X[:, j]
        kind = array_column_kind(values)
        if kind is None:
            raise ValueError(
                f"Column {j} of {name} has dtype {values.dtype}; only numeric, "
                "bool and string columns are supported."
            )
        if kind == NUMERIC:
            values = values.astype(np.float64)
        else:
            values = values.astype(object)
        columns.append((kind, values))
    return None, columns


def is_missing(value):
    """None, NaN or ``pd.NA``: a missing categorical value."""
    if value is None:
        return True
    if isinstance(value, (float, np.floating)):
        return value != value
    return type(value).__name__ == "NAType"


def encode_pair(
    real_columns,
    synthetic_columns,
    titles,
    names=("X", "X_synthetic"),
    missing="error",
):
    """Real and synthetic columns (from :func:`table_columns`, same order) as
    two float64 matrices: the numeric columns, then one-hot indicators of
    the categorical ones (a column categorical on either side is categorical,
    compared as text; categories of both sides get an indicator). Returns
    ``(real, synthetic, n_numeric)``. Missing categorical values are a
    ValueError naming the column by ``titles`` (``missing="error"``) or a
    category of their own (``missing="category"``); missing numeric ones stay
    NaN for the caller to judge."""
    from sklearn.preprocessing import OneHotEncoder

    numeric, categorical = [], []
    for j, ((kind, values), (kind_syn, values_syn)) in enumerate(
        zip(real_columns, synthetic_columns)
    ):
        pair = (values, values_syn)
        (categorical if CATEGORICAL in (kind, kind_syn) else numeric).append((j, pair))
    parts_real, parts_syn = [], []
    if numeric:
        parts_real.append(np.column_stack([p[0] for _, p in numeric]))
        parts_syn.append(np.column_stack([p[1] for _, p in numeric]))
    if categorical:
        for side, name in enumerate(names):
            bad = [
                titles[j] for j, p in categorical if any(is_missing(v) for v in p[side])
            ]
            if bad and missing == "error":
                raise ValueError(
                    f"{name} contains NaN or missing values in categorical "
                    f"column(s) {bad}; drop or fill them first."
                )
        text = [
            np.column_stack([_as_text(p[side]) for _, p in categorical])
            for side in (0, 1)
        ]
        encoder = OneHotEncoder(sparse_output=False, dtype=np.float64)
        encoder.fit(np.vstack(text))
        parts_real.append(encoder.transform(text[0]))
        parts_syn.append(encoder.transform(text[1]))
    return np.hstack(parts_real), np.hstack(parts_syn), len(numeric)


# what a missing categorical value is compared as (no category's text)
_MISSING_TEXT = "\x00missing"


def _as_text(values):
    """Categorical values as text, a missing one as ``_MISSING_TEXT``."""
    text = values.astype(str)
    missing = [i for i, v in enumerate(values) if is_missing(v)]
    if missing:
        text = text.astype(object)
        text[missing] = _MISSING_TEXT
        text = text.astype(str)
    return text


# A class with fewer training samples than this gets a warning: from so few
# the GAN reproduces or interpolates them (see warn_about_small_classes).
MIN_CLASS_ROWS = 5


def warn_about_small_classes(classes, counts, kind):
    """A UserWarning naming every class with fewer than ``MIN_CLASS_ROWS``
    training samples, with what the GAN makes of it.

    What was measured (``random_state=0``, tables of 4 numeric columns): a
    class of one row is a constant for the quantile maps, so every
    synthetic row is an exact copy of it; with two rows the synthetic rows
    lie near the segment between them (99 % of their variance along it); with
    n rows they vary mostly along the n - 1 directions between the rows,
    and always within the rows' range in every numeric column. A sequence
    or image class of one sample gets near-copies of it. From five rows on
    the synthetic rows spread in every direction, and SMOTE's default
    (``k_neighbors=5``) needs six rows of a class: below five rows the GAN
    gives copies or interpolations of the rows, not new rows of the class.
    """
    small = [
        (label, n) for label, n in zip(classes.tolist(), counts) if n < MIN_CLASS_ROWS
    ]
    if not small:
        return
    noun = "row" if kind.tabular else "sample"
    said = []
    for label, n in small:
        if n == 1 and kind.tabular:
            effect = (
                "the GAN can only reproduce it: its synthetic rows are exact "
                "copies of that row"
            )
        elif n == 1:
            effect = (
                "the GAN can only reproduce it: its synthetic samples are "
                "near-copies of that sample"
            )
        elif kind.tabular:
            effect = (
                "its synthetic rows stay within the range of those rows in every "
                "numeric column, hold only their categories and vary mostly "
                "along the directions between them"
                + (" (near the segment between the two)" if n == 2 else "")
            )
        else:
            effect = f"its synthetic samples are variations of those {n} samples"
        plural = "" if n == 1 else "s"
        said.append(f"Class {label!r} has {n} training {noun}{plural}: {effect}.")
    warnings.warn(
        " ".join(said)
        + f" With fewer than {MIN_CLASS_ROWS} {noun}s a class gives the GAN too "
        f"little to learn its distribution from: its synthetic {noun}s copy or "
        f"interpolate the real ones, much as RandomOverSampler or SMOTE would. "
        f"Collect more {noun}s of such a class, or merge it with a related class.",
        UserWarning,
        stacklevel=user_stacklevel(),
    )


def check_hidden_sizes(name, sizes):
    """A ValueError unless ``sizes`` is "auto" or a non-empty sequence of
    positive integers (the widths of the residual blocks)."""
    if isinstance(sizes, str):  # "auto", checked by the parameter constraints
        return
    if len(sizes) == 0 or not all(
        isinstance(w, numbers.Integral) and not isinstance(w, bool) and w > 0
        for w in sizes
    ):
        raise ValueError(
            f"{name} must be a non-empty tuple of positive integers (one width "
            f"per residual block), e.g. (128, 128); got {sizes!r}."
        )
