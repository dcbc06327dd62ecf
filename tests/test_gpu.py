"""GPU training: run on a machine with CUDA (``pytest -m gpu``); skipped elsewhere.

``device="auto"`` is checked everywhere (it must pick the CPU when torch sees
no CUDA); the rest needs a GPU.
"""

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression

import skgan._fitting
from skgan import GANOversampler

gpu = pytest.mark.gpu
needs_cuda = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA device"
)


def _record_device(monkeypatch):
    seen = []
    train = skgan._fitting.train_gan

    def recording(problem, verbose=0):
        seen.append(next(problem.generator.parameters()).device.type)
        return train(problem, verbose)

    monkeypatch.setattr(skgan._fitting, "train_gan", recording)
    return seen


def test_auto_device_trains_where_torch_sees_cuda(fast, imbalanced, monkeypatch):
    seen = _record_device(monkeypatch)
    X, y = imbalanced
    sampler = GANOversampler(device="auto", random_state=0, **fast).fit(X, y)
    assert seen == ["cuda" if torch.cuda.is_available() else "cpu"]
    assert next(sampler.generator_.parameters()).device.type == "cpu"


@gpu
@needs_cuda
def test_gpu_training_learns_the_classes(monkeypatch):
    seen = _record_device(monkeypatch)
    rng = np.random.RandomState(0)
    means = np.array([[0, 0, 0, 0], [6, 6, 0, 0], [0, 6, 6, -6]], dtype=float)
    counts = [300, 60, 15]
    X = np.vstack([rng.normal(m, 1.0, (n, 4)) for m, n in zip(means, counts)])
    y = np.repeat([0, 1, 2], counts)
    classifier = LogisticRegression().fit(X, y)
    sampler = GANOversampler(device="cuda", max_steps=400, random_state=0).fit(X, y)
    assert seen == ["cuda"]
    for c in range(3):
        X_new, _ = sampler.sample(1000, y=c, random_state=0)
        assert np.mean(classifier.predict(X_new) == c) >= 0.95
        assert np.abs(X_new.mean(axis=0) - X[y == c].mean(axis=0)).max() < 0.5


@gpu
@needs_cuda
def test_gpu_fit_is_reproducible_and_resamples_sequences(fast):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 16, 1, 2))
    y = np.repeat([0, 1], [30, 10])
    runs = [
        GANOversampler(device="cuda", random_state=0, **fast).fit_resample(X, y)
        for _ in range(2)
    ]
    X_res, y_res = runs[0]
    assert X_res.shape == (60, 16, 1, 2) and np.isfinite(X_res).all()
    np.testing.assert_array_equal(X_res[:40], X)
    np.testing.assert_allclose(runs[0][0], runs[1][0], rtol=1e-5, atol=1e-5)


@gpu
@needs_cuda
def test_gpu_trains_on_images(monkeypatch):
    from sklearn.datasets import load_digits

    seen = _record_device(monkeypatch)
    X, y = load_digits(return_X_y=True)
    X, y = X.reshape(-1, 8, 8)[:300], y[:300]
    sampler = GANOversampler(
        data_kind="image", device="cuda", max_steps=300, random_state=0
    ).fit(X, y)
    assert seen == ["cuda"]
    assert next(sampler.generator_.parameters()).device.type == "cpu"
    X_new, y_new = sampler.sample(500, random_state=0)
    assert X_new.shape == (500, 8, 8) and X_new.min() >= 0 and X_new.max() <= 16
    np.testing.assert_array_equal(X_new, sampler.sample(500, random_state=0)[0])
    # the images look like their digits to a classifier of the real ones
    classifier = LogisticRegression(max_iter=2000).fit(X.reshape(300, -1), y)
    assert classifier.score(X_new.reshape(500, -1), y_new) > 0.6
