"""Shared fixtures: small, fast GAN settings and small datasets."""

import os

import numpy as np
import pytest

if os.environ.get("PYTEST_XDIST_WORKER"):
    # Under pytest-xdist (``python -m pytest -n auto``: a worker per core) torch
    # runs on one thread in each worker, so the workers do not oversubscribe
    # the cores; the tests of thread handling set their own counts.
    import torch

    torch.set_num_threads(1)

# Small networks and few steps: the suite checks behaviour, not sample quality
# (tests/test_learning.py trains longer to check that the GAN learns).
FAST = dict(
    max_steps=15,
    latent_dim=8,
    generator_hidden_sizes=(16,),
    discriminator_hidden_sizes=(16,),
    batch_size=32,
    pack_size=4,
)


@pytest.fixture
def fast():
    return dict(FAST)


@pytest.fixture
def imbalanced():
    """120 rows, 5 numeric features, classes 0/1/2 with 80/30/10 rows."""
    rng = np.random.RandomState(0)
    counts = [80, 30, 10]
    X = np.vstack([rng.normal(3.0 * c, 1.0, (n, 5)) for c, n in enumerate(counts)])
    y = np.repeat([0, 1, 2], counts)
    return X, y


@pytest.fixture(scope="session")
def reference_outputs():
    """The seeded runs of ``tests/data/make_reference.py``, made once per
    session (``tests/test_reference.py`` compares them with the recorded
    values, ``tests/test_reproducibility.py`` with other kernels' runs)."""
    from tests.data import make_reference

    return make_reference.outputs()


def same_threads_env():
    """The environment of a fresh Python process that runs torch on as many
    threads as this one: skgan's bits are the same for the same thread count
    (a worker of ``pytest -n`` runs on one, a fresh process on every core)."""
    import torch

    return {**os.environ, "OMP_NUM_THREADS": str(torch.get_num_threads())}
