"""skgan: GAN-based oversampling and data augmentation for scikit-learn.

Public names: :class:`GANOversampler`; the submodules :mod:`skgan.metrics`
(fidelity and privacy measures of synthetic rows) and
:mod:`skgan.augmentation` (helpers for sequence data).
"""

from skgan import augmentation, metrics
from skgan._classifier import AugmentedClassifier
from skgan._oversampler import GANOversampler

__version__ = "0.1.0"

__all__ = [
    "AugmentedClassifier",
    "GANOversampler",
    "augmentation",
    "metrics",
    "__version__",
]
