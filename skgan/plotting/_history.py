"""plot_history: the losses and discriminator scores of a fitted sampler."""

from skgan.plotting._matplotlib import _check_axes, _import_matplotlib, _subplots

_HISTORY_LINES = (
    ("discriminator_loss", "discriminator loss", "-"),
    ("generator_loss", "generator loss", "-"),
    ("discriminator_real", "discriminator score, real rows", "--"),
    ("discriminator_fake", "discriminator score, synthetic rows", "--"),
)


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
