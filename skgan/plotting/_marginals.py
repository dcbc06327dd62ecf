"""plot_marginals: each feature, real against synthetic, class by class."""

import numbers

import numpy as np

from skgan.plotting._inputs import (
    _column_pair,
    _read_labels,
    _read_pair,
    _select_classes,
    _select_features,
    _title,
)
from skgan.plotting._matplotlib import _check_axes, _import_matplotlib, _subplots

_REAL_COLOR, _SYNTHETIC_COLOR = "C0", "C1"


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
