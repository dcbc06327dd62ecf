"""Fits that diverge, fail or are interrupted (skgan/_fitting.py, _fit)."""

import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.utils.validation import check_is_fitted

import skgan._fitting
import skgan._kinds.table._encoder
import skgan._training
from skgan import GANOversampler

DIVERGING = dict(
    generator_learning_rate=1e8, discriminator_learning_rate=1e8, ema_decay=0.0
)


class Boom(Exception):
    pass


def _assert_unfitted(sampler):
    with pytest.raises(NotFittedError):
        check_is_fitted(sampler)
    with pytest.raises(NotFittedError):
        sampler.sample(3)
    left = [name for name in vars(sampler) if name.endswith("_")]
    assert left == []
    assert not hasattr(sampler, "model_")


@pytest.fixture
def nan_first_attempt(monkeypatch):
    """The first training's loss is NaN (it diverges); later ones are real.
    Returns the learning rates of each training."""
    calls = []
    train = skgan._fitting.train_gan

    def train_gan(problem, verbose=0):
        config = problem.config
        calls.append(
            (config.generator_learning_rate, config.discriminator_learning_rate)
        )
        if len(calls) == 1:
            problem.config = config.replace(moment_matching=float("nan"))
        return train(problem, verbose)

    monkeypatch.setattr(skgan._fitting, "train_gan", train_gan)
    return calls


def test_divergence_is_retried_once_with_lower_learning_rates(
    fast, imbalanced, nan_first_attempt
):
    X, y = imbalanced
    fast["max_steps"] = 8
    sampler = GANOversampler(random_state=0, **fast)
    with pytest.warns(ConvergenceWarning) as record:
        X_res, y_res = sampler.fit_resample(X, y)
    (warning,) = [w for w in record if w.category is ConvergenceWarning]
    message = str(warning.message)
    # 120 rows in batches of 32: the first check is at the epoch's end
    assert "diverged at step 4 of 8" in message
    assert "lower learning rates" in message and "0.0001" in message
    assert nan_first_attempt == [(1e-3, 1e-3), (1e-4, 1e-4)]
    check_is_fitted(sampler)
    assert np.isfinite(X_res).all() and len(X_res) > len(X)
    assert len(sampler.history_) == 2  # the retry's history only
    # the retry's seed comes from random_state: the whole fit is reproducible
    nan_first_attempt.clear()
    with pytest.warns(ConvergenceWarning):
        X_again, y_again = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    np.testing.assert_array_equal(X_res, X_again)
    np.testing.assert_array_equal(y_res, y_again)


def test_diverging_twice_is_a_clear_error(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **fast, **DIVERGING)
    with pytest.warns(ConvergenceWarning, match="diverged at step 4"):
        with pytest.raises(FloatingPointError) as info:
            sampler.fit_resample(X, y)
    message = str(info.value)
    assert "diverged twice" in message and "step 4 of 15" in message
    assert "discriminator loss" in message and "generator loss" in message
    for advice in ("generator_learning_rate", "standardise", "random_state"):
        assert advice in message
    assert isinstance(info.value.__cause__, skgan._training.DivergenceError)
    _assert_unfitted(sampler)


