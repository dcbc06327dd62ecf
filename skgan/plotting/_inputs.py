"""Reading the plotting functions' inputs: tables, labels, chosen columns.

Columns are categorical or numeric by the rule of :mod:`skgan._validation`,
as for the sampler and :mod:`skgan.metrics`.
"""

import numbers

import numpy as np

from skgan._kinds import resolve_kind
from skgan._validation import (
    NUMERIC,
    array_column_kind,
    dtype_kind,
    is_dataframe,
    is_missing,
    select_columns,
)


class _Table:
    """The columns of one input: 1-D arrays, their kind and their titles."""

    def __init__(self, X, name, flatten_sequences):
        if hasattr(X, "toarray") and hasattr(X, "nnz"):
            raise TypeError(
                f"{name} is a sparse matrix; convert it with {name}.toarray()."
            )
        self.name = name
        if is_dataframe(X):
            self.names = list(X.columns)
            self.n_rows, self.n_columns = X.shape
            self._frame, self._array = X, None
            return
        array = np.asarray(X)
        kind = resolve_kind("auto", array.shape) if array.ndim > 2 else None
        if kind is not None and not kind.tabular:
            if not flatten_sequences:
                raise ValueError(
                    f"{name} holds sequences of shape {array.shape}; plot_marginals "
                    "compares the columns of a table. Flatten them first, e.g. "
                    f"{name}.reshape(len({name}), -1), and choose a few features; or "
                    "use plot_projection, which flattens sequences itself."
                )
            array = kind.flat_rows(array, name)
        if array.ndim != 2:
            raise ValueError(
                f"{name} must be a 2-D array or DataFrame; got an array of shape "
                f"{array.shape}. Reshape a single feature with "
                f"{name}.reshape(-1, 1)."
            )
        if array.dtype.kind == "c":
            raise ValueError(f"{name} holds complex numbers, which cannot be plotted.")
        self.names = None
        self.n_rows, self.n_columns = array.shape
        self._frame, self._array = None, array

    def column(self, j):
        """``(kind, values, categories)`` of column ``j``, by the categorical
        rule of :mod:`skgan._validation`.

        ``kind`` is "numeric" (float64 values) or "categorical" (object
        values); ``categories`` is the declared order of a pandas category
        column, else None.
        """
        if self._frame is None:
            values = self._array[:, j]
            kind = array_column_kind(values)
            if kind is None:
                raise ValueError(
                    f"Column {j} of {self.name} has dtype {values.dtype}; only "
                    "numeric, bool and string columns can be plotted."
                )
            if kind == NUMERIC:
                return kind, values.astype(np.float64), None
            return kind, values.astype(object), None
        series = self._frame.iloc[:, j]
        dtype = series.dtype
        kind = dtype_kind(dtype)
        if kind is None:
            raise ValueError(
                f"Column {series.name!r} of {self.name} has dtype {dtype}; only "
                "numeric, bool, object, string and category columns can be plotted."
            )
        if kind == NUMERIC:
            return kind, series.to_numpy(dtype=np.float64, na_value=np.nan), None
        if series.isna().any():
            raise ValueError(
                f"{self.name} has missing values in column {series.name!r}; "
                "drop or fill them before plotting."
            )
        categories = getattr(dtype, "categories", None)
        categories = None if categories is None else list(categories)
        return kind, series.to_numpy(dtype=object), categories


def _read_pair(X, X_synthetic, flatten_sequences):
    """Check the two tables against each other; return them and the titles."""
    real = _Table(X, "X", flatten_sequences)
    synthetic = _Table(X_synthetic, "X_synthetic", flatten_sequences)
    if real.n_rows == 0:
        raise ValueError("X is empty: it has 0 rows.")
    if synthetic.n_rows == 0:
        raise ValueError(
            "X_synthetic is empty: there are no synthetic rows to compare. "
            "(fit_resample adds none when the classes are already balanced and "
            "augmentation_ratio=0.)"
        )
    if real.n_columns == 0:
        raise ValueError("X has no features: it has 0 columns.")
    if real.names is not None and synthetic.names is not None:
        missing = [c for c in real.names if c not in synthetic.names]
        extra = [c for c in synthetic.names if c not in real.names]
        if missing or extra or len(real.names) != len(synthetic.names):
            raise ValueError(
                "X and X_synthetic must have the same columns; X_synthetic lacks "
                f"{missing} and has unexpected {extra}."
            )
        if real.names != synthetic.names:  # same columns in another order
            synthetic = _Table(
                X_synthetic[list(real.names)], "X_synthetic", flatten_sequences
            )
    elif real.n_columns != synthetic.n_columns:
        raise ValueError(
            "X and X_synthetic have different numbers of features: "
            f"{real.n_columns} and {synthetic.n_columns}."
        )
    names = real.names if real.names is not None else synthetic.names
    return real, synthetic, names


