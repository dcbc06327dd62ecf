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

The names are imported when first used (PEP 562), so that ``import skgan``
and the command line's ``--version`` and ``--help`` do not load torch.
"""

import importlib

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

# Where each public name lives; a None module is a submodule of its own name.
_LOCATIONS = {
    "AugmentedClassifier": "skgan._classifier",
    "GANOversampler": "skgan._oversampler",
    "prefit_folds": "skgan._prefit",
    "augmentation": None,
    "metrics": None,
    "nn": None,
    "plotting": None,
}


def __getattr__(name):
    """Import a public name on first use and keep it in the module."""
    if name not in _LOCATIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = _LOCATIONS[name]
    if module is None:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