def test_a_failed_refit_forgets_the_earlier_fit(fast, imbalanced):
    X, y = imbalanced
    fast["max_steps"] = 4
    frame = pd.DataFrame(X, columns=list("abcde"))
    sampler = GANOversampler(random_state=0, **fast).fit(frame, y)
    sampler.fit_resample(frame, y)
    assert hasattr(sampler, "n_synthetic_") and hasattr(sampler, "feature_names_in_")
    sampler.set_params(**DIVERGING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with pytest.raises(FloatingPointError):
            sampler.fit(frame, y)
    _assert_unfitted(sampler)
    # and it can be fitted again
    sampler.set_params(generator_learning_rate=1e-3, discriminator_learning_rate=1e-3)
    sampler.fit(frame, y)
    check_is_fitted(sampler)


def test_a_new_fit_drops_what_the_last_one_left(fast, imbalanced):
    X, y = imbalanced
    fast["max_steps"] = 2
    sampler = GANOversampler(random_state=0, **fast)
    sampler.fit_resample(pd.DataFrame(X, columns=list("abcde")), y)
    sampler.fit(X, y)
    assert not hasattr(sampler, "n_synthetic_")  # fit does not resample
    assert not hasattr(sampler, "feature_names_in_")
    assert sampler.n_features_in_ == 5


@pytest.mark.parametrize("where", ["encoding", "training"])
def test_errors_propagate_unchanged_and_leave_no_fit(
    fast, imbalanced, monkeypatch, where
):
    X, y = imbalanced
    fast["max_steps"] = 2
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    boom = Boom("the original error")

    def fail(*args, **kwargs):
        raise boom

    if where == "encoding":
        encoder = skgan._kinds.table._encoder.TabularEncoder
        monkeypatch.setattr(encoder, "fit_transform", fail)
    else:
        monkeypatch.setattr(skgan._training._Loop, "_generator_step", fail)
    with pytest.raises(Boom) as info:
        sampler.fit_resample(X, y)
    assert info.value is boom
    _assert_unfitted(sampler)


def test_interrupted_training_leaves_no_fit_and_gives_threads_back(
    fast, imbalanced, monkeypatch
):
    X, y = imbalanced
    fast["max_steps"] = 4
    before = torch.get_num_threads()
    # a thread count other than the caller's, to see it given back
    sampler = GANOversampler(random_state=0, n_jobs=before + 1, **fast).fit(X, y)
    assert torch.get_num_threads() == before
    step = skgan._training._Loop._discriminator_step
    seen = []

    def interrupted(*args, **kwargs):
        seen.append(torch.get_num_threads())
        if len(seen) == 3:
            raise KeyboardInterrupt
        return step(*args, **kwargs)

    monkeypatch.setattr(skgan._training._Loop, "_discriminator_step", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sampler.fit(X, y)
    assert seen == [before + 1] * 3
    assert torch.get_num_threads() == before
    _assert_unfitted(sampler)


def test_failed_augment_leaves_no_fit(fast, monkeypatch):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(24, 8, 2))
    y = np.repeat([0, 1], 12)
    fast["max_steps"] = 2
    sampler = GANOversampler(random_state=0, **fast)
    sampler.augment(X, y, samples_per_class=2)
    monkeypatch.setattr(skgan._training._Loop, "_generator_step", _raise_boom)
    with pytest.raises(Boom):
        sampler.augment(X, y, samples_per_class=2)
    _assert_unfitted(sampler)


def _raise_boom(*args, **kwargs):
    raise Boom


def test_a_refit_on_bad_input_leaves_no_fit(fast, imbalanced):
    """Validation that fails after recording the new input's shape must not
    leave the old fit mixed with the new n_features_in_."""
    X, y = imbalanced
    fast["max_steps"] = 2
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    X_bad = X[:, :3].copy()
    X_bad[0, 0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        sampler.fit(X_bad, y)
    _assert_unfitted(sampler)
    sampler.fit(X, y)
    with pytest.raises(ValueError):
        sampler.fit_resample(X, np.zeros(len(X)))  # a single class
    _assert_unfitted(sampler)


def test_a_refused_resample_after_training_leaves_no_fit(fast, imbalanced):
    X, y = imbalanced
    fast["max_steps"] = 2
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    sampler.set_params(augmentation_ratio=1e15)
    with pytest.raises(ValueError, match="Lower augmentation_ratio"):
        sampler.fit_resample(X, y)
    _assert_unfitted(sampler)
    sampler.set_params(augmentation_ratio=0.5, latent_dim=0)  # invalid parameter
    sampler.set_params(latent_dim=8).fit(X, y)
    sampler.set_params(latent_dim=0)
    with pytest.raises(ValueError, match="latent_dim"):
        sampler.fit(X, y)
    _assert_unfitted(sampler)
