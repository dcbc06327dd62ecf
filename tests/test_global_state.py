"""Using skgan never changes process-wide state.

Every public call (fit, fit_resample, sample, augment, the meta-estimator,
the metrics) is run between two snapshots of everything a library could
change behind its user's back: numpy's, Python's and torch's global random
generators, torch's thread count, default dtype and deterministic mode,
numpy's floating-point error handling, the warnings filters, scikit-learn's
configuration and the thread-count environment variables.
"""

import os
import random
import warnings

import numpy as np
import pytest
import sklearn
import torch
from sklearn.linear_model import LogisticRegression

from skgan import AugmentedClassifier, GANOversampler
from skgan.metrics import quality_report

_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


@pytest.fixture(autouse=True, scope="module")
def _torch_imported_in_full():
    """Torch's first optimizer imports ``torch._dynamo``, whose ``sympy``
    import adds a warnings filter once per process: an import side effect of
    torch that any torch program has, done here before the snapshots."""
    torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def _snapshot():
    numpy_state = np.random.get_state()
    return {
        "numpy_rng": (numpy_state[0], numpy_state[1].tobytes(), *numpy_state[2:]),
        "python_rng": random.getstate(),
        "torch_rng": torch.get_rng_state().numpy().tobytes(),
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "torch_dtype": torch.get_default_dtype(),
        "torch_deterministic": torch.are_deterministic_algorithms_enabled(),
        "torch_grad": torch.is_grad_enabled(),
        "numpy_errors": np.geterr(),
        "warnings": list(warnings.filters),
        "sklearn_config": sklearn.get_config(),
        "environment": {name: os.environ.get(name) for name in _ENV},
    }


def _assert_unchanged(before):
    after = _snapshot()
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"global state changed: {changed}"


def _table(seed=0):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (60, 4)), rng.normal(3, 1, (15, 4))])
    y = np.repeat([0, 1], [60, 15])
    return X, y


@pytest.mark.parametrize("verbose", [0, 1])
def test_fit_resample_and_sample_leave_global_state_alone(fast, verbose, capsys):
    X, y = _table()
    before = _snapshot()
    sampler = GANOversampler(
        augmentation_ratio=0.5, random_state=0, verbose=verbose, **fast
    )
    sampler.fit_resample(X, y)
    sampler.sample(20, random_state=0)
    sampler.sample(5, y=1)  # random_state=None: fresh entropy, not the global rng
    GANOversampler(random_state=None, n_jobs=1, **fast).fit(X, y)
    _assert_unchanged(before)


def test_sequences_soft_labels_and_augment_leave_global_state_alone(fast):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(24, 8, 1, 2)).astype(np.float32)
    y = np.repeat([0, 1, 2], 8)
    before = _snapshot()
    GANOversampler(
        soft_labels=True,
        augmentation_ratio=1.0,
        interpolation=0.5,
        random_state=0,
        **fast,
    ).fit_resample(X, y)
    GANOversampler(random_state=0, n_jobs=-1, **fast).augment(X, y, samples_per_class=2)
    _assert_unchanged(before)


def test_meta_estimator_and_metrics_leave_global_state_alone(fast):
    X, y = _table(1)
    before = _snapshot()
    sampler = GANOversampler(
        soft_labels=True,
        augmentation_ratio=0.5,
        interpolation=0.5,
        random_state=0,
        **fast,
    )
    AugmentedClassifier(LogisticRegression(), sampler).fit(X, y).predict(X)
    quality_report(GANOversampler(random_state=0, **fast).fit(X, y), X, y)
    _assert_unchanged(before)


def test_a_failed_fit_leaves_global_state_alone(fast):
    X, y = _table()
    before = _snapshot()
    with pytest.raises(ValueError):
        GANOversampler(random_state=0, **fast).fit(X, np.zeros(len(X)))  # one class
    with pytest.raises(ValueError):
        GANOversampler(interpolation=0.5, **fast).fit(X, y)  # needs soft labels
    _assert_unchanged(before)


class _ProbeWarning(UserWarning):
    """A category of this file's own: no filter for it exists beforehand."""


def _other(current, one, another):
    return another if current == one else one


# One probe per key of the snapshot. Each changes that state from whatever it
# is now (a library or an earlier test may already have changed it: numpy's
# "over" may already be "ignore", the default dtype float64), so no probe is
# ever a no-op that the snapshot would rightly not see.
_PROBES = {
    "numpy_rng": lambda: np.random.random_sample(),
    "python_rng": lambda: random.random(),
    "torch_rng": lambda: torch.rand(1),
    "torch_threads": lambda: torch.set_num_threads(
        _other(torch.get_num_threads(), 1, 2)
    ),
    "torch_dtype": lambda: torch.set_default_dtype(
        _other(torch.get_default_dtype(), torch.float64, torch.float32)
    ),
    "torch_deterministic": lambda: torch.use_deterministic_algorithms(
        not torch.are_deterministic_algorithms_enabled()
    ),
    "torch_grad": lambda: torch.set_grad_enabled(not torch.is_grad_enabled()),
    "numpy_errors": lambda: np.seterr(
        over=_other(np.geterr()["over"], "raise", "warn")
    ),
    "warnings": lambda: warnings.simplefilter("ignore", _ProbeWarning),
    "sklearn_config": lambda: sklearn.set_config(
        assume_finite=not sklearn.get_config()["assume_finite"]
    ),
    "environment": lambda: os.environ.__setitem__(
        _ENV[0], _other(os.environ.get(_ENV[0]), "3", "4")
    ),
}


@pytest.fixture
def _everything_put_back():
    """What the probes change, as it was before them."""
    numpy_rng, python_rng = np.random.get_state(), random.getstate()
    torch_rng = torch.get_rng_state()
    threads, dtype = torch.get_num_threads(), torch.get_default_dtype()
    deterministic = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    grad, errors, environment = torch.is_grad_enabled(), np.geterr(), dict(os.environ)
    with warnings.catch_warnings(), sklearn.config_context():
        yield
    np.random.set_state(numpy_rng)
    random.setstate(python_rng)
    torch.set_rng_state(torch_rng)
    torch.set_num_threads(threads)
    torch.set_default_dtype(dtype)
    torch.use_deterministic_algorithms(deterministic, warn_only=warn_only)
    torch.set_grad_enabled(grad)
    np.seterr(**errors)
    for name in _ENV:
        if environment.get(name) is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = environment[name]


# torch lets a process set its inter-op thread count once, before any inter-op
# work: by now it cannot be changed, by skgan or by a probe.
_NO_PROBE = {"torch_interop_threads"}


def test_each_key_of_the_snapshot_has_a_probe():
    assert sorted(_PROBES) == sorted(set(_snapshot()) - _NO_PROBE)


@pytest.mark.parametrize("key", sorted(_PROBES))
def test_the_snapshot_sees_each_kind_of_change(key, _everything_put_back):
    """The check above can fail: each change it guards against is noticed,
    and named."""
    before = _snapshot()
    _PROBES[key]()
    with pytest.raises(AssertionError, match=rf"global state changed: \['{key}'\]"):
        _assert_unchanged(before)
