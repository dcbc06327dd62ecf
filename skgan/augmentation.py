"""Helpers that turn GAN output into extra training data for a classifier.

The classifier side of skgan works on "images" shaped
``(n_samples, n_timesteps, 1, n_channels)``, while the sequence GAN works on
sequences shaped ``(n_samples, n_timesteps, n_channels)`` whose values lie in
``[0, 1]``. This module converts between the two layouts, builds the soft
class labels used to condition the generator when interpolating between
classes, and appends generated samples to a real training set.

Everything here is plain numpy; no deep-learning framework is imported.

Examples
--------
>>> import numpy as np
>>> from skgan.augmentation import (
...     classifier_images_to_gan_sequences,
...     gan_sequences_to_classifier_images,
... )
>>> images = np.array([[[[-2.0, 1.0]], [[0.5, 4.0]]]])
>>> images.shape
(1, 2, 1, 2)
>>> sequences, scale = classifier_images_to_gan_sequences(images)
>>> sequences.shape, scale
((1, 2, 2), 4.0)
>>> print(sequences[0])
[[0.25   0.625 ]
 [0.5625 1.    ]]
>>> restored = gan_sequences_to_classifier_images(sequences, scale)
>>> bool(np.allclose(restored, images))
True
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "GANAugmentationResult",
    "append_synthetic_training_data",
    "classifier_images_to_gan_sequences",
    "gan_sequences_to_classifier_images",
    "interpolation_labels",
]


@dataclass
class GANAugmentationResult:
    """Real training data augmented with GAN-generated samples.

    Attributes
    ----------
    x_train : numpy.ndarray
        Classifier inputs, shape ``(n_real + n_synthetic, n_timesteps, 1,
        n_channels)``: the real inputs followed by the synthetic ones.
    y_train : numpy.ndarray
        Labels, shape ``(n_real + n_synthetic, n_classes)``: the real one-hot
        labels followed by the synthetic soft labels.
    x_synthetic : numpy.ndarray
        The synthetic classifier inputs alone, shape ``(n_synthetic,
        n_timesteps, 1, n_channels)``.
    y_synthetic : numpy.ndarray
        The synthetic soft labels alone, shape ``(n_synthetic, n_classes)``.
    history : list of dict of str to float, default=[]
        Per-epoch GAN losses, one dictionary per epoch.
    scale : float, default=1.0
        Scale factor used to denormalize the generated sequences (see
        :func:`gan_sequences_to_classifier_images`).
    metadata : dict of str to Any, default={}
        Extra details about the run; values should be JSON-serialisable.

    Examples
    --------
    >>> import numpy as np
    >>> result = GANAugmentationResult(
    ...     x_train=np.zeros((3, 4, 1, 2), dtype=np.float32),
    ...     y_train=np.eye(3, dtype=np.float32),
    ...     x_synthetic=np.zeros((0, 4, 1, 2), dtype=np.float32),
    ...     y_synthetic=np.zeros((0, 3), dtype=np.float32),
    ... )
    >>> result.history, result.scale, result.metadata
    ([], 1.0, {})
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_synthetic: np.ndarray
    y_synthetic: np.ndarray
    history: list[dict[str, float]] = field(default_factory=list)
    scale: float = 1.0
    metadata: dict[str, Any] = field(default_factory=dict)


