"""plot_projection: real and synthetic rows on the real rows' principal axes."""

from skgan._validation import encode_pair
from skgan.plotting._inputs import _column_pair, _read_labels, _read_pair, _title
from skgan.plotting._matplotlib import _check_axes, _import_matplotlib, _subplots


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
    # real rows as dots under synthetic rows as crosses
    sides = (
        (points, labels, dict(s=14, marker="o", alpha=0.5, zorder=2), "real"),
        (
            points_syn,
            labels_syn,
            dict(s=22, marker="x", alpha=0.8, zorder=3),
            "synthetic",
        ),
    )
    for i, label in enumerate(classes):
        for where, their_labels, style, what in sides:
            mask = their_labels == label
            if mask.any():
                ax.scatter(
                    *where[mask].T,
                    color=f"C{i % 10}",
                    label=f"{label}: {what}",
                    **style,
                )
    ratio = pca.explained_variance_ratio_
    ax.set_xlabel(f"principal component 1 ({ratio[0]:.0%} of real variance)")
    ax.set_ylabel(f"principal component 2 ({ratio[1]:.0%} of real variance)")
    ax.set_title("Real (dots) and synthetic (crosses) rows, PCA of the real rows")
    ax.legend(title="class", fontsize=8)
    return ax
