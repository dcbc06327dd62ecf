"""plot_images: real and synthetic images side by side, a row per class."""

import numpy as np

from skgan.plotting._inputs import _read_labels, _select_classes
from skgan.plotting._matplotlib import _check_axes, _import_matplotlib, _subplots


def _read_images(X, name):
    """(n, height, width) grey or (n, height, width, 3 or 4) colour images."""
    images = np.asarray(X)
    if images.ndim == 4 and images.shape[3] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or (
        images.ndim == 4 and images.shape[3] not in (3, 4)
    ):
        raise ValueError(
            f"{name} must hold grey images (n, height, width) or (n, height, "
            "width, 1), or colour images (n, height, width, 3 or 4); got shape "
            f"{images.shape}. Show one channel k with {name}[..., k]."
        )
    if images.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold numbers; got dtype {images.dtype}.")
    return images


def plot_images(
    X,
    y,
    X_synthetic,
    y_synthetic,
    *,
    classes=None,
    n_images=6,
    cmap="gray_r",
    axes=None,
):
    """Show real and synthetic images side by side, one row per class.

    Each row holds the first ``n_images`` real images of a class, then the
    first ``n_images`` synthetic images of that class (fewer when a class
    has fewer; the remaining panels stay empty). Grey images share one
    colour scale, the range of the real images; colour images (3 or 4
    channels) are scaled from that range to [0, 1].

    Parameters
    ----------
    X : array-like of shape (n_samples, height, width) or (n_samples, \
height, width, n_channels)
        Real images; ``n_channels`` is 1, 3 (RGB) or 4 (RGBA).

    y : array-like of shape (n_samples,) or (n_samples, n_classes)
        Labels of the real images, or a soft-label matrix (an image counts
        for the class of its largest entry, the column index).

    X_synthetic : array-like of shape (n_synthetic, height, width) or \
(n_synthetic, height, width, n_channels)
        Synthetic images.

    y_synthetic : array-like of shape (n_synthetic,) or (n_synthetic, n_classes)
        Labels of the synthetic images, or a soft-label matrix whose columns
        follow the sorted classes of ``y`` (as ``classes_``).

    classes : list of labels, default=None
        Classes to show, one row each; None shows the classes that have
        synthetic images, sorted.

    n_images : int, default=6
        Real and synthetic images per class (each).

    cmap : str or matplotlib colormap, default="gray_r"
        Colormap of grey images (``"gray_r"``: dark ink on white).

    axes : ndarray of matplotlib.axes.Axes of shape (n_classes, 2 * n_images), \
default=None
        Where to draw; a new figure from ``matplotlib.pyplot.subplots`` when
        None.

    Returns
    -------
    axes : ndarray of matplotlib.axes.Axes of shape (n_classes, 2 * n_images)
        The Axes drawn on: in each row the real images, then the synthetic.

    Raises
    ------
    ImportError
        If matplotlib is not installed (``pip install "skgan[plot]"``).
    ValueError
        If the arrays are not images, ``X`` and ``X_synthetic`` differ in
        image shape, images and labels differ in number, ``n_images`` is not
        a positive integer, a class is unknown, or ``axes`` has the wrong
        shape.
    TypeError
        If ``axes`` does not hold matplotlib Axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from sklearn.datasets import load_digits
    >>> from skgan import GANOversampler
    >>> from skgan.plotting import plot_images
    >>> X, y = load_digits(n_class=2, return_X_y=True)
    >>> X = X.reshape(-1, 8, 8)
    >>> sampler = GANOversampler(data_kind="image", max_steps=5,
    ...                          random_state=0).fit(X, y)
    >>> X_new, y_new = sampler.sample(y=[0, 0, 1, 1], random_state=0)
    >>> axes = plot_images(X, y, X_new, y_new, n_images=2)
    >>> axes.shape
    (2, 4)
    >>> plt.close(axes[0, 0].figure)
    """
    _import_matplotlib()
    real, synthetic = _read_images(X, "X"), _read_images(X_synthetic, "X_synthetic")
    if real.shape[1:] != synthetic.shape[1:]:
        raise ValueError(
            f"X holds images of shape {real.shape[1:]} but X_synthetic of shape "
            f"{synthetic.shape[1:]}; they must be the same."
        )
    if not isinstance(n_images, (int, np.integer)) or n_images < 1:
        raise ValueError(f"n_images must be a positive integer; got {n_images!r}.")
    labels, labels_syn, all_classes = _read_labels(
        y, y_synthetic, len(real), len(synthetic)
    )
    classes = _select_classes(classes, all_classes, np.unique(labels_syn).tolist())
    shape = (len(classes), 2 * n_images)
    if axes is None:
        _, axes = _subplots(
            *shape, figsize=(0.9 * shape[1], 0.9 * shape[0] + 0.4), squeeze=False
        )
    axes = np.asarray(axes, dtype=object).reshape(-1)
    if axes.size != shape[0] * shape[1]:
        raise ValueError(
            f"axes must hold {shape[0] * shape[1]} Axes ({shape[0]} classes x "
            f"{shape[1]} images); got {axes.size}."
        )
    axes = axes.reshape(shape)
    low, high = float(real.min()), float(real.max())
    for row, label in enumerate(classes):
        for start, images in (
            (0, real[labels == label]),
            (n_images, synthetic[labels_syn == label]),
        ):
            for k in range(n_images):
                ax = _check_axes(axes[row, start + k], "axes")
                ax.set_xticks([])
                ax.set_yticks([])
                if k < len(images):
                    _show(ax, images[k], low, high, cmap)
        axes[row, 0].set_ylabel(str(label), rotation=0, ha="right", va="center")
    axes[0, 0].set_title("real", loc="left", fontsize=9)
    axes[0, n_images].set_title("synthetic", loc="left", fontsize=9)
    return axes


def _show(ax, image, low, high, cmap):
    if image.ndim == 2:
        ax.imshow(image, cmap=cmap, vmin=low, vmax=high, interpolation="nearest")
        return
    span = high - low if high > low else 1.0
    ax.imshow(np.clip((image - low) / span, 0.0, 1.0), interpolation="nearest")
