"""Pictures of a GAN's training and of synthetic rows next to real ones.

* :func:`plot_history`: the losses and discriminator scores per epoch of a
  fitted :class:`skgan.GANOversampler` (its ``history_``).
* :func:`plot_marginals`: the distribution of each feature, real against
  synthetic, class by class (histograms for numeric columns, bar charts of
  category shares for categorical ones).
* :func:`plot_projection`: real and synthetic rows in the plane of the first
  two principal components of the real rows.

matplotlib is an optional dependency (``pip install "skgan[plot]"``): it is
imported when a function is called, never by ``import skgan.plotting``. The
functions draw on the Axes they are given, or on a new figure from
``matplotlib.pyplot.subplots`` when none is given, and never change
matplotlib's global state (backend, rcParams, style).

Inputs may be numpy arrays or pandas DataFrames (column names become titles);
DataFrame category, object, string and bool columns, and numpy columns of
strings or bools, are categorical. Labels may be hard labels or soft-label
matrices of shape ``(n_samples, n_classes)`` as ``fit_resample(...,
soft_labels=True)`` returns them: a soft-labelled row counts for the class of
its largest entry.
"""

import numbers

import numpy as np

from skgan._validation import (
    NUMERIC,
    array_column_kind,
    dtype_kind,
    encode_pair,
    is_dataframe,
    is_missing,
    select_columns,
)

__all__ = ["plot_history", "plot_marginals", "plot_projection"]

_HISTORY_LINES = (
    ("discriminator_loss", "discriminator loss", "-"),
    ("generator_loss", "generator loss", "-"),
    ("discriminator_real", "discriminator score, real rows", "--"),
    ("discriminator_fake", "discriminator score, synthetic rows", "--"),
)
_REAL_COLOR, _SYNTHETIC_COLOR = "C0", "C1"


# ----------------------------------------------------------------------------
# matplotlib, imported lazily
# ----------------------------------------------------------------------------


def _import_matplotlib():
    """Import matplotlib, or say how to install it."""
    try:
        import matplotlib
    except ImportError as exc:
        raise ImportError(
            "skgan.plotting needs matplotlib, which is not installed. Install it "
            'with: pip install "skgan[plot]"'
        ) from exc
    return matplotlib


def _subplots(nrows=1, ncols=1, **kwargs):
    """A new figure from pyplot (shown in notebooks as users expect)."""
    _import_matplotlib()
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, **kwargs)


def _check_axes(ax, name):
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(
            f"{name} must be a matplotlib Axes (e.g. from "
            f"matplotlib.pyplot.subplots()); got {type(ax).__name__}."
        )
    return ax


# ----------------------------------------------------------------------------
# Input handling
# ----------------------------------------------------------------------------


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
        if array.ndim in (3, 4):
            if not flatten_sequences:
                raise ValueError(
                    f"{name} holds sequences of shape {array.shape}; plot_marginals "
                    "compares the columns of a table. Flatten them first, e.g. "
                    f"{name}.reshape(len({name}), -1), and choose a few features; or "
                    "use plot_projection, which flattens sequences itself."
                )
            array = array.reshape(len(array), -1)
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


# ----------------------------------------------------------------------------
# plot_history
# ----------------------------------------------------------------------------


def _history_records(history):
    from skgan.augmentation import GANAugmentationResult

    if isinstance(history, GANAugmentationResult):
        return history.history
    if hasattr(history, "fit"):  # an estimator: its history_
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(history, "history_")
        return history.history_
    return history


