"""skgan: GAN-based oversampling and data augmentation for scikit-learn.

Public names: :class:`GANOversampler` (an imbalanced-learn sampler for tables
and multichannel sequences) and :class:`AugmentedClassifier` (a classifier
trained on the augmented data, for plain scikit-learn pipelines);
:func:`prefit_folds` (trains the GANs of a cross-validation at once, into
the sampler's cache); the
submodules :mod:`skgan.metrics` (fidelity and privacy measures of synthetic
rows), :mod:`skgan.plotting` (pictures of training and of synthetic rows;
needs the ``[plot]`` extra, matplotlib, when a function is called),
:mod:`skgan.augmentation` (helpers for sequence data in the layout EEG
classifiers use) and :mod:`skgan.nn` (the torch generators and
discriminators).
"""

from skgan import augmentation, metrics, nn, plotting
from skgan._classifier import AugmentedClassifier
from skgan._oversampler import GANOversampler
from skgan._prefit import prefit_folds

__version__ = "0.1.0"

__all__ = [
    "AugmentedClassifier",
    "GANOversampler",
    "augmentation",
    "metrics",
    "nn",
    "plotting",
    "prefit_folds",
    "__version__",
]
