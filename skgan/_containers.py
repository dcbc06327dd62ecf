"""Give results back in the container the user passed in.

numpy in, numpy out; a list in, a list out; a DataFrame in, a DataFrame out
with the same columns and dtypes, the real rows keeping their index; a Series
``y`` in, a Series out with its name and dtype (a one-column DataFrame ``y``
likewise). Soft labels are always a
float32 ndarray (n, n_classes): a label matrix has no Series form.
"""

import numpy as np

from skgan._validation import is_dataframe


def describe(X, y, X_checked):
    """What is needed to rebuild outputs like ``X`` and ``y`` later (picklable)."""
    spec = {"x_kind": "array", "x_dtype": X_checked.dtype, "y_kind": "array"}
    if is_dataframe(X):
        spec.update(x_kind="dataframe", columns=X.columns, dtypes=X.dtypes)
    elif isinstance(X, list):
        spec["x_kind"] = "list"
    if hasattr(y, "to_numpy") and hasattr(y, "name") and getattr(y, "ndim", 1) == 1:
        spec.update(y_kind="series", y_name=y.name, y_dtype=y.dtype)
    elif is_dataframe(y) and y.shape[1] == 1:
        spec.update(y_kind="frame", y_name=y.columns[0], y_dtype=y.dtypes.iloc[0])
    elif isinstance(y, list):
        spec["y_kind"] = "list"
    return spec


def synthetic_frame(spec, X_syn, index=None):
    """Synthetic rows (m, n_features) -> the training container."""
    if spec["x_kind"] == "array":
        return X_syn.astype(spec["x_dtype"], copy=False)
    if spec["x_kind"] == "list":
        return X_syn.tolist()
    import pandas as pd

    if index is None:
        index = pd.RangeIndex(len(X_syn))
    # dtype=X_syn.dtype: an object column is not inferred (pandas would make
    # a str column of strings and None, turning None into NaN)
    data = {
        j: pd.Series(X_syn[:, j], index=index, dtype=X_syn.dtype).astype(dtype)
        for j, dtype in enumerate(spec["dtypes"])
    }
    frame = pd.DataFrame(data, index=index)
    frame.columns = spec["columns"]
    return frame


def synthetic_labels(spec, y_syn, index=None):
    """Hard labels (m,) -> the training container of y."""
    if spec["y_kind"] in ("series", "frame"):
        import pandas as pd

        series = pd.Series(y_syn, index=index, name=spec["y_name"]).astype(
            spec["y_dtype"]
        )
        return series.to_frame() if spec["y_kind"] == "frame" else series
    if spec["y_kind"] == "list":
        return y_syn.tolist()
    return y_syn


def synthetic_index(real_index, m):
    """Index of the synthetic rows: integers after the largest integer in
    ``real_index``, or ``"synthetic_<i>"`` strings when it is not integer."""
    import pandas as pd

    name = real_index.name
    if pd.api.types.is_integer_dtype(real_index.dtype):
        start = int(real_index.max()) + 1 if len(real_index) else 0
        return pd.RangeIndex(start, start + m, name=name)
    return pd.Index([f"synthetic_{i}" for i in range(m)], name=name)


def assemble(spec, X, y, y_checked, rows, labels, classes, soft):
    """The resampled output, real samples untouched and in order, then the
    synthetic ones, in the containers of ``X`` and ``y``.

    ``rows`` holds the synthetic samples, after the validated real ones
    unless ``X`` is a DataFrame (whose real rows are ``X`` itself);
    ``labels`` are the synthetic samples' label vectors (m, n_classes), in
    the order of ``classes``. With ``soft`` the labels are a float32 matrix,
    real samples one-hot; otherwise the real labels then each synthetic
    sample's class, in the container of ``y``.
    """
    n = len(y_checked)
    if spec["x_kind"] == "dataframe":
        import pandas as pd

        index = synthetic_index(X.index, len(rows))
        X_res = pd.concat([X, synthetic_frame(spec, rows, index)], axis=0)
    elif spec["x_kind"] == "list":
        X_res = rows.tolist()
    else:
        X_res = rows
    if soft:
        real = np.zeros((n, len(classes)), dtype=np.float32)
        real[np.arange(n), np.searchsorted(classes, y_checked)] = 1.0
        return X_res, np.vstack([real, labels])
    y_syn = classes[labels.argmax(1)]
    if spec["y_kind"] in ("series", "frame"):
        import pandas as pd

        if spec["x_kind"] == "dataframe":
            y_index = X_res.index
        else:
            y_index = y.index.append(synthetic_index(y.index, len(y_syn)))
        values = np.concatenate([np.asarray(y).reshape(-1), y_syn])
        y_res = pd.Series(values, index=y_index, name=spec["y_name"])
        y_res = y_res.astype(spec["y_dtype"])
        return X_res, (y_res.to_frame() if spec["y_kind"] == "frame" else y_res)
    y_res = np.concatenate([y_checked, y_syn.astype(y_checked.dtype, copy=False)])
    return X_res, (y_res.tolist() if spec["y_kind"] == "list" else y_res)