def plot_history(history, *, ax=None):
    """Plot a GAN's training losses and discriminator scores per epoch.

    Four lines: the discriminator's and the generator's mean loss per epoch
    (solid), and the discriminator's mean score on real and on synthetic rows
    (dashed). Losses say little about the quality of the rows; they show
    whether training was stable (no divergence, no collapse of the
    discriminator's scores).

    Parameters
    ----------
    history : GANOversampler or list of dict
        A fitted :class:`skgan.GANOversampler` (its ``history_`` is drawn), its
        ``history_``, or the ``history`` of a
        :class:`skgan.augmentation.GANAugmentationResult`: one dict per epoch
        with the keys ``epoch``, ``discriminator_loss``, ``generator_loss``,
        ``discriminator_real`` and ``discriminator_fake``.

    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure from ``matplotlib.pyplot.subplots`` when
        None.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on, with one labelled line per quantity and a legend.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "skgan[plot]"``).
    sklearn.exceptions.NotFittedError
        If ``history`` is an unfitted sampler.
    ValueError
        If the history is empty or its records lack a key.
    TypeError
        If ``ax`` is not a matplotlib Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import make_classification
    >>> from skgan import GANOversampler
    >>> from skgan.plotting import plot_history
    >>> X, y = make_classification(n_samples=200, weights=[0.8, 0.2],
    ...                            random_state=0)
    >>> sampler = GANOversampler(max_steps=20, generator_hidden_sizes=(32,),
    ...                          discriminator_hidden_sizes=(32,), n_jobs=1,
    ...                          random_state=0)
    >>> sampler = sampler.fit(X, y)
    >>> ax = plot_history(sampler)
    >>> [line.get_label() for line in ax.get_lines()]  # doctest: +NORMALIZE_WHITESPACE
    ['discriminator loss', 'generator loss', 'discriminator score, real rows',
     'discriminator score, synthetic rows']
    >>> plt.close(ax.figure)
    """
    _import_matplotlib()
    records = _history_records(history)
    try:
        records = list(records)
    except TypeError:
        raise TypeError(
            "history must be a fitted GANOversampler or its history_ (a list of "
            f"dicts, one per epoch); got {type(history).__name__}."
        ) from None
    if not records:
        raise ValueError(
            "history is empty: the sampler recorded no training epochs (it trains "
            "no network when every column is constant)."
        )
    keys = ["epoch"] + [key for key, _, _ in _HISTORY_LINES]
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise TypeError(
                f"history must be a list of dicts; record {i} is a "
                f"{type(record).__name__}."
            )
        missing = [key for key in keys if key not in record]
        if missing:
            raise ValueError(
                f"history record {i} lacks the key(s) {missing}; each record needs "
                f"{keys}, as GANOversampler.history_ has them."
            )
    if ax is None:
        _, ax = _subplots()
    _check_axes(ax, "ax")
    epochs = [record["epoch"] for record in records]
    marker = "o" if len(records) == 1 else None  # a single point is no line
    for key, label, style in _HISTORY_LINES:
        values = [float(record[key]) for record in records]
        ax.plot(epochs, values, linestyle=style, marker=marker, label=label)
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean over the epoch's steps")
    ax.set_title("GAN training history")
    ax.legend()
    return ax


# ----------------------------------------------------------------------------
# plot_marginals
# ----------------------------------------------------------------------------


def _category_order(values_real, values_syn, declared):
    seen = list(declared) if declared is not None else []
    extra = set(values_real.tolist()) | set(values_syn.tolist())
    extra = [v for v in extra if v not in seen]
    try:
        extra = sorted(extra)
    except TypeError:  # mixed types
        extra = sorted(extra, key=str)
    return seen + extra


def _shares(values, categories):
    if len(values) == 0:
        return np.zeros(len(categories))
    index = {category: i for i, category in enumerate(categories)}
    counts = np.bincount([index[v] for v in values], minlength=len(categories))
    return counts / len(values)


def _note(ax, text):
    ax.text(0.5, 0.95, text, transform=ax.transAxes, ha="center", va="top", fontsize=8)


def _draw_numeric(ax, real, synthetic, edges):
    if len(real):
        ax.hist(
            real, bins=edges, density=True, alpha=0.5, color=_REAL_COLOR, label="real"
        )
    if len(synthetic):
        ax.hist(
            synthetic,
            bins=edges,
            density=True,
            alpha=0.5,
            color=_SYNTHETIC_COLOR,
            label="synthetic",
        )
    ax.set_ylabel("density")


def _draw_categorical(ax, real, synthetic, categories):
    positions = np.arange(len(categories))
    width = 0.4
    if len(real):
        ax.bar(
            positions - width / 2,
            _shares(real, categories),
            width,
            color=_REAL_COLOR,
            alpha=0.8,
            label="real",
        )
    if len(synthetic):
        ax.bar(
            positions + width / 2,
            _shares(synthetic, categories),
            width,
            color=_SYNTHETIC_COLOR,
            alpha=0.8,
            label="synthetic",
        )
    labels = [str(c) for c in categories]
    long = len(categories) > 5 or any(len(label) > 6 for label in labels)
    ax.set_xticks(
        positions,
        labels,
        rotation=45 if long else 0,
        ha="right" if long else "center",
    )
    ax.set_ylabel("share of rows")