def _column_pair(real, synthetic, j, title):
    """Both sides of column ``j``, checked, as ``(kind, real, synthetic, order)``."""
    kind_real, values_real, order = real.column(j)
    kind_syn, values_syn, order_syn = synthetic.column(j)
    if "categorical" in (kind_real, kind_syn):
        values_real = values_real.astype(object)
        values_syn = values_syn.astype(object)
        for name, values in (("X", values_real), ("X_synthetic", values_syn)):
            if any(is_missing(v) for v in values):
                raise ValueError(
                    f"{name} has missing values in column {title!r}; drop or fill "
                    "them before plotting."
                )
        return "categorical", values_real, values_syn, order or order_syn
    for name, values in (("X", values_real), ("X_synthetic", values_syn)):
        if not np.isfinite(values).all():
            raise ValueError(
                f"{name} has NaN or infinite values in column {title!r}; drop or "
                "impute them before plotting."
            )
    return "numeric", values_real, values_syn, None


def _label_codes(y, n_rows, name):
    """``(labels, is_soft)``: hard labels, or a matrix's argmax column."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim not in (1, 2):
        raise ValueError(
            f"{name} must be 1-D labels or a 2-D soft-label matrix of shape "
            f"(n_samples, n_classes); got an array of shape {y.shape}."
        )
    if len(y) != n_rows:
        which = "X" if name == "y" else "X_synthetic"
        raise ValueError(
            f"{which} has {n_rows} rows but {name} has {len(y)} labels; they must "
            "have the same length."
        )
    if y.ndim == 1:
        return y, False
    if y.dtype.kind not in "biuf":
        raise ValueError(
            f"{name} is a 2-D array of dtype {y.dtype}; a soft-label matrix must "
            "be numeric (one column per class)."
        )
    return y.argmax(axis=1), True


def _read_labels(y, y_synthetic, n_real, n_synthetic):
    """Hard labels of both sides and the sorted list of every class."""
    labels, soft = _label_codes(y, n_real, "y")
    labels_syn, soft_syn = _label_codes(y_synthetic, n_synthetic, "y_synthetic")
    width, width_syn = np.shape(y)[-1], np.shape(y_synthetic)[-1]
    if soft and not soft_syn:
        raise ValueError(
            "y is a soft-label matrix but y_synthetic holds hard labels; pass both "
            "as labels or both as matrices."
        )
    if soft and soft_syn and width != width_syn:
        raise ValueError(
            f"y and y_synthetic are soft-label matrices with {width} and "
            f"{width_syn} columns; they need one column per class each."
        )
    if soft_syn and not soft:
        classes = np.unique(labels)
        if width_syn != len(classes):
            raise ValueError(
                f"y_synthetic is a soft-label matrix with {width_syn} columns but y "
                f"has {len(classes)} classes; its columns must follow the sorted "
                f"classes of y, {classes.tolist()}."
            )
        labels_syn = classes[labels_syn]
    mixed = ValueError(
        "y and y_synthetic hold labels of different types (e.g. strings and "
        "numbers); pass labels of one type."
    )
    kinds = {labels.dtype.kind, labels_syn.dtype.kind}
    if kinds & set("biuf") and kinds & set("US"):
        raise mixed
    try:
        classes = np.unique(np.concatenate([labels, labels_syn]))
    except TypeError:
        raise mixed from None
    return labels, labels_syn, classes.tolist()


def _select_features(features, names, n_columns):
    """Column positions chosen by ``features`` (names or indices)."""
    if features is None:
        return list(range(n_columns))
    if isinstance(features, (str, numbers.Integral)) or np.ndim(features) == 0:
        features = [features]
    features = list(features)
    if not features:
        raise ValueError("features is empty; choose at least one, or pass None.")
    return select_columns(features, names, n_columns, "features")


def _select_classes(classes, all_classes, synthetic_classes):
    if classes is None:
        return list(synthetic_classes)
    if isinstance(classes, str) or np.ndim(classes) == 0:
        classes = [classes]
    classes = list(classes)
    if not classes:
        raise ValueError("classes is empty; choose at least one, or pass None.")
    for label in classes:
        if label not in all_classes:
            raise ValueError(
                f"{label!r} is not a class of y or y_synthetic; the classes are "
                f"{all_classes}."
            )
    return classes


def _title(names, j):
    return f"feature {j}" if names is None else str(names[j])
