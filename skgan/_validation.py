"""Input checks for tabular X and y, with messages that say what to do.

``check_tabular_X_y`` returns the rows as a 2-D numpy array (the original
numeric dtype when every column is numeric, ``object`` otherwise), the labels,
and a boolean mask of categorical columns.
"""

import numbers

import numpy as np
from scipy import sparse
from sklearn.utils import check_array
from sklearn.utils.validation import check_consistent_length, column_or_1d

_MAX_CATEGORIES = 1000


def is_dataframe(X):
    return hasattr(X, "columns") and hasattr(X, "dtypes") and hasattr(X, "iloc")


def check_not_sparse(X):
    if sparse.issparse(X):
        raise TypeError(
            "GANOversampler does not accept sparse matrices: the GAN learns dense "
            "rows. Convert X with X.toarray(), or reduce it first (e.g. with "
            "TruncatedSVD) if it is too large to densify."
        )


def auto_categorical_mask(X):
    """Which columns ``categorical_features="auto"`` treats as categorical.

    In a DataFrame: category, bool, object and string columns. In a numpy
    array of strings or objects: the columns holding any value that is not a
    number (strings, bools). A numeric array has none.
    """
    if is_dataframe(X):
        import pandas as pd

        return np.array(
            [
                isinstance(dtype, pd.CategoricalDtype)
                or pd.api.types.is_bool_dtype(dtype)
                or pd.api.types.is_object_dtype(dtype)
                or pd.api.types.is_string_dtype(dtype)
                for dtype in X.dtypes
            ]
        )
    dtype = getattr(X, "dtype", None)
    if dtype is None or dtype.kind not in "OUS" or np.ndim(X) != 2:
        return None
    if dtype.kind in "US":
        return np.ones(X.shape[1], dtype=bool)
    return np.array(
        [any(_is_label_like(v) for v in X[:, j]) for j in range(X.shape[1])]
    )


def _is_label_like(value):
    return isinstance(value, (str, bytes, bool, np.bool_, np.str_, np.bytes_))


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
    if features.dtype.kind in "OUS":
        if feature_names is None:
            raise ValueError(
                "categorical_features names columns, but X has no column names. "
                "Pass a pandas DataFrame, or give column indices instead."
            )
        names = list(feature_names)
        for name in features:
            if name not in names:
                raise ValueError(
                    f"categorical_features names the column {name!r}, which is not "
                    f"in X. X's columns are {names}."
                )
            mask[names.index(name)] = True
        return mask
    for index in features:
        if (
            not isinstance(index, numbers.Integral)
            or not -n_features <= index < n_features
        ):
            raise ValueError(
                f"categorical_features holds the index {index!r}, out of range for "
                f"X with {n_features} columns."
            )
        mask[index] = True
    return mask


def check_rows(X, mask):
    """Validate the columns of ``X`` given the categorical ``mask``.

    Returns a 2-D ndarray: numeric dtype when no column is categorical.
    """
    if not mask.any():
        try:
            return check_array(X, dtype="numeric", ensure_min_samples=2, input_name="X")
        except np.exceptions.DTypePromotionError as error:
            raise TypeError(
                "X's columns have dtypes with no common numeric type (e.g. "
                "datetime64 and float64). Convert such columns to numbers first, "
                "e.g. X[col] = X[col].astype('int64') for datetimes, or name them "
                "in categorical_features."
            ) from error
        except ValueError as error:
            if "convert" not in str(error).lower():
                raise
            raise ValueError(
                "X holds non-numeric values. Name the categorical columns with "
                "categorical_features (indices, names or a boolean mask), or pass a "
                "pandas DataFrame whose categorical columns have a category, string, "
                "object or bool dtype."
            ) from error
    if is_dataframe(X):
        columns = [X.iloc[:, j].to_numpy(dtype=object) for j in range(X.shape[1])]
        names = [str(c) for c in X.columns]
    else:
        X = np.asarray(X, dtype=object)
        if X.ndim != 2:
            raise ValueError(f"Expected a 2-D X, got an array of shape {X.shape}.")
        columns = list(X.T)
        names = [str(j) for j in range(X.shape[1])]
    out = np.empty((len(columns[0]), len(columns)), dtype=object)
    for j, (column, name) in enumerate(zip(columns, names)):
        out[:, j] = (
            _check_categorical(column, name)
            if mask[j]
            else _check_numeric(column, name)
        )
    if out.shape[0] < 2:
        raise ValueError(
            f"Found array with {out.shape[0]} sample(s); at least 2 needed."
        )
    return out


