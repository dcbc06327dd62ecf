"""Checks of a table's columns: numbers, categories, missing values,
infinity, and dtypes that are neither."""

import numbers
import warnings

import numpy as np
from sklearn.utils import check_array

from skgan._kinds.table._encoder import missing_mask
from skgan._utils import user_stacklevel
from skgan._validation import as_float, dtype_kind, is_dataframe, is_missing

_MAX_CATEGORIES = 1000


def check_rows(X, mask):
    """Validate the columns of ``X`` given the categorical ``mask``.

    Returns a 2-D ndarray: numeric dtype when no column is categorical,
    ``object`` otherwise. Missing values (NaN, None, ``pd.NA``) stay as they
    are (NaN in a numeric array); infinite ones are an error that names the
    columns and rows (:func:`_refuse_infinity`). A DataFrame column of a
    dtype that is neither numeric nor categorical (datetimes, periods,
    timedeltas, intervals) and not named categorical is an error naming it.
    """
    if is_dataframe(X):
        _check_frame_dtypes(X, mask)
    if not mask.any():
        try:
            checked = check_array(
                X,
                dtype="numeric",
                ensure_all_finite=False,
                ensure_min_samples=2,
                input_name="X",
            )
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
        _refuse_infinity(
            X,
            [np.flatnonzero(np.isinf(checked[:, j])) for j in range(checked.shape[1])],
        )
        return checked
    if is_dataframe(X):
        columns = [X.iloc[:, j].to_numpy(dtype=object) for j in range(X.shape[1])]
        names = [str(c) for c in X.columns]
    else:
        X = np.asarray(X, dtype=object)
        columns = list(X.T)
        names = [str(j) for j in range(X.shape[1])]
    out = np.empty((len(columns[0]), len(columns)), dtype=object)
    infinite = []
    for j, (column, name) in enumerate(zip(columns, names)):
        if mask[j]:
            out[:, j] = _check_categorical(column, name)
            infinite.append(np.empty(0, dtype=np.intp))
        else:
            out[:, j], rows = _check_numeric(column, name)
            infinite.append(rows)
    _refuse_infinity(X, infinite)
    if out.shape[0] < 2:
        raise ValueError(
            f"Found array with {out.shape[0]} sample(s); at least 2 needed."
        )
    return out


# A text column of a numpy array whose cells are numbers at least this often
# looks numeric (the command line's rule for CSV columns, skgan._cli).
NUMERIC_SHARE = 0.9
# Cells read per column to judge it (evenly spaced, the first and last among
# them): enough for the share, cheap for any size.
_CELLS_JUDGED = 10_000


def warn_about_numbers_as_text(X, mask):
    """A UserWarning naming the columns of the numpy array ``X`` that
    ``categorical_features="auto"`` made categorical (``mask``) although at
    least ``NUMERIC_SHARE`` of their cells are numbers written as text."""
    positions = np.flatnonzero(mask)
    if not len(positions):
        return
    X = np.asarray(X)
    numeric = [int(j) for j in positions if _share_of_numbers(X[:, j]) >= NUMERIC_SHARE]
    if not numeric:
        return
    warnings.warn(
        f"X is a numpy array of {X.dtype} values, whose columns "
        "categorical_features='auto' takes as categorical because they hold "
        f"text; columns {numeric} look numeric (at least "
        f"{NUMERIC_SHARE:.0%} of their cells are numbers written as text), so "
        "their synthetic values would only be copies of training values. Pass "
        "numbers as numbers: a float array (e.g. X.astype(float), after fixing "
        "the cells that are not numbers) or a pandas DataFrame with numeric and "
        "text columns; or name the categorical columns in categorical_features, "
        "and the others are read as numbers.",
        UserWarning,
        stacklevel=user_stacklevel(),
    )


def _share_of_numbers(column):
    """The share of the non-missing cells of a text column that parse as
    numbers (judged on at most ``_CELLS_JUDGED`` cells)."""
    if len(column) > _CELLS_JUDGED:
        column = column[np.linspace(0, len(column) - 1, _CELLS_JUDGED).astype(int)]
    cells = [v for v in column.tolist() if not _is_blank(v)]
    if not cells:
        return 0.0
    return sum(map(_is_number, cells)) / len(cells)


def _is_blank(value):
    return is_missing(value) or (isinstance(value, (str, bytes)) and not value.strip())


