"""skgan: GAN-based oversampling and data augmentation for scikit-learn.

Public names: :class:`GANOversampler`; the submodules :mod:`skgan.metrics`
(fidelity and privacy measures of synthetic rows),
:mod:`skgan.augmentation` (helpers for sequence data) and
:mod:`skgan.plotting` (pictures of training and of synthetic rows; needs the
``[plot]`` extra, matplotlib, when a function is called).
"""

from skgan import augmentation, metrics, plotting
from skgan._classifier import AugmentedClassifier
from skgan._oversampler import GANOversampler

__version__ = "0.1.0"

__all__ = [
    "AugmentedClassifier",
    "GANOversampler",
    "augmentation",
    "metrics",
    "plotting",
    "__version__",
]