def interpolation_labels(n_classes: int = 4, samples_per_class: int = 10) -> np.ndarray:
    """Soft labels that move linearly from one class to another.

    For every ordered pair ``(start, end)`` of classes, including the pairs
    where ``start == end``, ``samples_per_class`` labels are produced with
    weights ``w = numpy.linspace(0, 1, samples_per_class)``::

        label = e[start] * (1 - w) + e[end] * w

    where ``e[k]`` is the one-hot vector of class ``k``. Pairs are enumerated
    in row-major order: the start class is the outer loop and the end class
    the inner loop, so the first ``samples_per_class`` rows belong to the pair
    ``(0, 0)``, the next ones to ``(0, 1)``, and so on.

    Parameters
    ----------
    n_classes : int, default=4
        Number of classes.
    samples_per_class : int, default=10
        Number of labels generated for each ordered pair of classes. With
        ``samples_per_class=1`` the only weight is ``0``, so every label is
        the one-hot vector of its start class.

    Returns
    -------
    labels : numpy.ndarray of shape (n_classes * n_classes * samples_per_class, \
n_classes)
        The soft labels as ``float32``; every row sums to one.

    Raises
    ------
    ValueError
        If ``n_classes`` or ``samples_per_class`` is not positive.

    Examples
    --------
    >>> labels = interpolation_labels(2, 3)
    >>> labels.shape, labels.dtype
    ((12, 2), dtype('float32'))
    >>> print(labels)
    [[1.  0. ]
     [1.  0. ]
     [1.  0. ]
     [1.  0. ]
     [0.5 0.5]
     [0.  1. ]
     [0.  1. ]
     [0.5 0.5]
     [1.  0. ]
     [0.  1. ]
     [0.  1. ]
     [0.  1. ]]
    >>> interpolation_labels().shape
    (160, 4)
    """
    if n_classes <= 0:
        raise ValueError("n_classes must be positive.")
    if samples_per_class <= 0:
        raise ValueError("samples_per_class must be positive.")

    eye = np.eye(n_classes)
    weights = np.linspace(0, 1, samples_per_class)[:, None]
    blocks = [
        eye[start] * (1 - weights) + eye[end] * weights
        for start in range(n_classes)
        for end in range(n_classes)
    ]
    return np.concatenate(blocks, axis=0).astype(np.float32)


def classifier_images_to_gan_sequences(x_train) -> tuple[np.ndarray, float]:
    """Convert classifier inputs into normalized sequences for the GAN.

    The singleton third axis is dropped and the values are mapped linearly
    from ``[-scale, scale]`` to ``[0, 1]`` with
    ``sequences / (2 * scale) + 0.5``, where ``scale`` is the largest absolute
    value in the input (or ``1.0`` when the input is all zeros).
    :func:`gan_sequences_to_classifier_images` undoes this transformation.

    Parameters
    ----------
    x_train : array-like of shape (n_samples, n_timesteps, 1, n_channels)
        Classifier inputs.

    Returns
    -------
    sequences : numpy.ndarray of shape (n_samples, n_timesteps, n_channels)
        The normalized sequences as ``float32``, with values in ``[0, 1]``.
    scale : float
        The scale factor needed to map the sequences back.

    Raises
    ------
    ValueError
        If ``x_train`` is not four-dimensional with a third axis of size one.

    Examples
    --------
    >>> import numpy as np
    >>> images = np.array([[[[2.0]], [[-1.0]], [[0.0]]]])
    >>> sequences, scale = classifier_images_to_gan_sequences(images)
    >>> sequences.shape, sequences.dtype, scale
    ((1, 3, 1), dtype('float32'), 2.0)
    >>> print(sequences[0, :, 0])
    [1.   0.25 0.5 ]
    """
    x = np.asarray(x_train)
    if x.ndim != 4 or x.shape[2] != 1:
        raise ValueError(
            f"Expected classifier inputs shaped (n, time, 1, channels), got {x.shape}."
        )
    sequences = x.reshape(x.shape[0], x.shape[1], x.shape[3])
    scale = float(np.max(np.abs(sequences)))
    if scale == 0:
        scale = 1.0
    normalized = (sequences / (2 * scale) + 0.5).astype(np.float32)
    return normalized, scale


def gan_sequences_to_classifier_images(sequences, scale) -> np.ndarray:
    """Convert normalized GAN sequences back into classifier inputs.

    This is the inverse of :func:`classifier_images_to_gan_sequences`: values
    are mapped from ``[0, 1]`` back to ``[-scale, scale]`` with
    ``(sequences - 0.5) * 2 * scale`` and a singleton third axis is inserted.

    Parameters
    ----------
    sequences : array-like of shape (n_samples, n_timesteps, n_channels)
        Normalized sequences, for instance produced by the generator.
    scale : float
        The scale factor returned by
        :func:`classifier_images_to_gan_sequences`.

    Returns
    -------
    images : numpy.ndarray of shape (n_samples, n_timesteps, 1, n_channels)
        The classifier inputs as ``float32``.

    Raises
    ------
    ValueError
        If ``sequences`` is not three-dimensional.

    Examples
    --------
    >>> import numpy as np
    >>> images = gan_sequences_to_classifier_images([[[1.0], [0.25], [0.5]]], 2.0)
    >>> images.shape, images.dtype
    ((1, 3, 1, 1), dtype('float32'))
    >>> print(images[0, :, 0, 0])
    [ 2. -1.  0.]
    """
    sequences = np.asarray(sequences, dtype=np.float32)
    if sequences.ndim != 3:
        raise ValueError(
            "Expected generated sequences shaped (n, time, channels), "
            f"got {sequences.shape}."
        )
    images = (sequences - 0.5) * 2 * float(scale)
    return images[:, :, None, :].astype(np.float32)