def _is_number(value):
    if isinstance(value, (bool, np.bool_)):
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_numeric(column, name):
    """``(column, rows)``: the column, and the rows where it is infinite."""
    present = ~missing_mask(column)
    observed = column[present]
    example = observed[0] if len(observed) else column[0]
    values = as_float(
        observed,
        f"Column {name} holds non-numeric values (e.g. {example!r}) but is not "
        "categorical. Name it in categorical_features, or convert it to numbers.",
    )
    return column, np.flatnonzero(present)[np.isinf(values)]


def _refuse_infinity(X, rows):
    """A ValueError naming every column of ``X`` with infinite values, and
    the first such row of each; ``rows[j]`` are column ``j``'s infinite rows.

    Infinity is no value a GAN can learn or draw; an unknown value is better
    given as NaN, which tables accept as a missing value.
    """
    bad = [(j, r[0]) for j, r in enumerate(rows) if len(r)]
    if not bad:
        return
    frame = is_dataframe(X)
    default_index = not frame or _is_default_index(X.index)
    places = []
    for j, i in bad:
        column = repr(X.columns[j]) if frame else str(j)
        row = f"row {i}" if default_index else f"row {i}, index {X.index[i]!r}"
        places.append(f"column {column} (first in {row})")
    if frame:
        fix = "X = X.replace([np.inf, -np.inf], np.nan)"
    else:
        fix = "X = np.where(np.isinf(X), np.nan, X)"
    raise ValueError(
        f"Input X contains infinity in {_and(places)}. The GAN learns finite "
        "values only. If such a value stands for an unknown one, make it NaN: "
        "missing values are accepted in tables and learned per class "
        f"(handle_missing='generate', the default), e.g. {fix}. Otherwise "
        "replace it with a finite value (e.g. clip the column)."
    )


def _is_default_index(index):
    """Whether row positions and the index labels are the same numbers."""
    return (
        bool(
            index.dtype.kind in "iu"
            and len(index)
            and index[0] == 0
            and index.is_monotonic_increasing
            and index[-1] == len(index) - 1
        )
        or len(index) == 0
    )


def _and(items):
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# What to do with a DataFrame column of a dtype that is neither numeric nor
# categorical, by the dtype's kind: how to make it numbers.
_CONVERSIONS = {
    "datetime64": "X[{col}].astype('int64') (time units since 1970), or features "
    "such as X[{col}].dt.year and X[{col}].dt.dayofweek",
    "timedelta64": "X[{col}].dt.total_seconds()",
    "period": "X[{col}].astype('int64') (periods since 1970)",
    "interval": "X[{col}].array.mid (or .left, .right)",
}


def _check_frame_dtypes(X, mask):
    """A ValueError naming the first column of the DataFrame ``X`` whose dtype
    is neither numeric nor categorical (and is not named categorical in
    ``mask``), with the conversions that make it usable."""
    for j, (label, dtype) in enumerate(X.dtypes.items()):
        if mask[j] or dtype_kind(dtype) is not None:
            continue
        convert = _CONVERSIONS.get(_temporal_kind(dtype))
        to_numbers = "Convert it to numbers first"
        if convert is not None:
            to_numbers += f", e.g. {convert.format(col=repr(label))}"
        raise ValueError(
            f"Column {label!r} has dtype {dtype}, which is neither numeric nor "
            f"categorical. {to_numbers}; or name it in categorical_features to "
            "treat its distinct values as categories (synthetic rows then hold "
            "only values seen in training)."
        )


def _temporal_kind(dtype):
    """``"datetime64"``, ``"timedelta64"``, ``"period"``, ``"interval"`` or
    None for other dtypes."""
    import pandas as pd

    types = pd.api.types
    if types.is_datetime64_any_dtype(dtype):
        return "datetime64"
    if types.is_timedelta64_dtype(dtype):
        return "timedelta64"
    if isinstance(dtype, pd.PeriodDtype):
        return "period"
    if isinstance(dtype, pd.IntervalDtype):
        return "interval"
    return None


def _check_categorical(column, name):
    observed = column[~missing_mask(column)]  # missing values are learned
    kinds = {_kind(v) for v in observed}
    if len(kinds) > 1:
        raise ValueError(
            f"Categorical column {name} mixes value types {sorted(kinds)}; convert it "
            "to one type, e.g. X[col] = X[col].astype(str)."
        )
    n_categories = len(set(observed.tolist()))
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