def _marginal_axes(axes, n_rows, n_columns):
    if axes is None:
        _, axes = _subplots(
            n_rows,
            n_columns,
            squeeze=False,
            figsize=(3.2 * n_columns, 2.6 * n_rows),
            layout="constrained",
        )
        return axes
    flat = np.asarray(axes, dtype=object).ravel()
    if len(flat) != n_rows * n_columns:
        raise ValueError(
            f"axes holds {len(flat)} Axes but the plot needs {n_rows} class(es) x "
            f"{n_columns} feature(s) = {n_rows * n_columns}, one per panel, in "
            "rows of classes and columns of features."
        )
    for ax in flat:
        _check_axes(ax, "each entry of axes")
    return flat.reshape(n_rows, n_columns)


def plot_marginals(
    X,
    y,
    X_synthetic,
    y_synthetic,
    *,
    features=None,
    classes=None,
    bins=30,
    axes=None,
):
    """Compare each feature's distribution in real and synthetic rows, by class.

    A grid of panels, one row per class and one column per feature. A numeric
    feature is drawn as two overlaid density histograms on shared bins (real
    in the first colour of matplotlib's cycle, synthetic in the second); a
    categorical feature (DataFrame category, object, string or bool column,
    numpy column of strings or bools) as side-by-side bars of each category's
    share of the class's rows. Panels of one feature share their bins and
    categories across classes. The first panel holds the legend.

    Parameters
    ----------
    X : {array-like, dataframe} of shape (n_samples, n_features)
        Real rows. Sequences (3-D or 4-D arrays) are not accepted: flatten
        them with ``X.reshape(len(X), -1)`` and choose a few ``features``.

    y : array-like of shape (n_samples,) or (n_samples, n_classes)
        Labels of the real rows, or a soft-label matrix (each row counts for
        the class of its largest entry, the column index).

    X_synthetic : {array-like, dataframe} of shape (n_synthetic, n_features)
        Synthetic rows, with the columns of ``X``.

    y_synthetic : array-like of shape (n_synthetic,) or (n_synthetic, n_classes)
        Labels of the synthetic rows, or a soft-label matrix whose columns
        follow the sorted classes of ``y`` (as ``classes_``); each row counts
        for the class of its largest entry.

    features : list of str or int, default=None
        Columns to draw, by name (DataFrames) or position; None draws every
        column (choose a few for wide tables).

    classes : list of labels, default=None
        Classes to draw, one row each; None draws the classes that have
        synthetic rows. A class without rows on one side is drawn from the
        other side, with a note.

    bins : int, str or sequence, default=30
        Histogram bins of numeric features, as ``numpy.histogram_bin_edges``
        takes them; the edges cover the real and synthetic rows of the drawn
        classes.

    axes : array-like of matplotlib.axes.Axes, default=None
        ``len(classes) * len(features)`` Axes to draw on, read in row-major
        order (rows of classes, columns of features); a new figure from
        ``matplotlib.pyplot.subplots`` when None.

    Returns
    -------
    axes : ndarray of matplotlib.axes.Axes of shape (n_classes, n_features)
        The panels, titled ``"<feature> (class <label>)"`` (DataFrame column
        names, else ``"feature <j>"``).

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "skgan[plot]"``).
    ValueError
        If rows and labels differ in number, ``X`` and ``X_synthetic`` differ
        in columns, ``X_synthetic`` is empty, a feature or class is unknown,
        values are missing, ``X`` holds sequences, or ``axes`` holds the wrong
        number of Axes.
    TypeError
        If ``axes`` holds something other than matplotlib Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import make_classification
    >>> from skgan import GANOversampler
    >>> from skgan.plotting import plot_marginals
    >>> X, y = make_classification(n_samples=200, n_features=4, n_informative=2,
    ...                            weights=[0.8, 0.2], random_state=0)
    >>> sampler = GANOversampler(max_steps=20, generator_hidden_sizes=(32,),
    ...                          discriminator_hidden_sizes=(32,), n_jobs=1,
    ...                          random_state=0)
    >>> sampler = sampler.fit(X, y)
    >>> X_new, y_new = sampler.sample(100, random_state=0)
    >>> axes = plot_marginals(X, y, X_new, y_new, features=[0, 1], bins=10)
    >>> axes.shape
    (2, 2)
    >>> axes[1, 0].get_title()
    'feature 0 (class 1)'
    >>> plt.close(axes[0, 0].figure)
    """
    _import_matplotlib()
    real, synthetic, names = _read_pair(X, X_synthetic, flatten_sequences=False)
    labels, labels_syn, all_classes = _read_labels(
        y, y_synthetic, real.n_rows, synthetic.n_rows
    )
    positions = _select_features(features, names, real.n_columns)
    classes = _select_classes(classes, all_classes, np.unique(labels_syn).tolist())
    if isinstance(bins, numbers.Integral) and (
        isinstance(bins, (bool, np.bool_)) or bins < 1
    ):
        raise ValueError(f"bins must be a positive integer; got {bins!r}.")
    columns = [_column_pair(real, synthetic, j, _title(names, j)) for j in positions]
    axes = _marginal_axes(axes, len(classes), len(positions))

    masks = [(labels == c, labels_syn == c) for c in classes]
    in_real = np.logical_or.reduce([m for m, _ in masks])
    in_syn = np.logical_or.reduce([m for _, m in masks])
    for col, (j, (kind, values_real, values_syn, order)) in enumerate(
        zip(positions, columns)
    ):
        if kind == "numeric":
            edges = np.histogram_bin_edges(
                np.concatenate([values_real[in_real], values_syn[in_syn]]), bins
            )
        else:
            categories = _category_order(
                values_real[in_real], values_syn[in_syn], order
            )
        for row, (label, (mask, mask_syn)) in enumerate(zip(classes, masks)):
            ax = axes[row, col]
            real_part, syn_part = values_real[mask], values_syn[mask_syn]
            if kind == "numeric":
                _draw_numeric(ax, real_part, syn_part, edges)
            else:
                _draw_categorical(ax, real_part, syn_part, categories)
            if not len(syn_part):
                _note(ax, "no synthetic rows")
            elif not len(real_part):
                _note(ax, "no real rows")
            ax.set_title(f"{_title(names, j)} (class {label})")
    handles, legend_labels = [], []
    for ax in axes.ravel():  # one legend with both entries, in the first panel
        for handle, text in zip(*ax.get_legend_handles_labels()):
            if text not in legend_labels:
                handles.append(handle)
                legend_labels.append(text)
    axes[0, 0].legend(handles, legend_labels, fontsize=8)
    return axes