def _check_numeric(column, name):
    try:
        values = column.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"Column {name} holds non-numeric values (e.g. {column[0]!r}) but is not "
            "categorical. Name it in categorical_features, or convert it to numbers."
        ) from None
    if not np.all(np.isfinite(values)):
        raise ValueError(f"Input X contains NaN or infinity in column {name}.")
    return column


def _check_categorical(column, name):
    missing = [v for v in column if v is None or (isinstance(v, float) and np.isnan(v))]
    if missing or any(v is _pd_na() for v in column):
        raise ValueError(
            f"Categorical column {name} contains missing values (NaN/None). Encode "
            "them as a category of their own first, e.g. "
            "X[col] = X[col].astype(object).fillna('missing')."
        )
    kinds = {_kind(v) for v in column}
    if len(kinds) > 1:
        raise ValueError(
            f"Categorical column {name} mixes value types {sorted(kinds)}; convert it "
            "to one type, e.g. X[col] = X[col].astype(str)."
        )
    n_categories = len(set(column.tolist()))
    if n_categories > _MAX_CATEGORIES:
        raise ValueError(
            f"Categorical column {name} has {n_categories} distinct values; its "
            f"one-hot block would need {n_categories} outputs per row. Drop or "
            "bucket it (more than 1000 categories is refused), or treat it as "
            "numeric if it is an identifier-like code."
        )
    return column


def _kind(value):
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, numbers.Number):
        return "number"
    if isinstance(value, str):
        return "str"
    return type(value).__name__


def _pd_na():
    try:
        import pandas as pd
    except ImportError:  # pandas is optional
        return object()
    return pd.NA


def check_labels(y, n_samples):
    """1-D labels of the right length."""
    y = column_or_1d(y, warn=True)
    check_consistent_length(np.empty(n_samples), y)
    return y


def sequence_layout(X_shape):
    """``"sequence"`` for (n, time, channels), ``"image"`` for classifier
    images (n, time, 1, channels), None for a table; other shapes are an
    error that says which layouts are accepted."""
    if len(X_shape) == 3:
        return "sequence"
    if len(X_shape) == 4:
        if X_shape[2] != 1:
            raise ValueError(
                f"A 4-D X must be classifier images shaped (n, time, 1, channels); "
                f"got shape {tuple(X_shape)}, whose third axis has size {X_shape[2]}. "
                "Pass sequences as a 3-D array (n, time, channels), e.g. "
                "X.reshape(n, time, -1) if the last two axes are channels."
            )
        return "image"
    if len(X_shape) == 2:
        return None
    hint = (
        " Reshape a single feature with X.reshape(-1, 1)." if len(X_shape) == 1 else ""
    )
    raise ValueError(
        f"Expected a 2-D table (n_samples, n_features), sequences (n, time, "
        f"channels) or classifier images (n, time, 1, channels); got shape "
        f"{tuple(X_shape)}.{hint}"
    )


def check_sequences(X, categorical_features):
    """Validate numeric, finite sequences of at least 2 rows; any layout of
    :func:`sequence_layout`. Returns an ndarray in the same layout."""
    if is_dataframe(X):
        raise TypeError("Sequences must be a numeric array, not a DataFrame.")
    if (
        not (isinstance(categorical_features, str) and categorical_features == "auto")
        and np.asarray(categorical_features).size
    ):
        raise ValueError(
            "categorical_features applies to tables; sequences are numeric. Leave "
            "categorical_features='auto' for sequence data."
        )
    try:
        X = check_array(
            X, dtype="numeric", allow_nd=True, ensure_min_samples=2, input_name="X"
        )
    except ValueError as error:
        if "convert" not in str(error).lower():
            raise
        raise ValueError(
            "Sequences must hold numbers only; convert X with X.astype(float)."
        ) from error
    if 0 in X.shape[1:]:
        raise ValueError(
            f"Found sequences of shape {X.shape}: each needs at least one time "
            "step and one channel, (n, time, channels) or (n, time, 1, channels)."
        )
    return X


def read_array_like(data):
    """An array-like object without a shape (not a list) read into an array."""
    if not hasattr(data, "shape") and hasattr(data, "__array__"):
        return np.asarray(data)
    return data