def append_synthetic_training_data(
    x_train,
    y_train,
    synthetic_sequences,
    synthetic_labels,
    scale,
    history=None,
    metadata=None,
) -> GANAugmentationResult:
    """Append GAN-generated samples to a real training set.

    The synthetic sequences are denormalized with
    :func:`gan_sequences_to_classifier_images` and placed after the real
    samples; the synthetic soft labels are placed after the real labels.

    Parameters
    ----------
    x_train : array-like of shape (n_real, n_timesteps, 1, n_channels)
        Real classifier inputs.
    y_train : array-like of shape (n_real, n_classes)
        Real one-hot labels.
    synthetic_sequences : array-like of shape (n_synthetic, n_timesteps, \
n_channels)
        Normalized sequences produced by the generator.
    synthetic_labels : array-like of shape (n_synthetic, n_classes)
        Soft labels of the synthetic sequences.
    scale : float
        Scale factor used to denormalize ``synthetic_sequences``.
    history : list of dict of str to float, default=None
        Per-epoch GAN losses; ``None`` stores an empty list.
    metadata : dict of str to Any, default=None
        Extra JSON-serialisable details; ``None`` stores an empty dictionary.

    Returns
    -------
    result : GANAugmentationResult
        The augmented training set (``float32`` arrays) together with the
        synthetic samples alone, ``history``, ``scale`` and ``metadata``.

    Raises
    ------
    ValueError
        If ``synthetic_sequences`` is not three-dimensional, if
        ``synthetic_sequences`` and ``synthetic_labels`` have different
        numbers of rows, or if the real and synthetic inputs or labels do not
        agree in shape after the first axis.

    Examples
    --------
    >>> import numpy as np
    >>> x_real = np.zeros((2, 5, 1, 3))
    >>> y_real = np.eye(2)
    >>> result = append_synthetic_training_data(
    ...     x_real,
    ...     y_real,
    ...     synthetic_sequences=np.full((4, 5, 3), 0.75),
    ...     synthetic_labels=np.full((4, 2), 0.5),
    ...     scale=2.0,
    ... )
    >>> result.x_train.shape, result.y_train.shape, result.x_train.dtype
    ((6, 5, 1, 3), (6, 2), dtype('float32'))
    >>> print(result.x_synthetic[0, 0, 0])
    [1. 1. 1.]
    >>> print(result.y_train)
    [[1.  0. ]
     [0.  1. ]
     [0.5 0.5]
     [0.5 0.5]
     [0.5 0.5]
     [0.5 0.5]]
    """
    x_synthetic = gan_sequences_to_classifier_images(synthetic_sequences, scale)
    y_synthetic = np.asarray(synthetic_labels, dtype=np.float32)
    x_real = np.asarray(x_train, dtype=np.float32)
    y_real = np.asarray(y_train, dtype=np.float32)

    if y_synthetic.ndim >= 1 and y_synthetic.shape[0] != x_synthetic.shape[0]:
        raise ValueError(
            "synthetic_sequences and synthetic_labels must have the same number "
            f"of rows, got {x_synthetic.shape[0]} sequences and "
            f"{y_synthetic.shape[0]} labels."
        )
    if x_real.ndim != x_synthetic.ndim or x_real.shape[1:] != x_synthetic.shape[1:]:
        raise ValueError(
            "x_train and the synthetic classifier inputs must agree after the "
            f"first axis: x_train has shape {x_real.shape} and the synthetic "
            f"inputs have shape {x_synthetic.shape}."
        )
    if y_real.ndim != y_synthetic.ndim or y_real.shape[1:] != y_synthetic.shape[1:]:
        raise ValueError(
            "y_train and synthetic_labels must agree after the first axis: "
            f"y_train has shape {y_real.shape} and synthetic_labels has shape "
            f"{y_synthetic.shape}."
        )

    return GANAugmentationResult(
        x_train=np.concatenate([x_real, x_synthetic], axis=0),
        y_train=np.concatenate([y_real, y_synthetic], axis=0),
        x_synthetic=x_synthetic,
        y_synthetic=y_synthetic,
        history=history or [],
        scale=scale,
        metadata=metadata or {},
    )