# ----------------------------------------------------------------------------
# plot_projection
# ----------------------------------------------------------------------------


def _encode_for_projection(real, synthetic, names):
    """Numeric columns standardised (on the real rows), categorical ones
    one-hot."""
    from sklearn.preprocessing import StandardScaler

    titles = [_title(names, j) for j in range(real.n_columns)]
    pairs = [_column_pair(real, synthetic, j, titles[j]) for j in range(real.n_columns)]
    encoded, encoded_syn, n_numeric = encode_pair(
        [(kind, values) for kind, values, _, _ in pairs],
        [(kind, values) for kind, _, values, _ in pairs],
        titles,
    )
    if n_numeric:
        scaler = StandardScaler().fit(encoded[:, :n_numeric])
        encoded[:, :n_numeric] = scaler.transform(encoded[:, :n_numeric])
        encoded_syn[:, :n_numeric] = scaler.transform(encoded_syn[:, :n_numeric])
    return encoded, encoded_syn


def plot_projection(X, y, X_synthetic, y_synthetic, *, ax=None, random_state=None):
    """Scatter real and synthetic rows on the real rows' first two principal axes.

    Numeric columns are standardised and categorical ones one-hot encoded
    (both fitted on the real rows), then a :class:`~sklearn.decomposition.PCA`
    fitted on the real rows projects every row to two dimensions. Real rows
    are dots, synthetic rows crosses, one colour per class (matplotlib's colour
    cycle, in sorted class order). Synthetic rows that sit where the real rows
    of their class sit are what a good generator gives.

    Parameters
    ----------
    X : {array-like, dataframe} of shape (n_samples, n_features)
        Real rows. Sequences, 3-D ``(n, time, channels)`` or 4-D ``(n, time,
        1, channels)`` arrays, are flattened to ``(n, -1)``.

    y : array-like of shape (n_samples,) or (n_samples, n_classes)
        Labels of the real rows, or a soft-label matrix (each row is coloured
        by the class of its largest entry, the column index).

    X_synthetic : {array-like, dataframe} of shape (n_synthetic, n_features)
        Synthetic rows, with the columns (or sequence shape) of ``X``.

    y_synthetic : array-like of shape (n_synthetic,) or (n_synthetic, n_classes)
        Labels of the synthetic rows, or a soft-label matrix whose columns
        follow the sorted classes of ``y`` (as ``classes_``); each row is
        coloured by the class of its largest entry.

    ax : matplotlib.axes.Axes, default=None
        Where to draw; a new figure from ``matplotlib.pyplot.subplots`` when
        None.

    random_state : int, RandomState instance or None, default=None
        Passed to the PCA, whose randomized solver is used on large inputs.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The Axes drawn on: per class one scatter collection of real rows
        (labelled ``"<label>: real"``) and, when it has any, one of synthetic
        rows (``"<label>: synthetic"``), and a legend.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "skgan[plot]"``).
    ValueError
        If rows and labels differ in number, ``X`` and ``X_synthetic`` differ
        in columns, ``X_synthetic`` is empty, values are missing, or there are
        fewer than two real rows or encoded features.
    TypeError
        If ``ax`` is not a matplotlib Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import make_classification
    >>> from skgan import GANOversampler
    >>> from skgan.plotting import plot_projection
    >>> X, y = make_classification(n_samples=200, weights=[0.8, 0.2],
    ...                            random_state=0)
    >>> sampler = GANOversampler(max_steps=20, generator_hidden_sizes=(32,),
    ...                          discriminator_hidden_sizes=(32,), n_jobs=1,
    ...                          random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> ax = plot_projection(X, y, X_res[len(X):], y_res[len(X):])
    >>> ax.get_legend_handles_labels()[1]
    ['0: real', '1: real', '1: synthetic']
    >>> plt.close(ax.figure)
    """
    from sklearn.decomposition import PCA

    _import_matplotlib()
    real, synthetic, names = _read_pair(X, X_synthetic, flatten_sequences=True)
    labels, labels_syn, classes = _read_labels(
        y, y_synthetic, real.n_rows, synthetic.n_rows
    )
    encoded, encoded_syn = _encode_for_projection(real, synthetic, names)
    if encoded.shape[0] < 2 or encoded.shape[1] < 2:
        raise ValueError(
            "plot_projection needs at least 2 real rows and 2 features (after "
            f"one-hot encoding); got {encoded.shape[0]} row(s) and "
            f"{encoded.shape[1]} feature(s). Use plot_marginals for one feature."
        )
    pca = PCA(n_components=2, random_state=random_state).fit(encoded)
    points, points_syn = pca.transform(encoded), pca.transform(encoded_syn)
    if ax is None:
        _, ax = _subplots()
    _check_axes(ax, "ax")
    for i, label in enumerate(classes):
        color = f"C{i % 10}"
        mask, mask_syn = labels == label, labels_syn == label
        if mask.any():
            ax.scatter(
                *points[mask].T,
                s=14,
                marker="o",
                alpha=0.5,
                color=color,
                label=f"{label}: real",
                zorder=2,
            )
        if mask_syn.any():
            ax.scatter(
                *points_syn[mask_syn].T,
                s=22,
                marker="x",
                alpha=0.8,
                color=color,
                label=f"{label}: synthetic",
                zorder=3,
            )
    ratio = pca.explained_variance_ratio_
    ax.set_xlabel(f"principal component 1 ({ratio[0]:.0%} of real variance)")
    ax.set_ylabel(f"principal component 2 ({ratio[1]:.0%} of real variance)")
    ax.set_title("Real (dots) and synthetic (crosses) rows, PCA of the real rows")
    ax.legend(title="class", fontsize=8)
    return ax
