"""Early stopping: the distance it watches, its rule, the held-out rows, and
what a fit records."""

import numpy as np
import pytest
import torch
from torch import nn

from skgan import GANOversampler
from skgan._early_stopping import (
    MAX_REFERENCE_PER_CLASS,
    EarlyStopping,
    SlicedDistance,
    holdout,
)
from tests.test_training import _train


class _ClassMeans(nn.Module):
    """A "generator" whose rows are the class's mean, plus ``shift``."""

    def __init__(self, means, shift=0.0):
        super().__init__()
        self.means = nn.Parameter(torch.as_tensor(means, dtype=torch.float32))
        self.shift = shift

    def forward(self, z, y):
        return y @ self.means + self.shift


def _distance(reference, labels, n_classes=2):
    return SlicedDistance(reference, labels, n_classes, 4, lambda raw, g: raw, seed=0)


def test_sliced_distance_is_zero_for_the_reference_and_grows_with_a_shift():
    means = torch.tensor([[0.0, 0.0, 0.0], [5.0, -1.0, 2.0]])
    labels = torch.tensor([0] * 30 + [1] * 7)
    reference = means[labels]
    distance = _distance(reference, labels)
    assert distance(_ClassMeans(means)).item() == pytest.approx(0.0, abs=1e-6)
    near = distance(_ClassMeans(means, shift=0.1)).item()
    far = distance(_ClassMeans(means, shift=1.0)).item()
    assert 0.0 < near < far
    assert far == pytest.approx(10 * near, rel=1e-4)  # linear in the shift


def test_sliced_distance_weighs_classes_equally_and_caps_the_reference():
    labels = torch.tensor([0] * 1000 + [1] * 5)
    reference = torch.randn(1005, 3, generator=torch.Generator().manual_seed(0))
    distance = _distance(reference, labels)
    assert distance.sizes == [MAX_REFERENCE_PER_CLASS, 5]
    # wrong rows for the small class count as much as for the large one
    means = torch.zeros(2, 3)
    only_small_wrong = _ClassMeans(means)
    value = distance(only_small_wrong).item()
    assert value > 0


def test_sliced_distance_is_a_function_of_the_weights():
    labels = torch.tensor([0] * 20 + [1] * 20)
    reference = torch.randn(40, 3, generator=torch.Generator().manual_seed(1))
    distance = _distance(reference, labels)
    generator = _ClassMeans(torch.ones(2, 3))
    assert distance(generator).item() == distance(generator).item()


def test_early_stopping_rule_and_best_weights():
    network = nn.Linear(2, 1)
    stopper = EarlyStopping(network, n_iter_no_change=2, tol=0.1)
    weights = []
    stops = []
    for step, score in zip((10, 20, 30, 40, 50), (-1.0, -0.5, -0.45, -0.6, -0.2)):
        with torch.no_grad():
            network.weight.fill_(step)
        weights.append(step)
        stops.append(stopper.update(score, step))
    # -0.5 improves by more than tol; -0.45 by less (a new best, but counts as
    # no change); -0.6 is worse: two checks without change -> stop at 40
    assert stops == [False, False, False, True, False]
    assert stopper.best_step == 50  # -0.2: a new best after the stop
    stopper = EarlyStopping(network, n_iter_no_change=2, tol=0.1)
    for step, score in zip((10, 20, 30, 40), (-1.0, -0.5, -0.45, -0.6)):
        with torch.no_grad():
            network.weight.fill_(step)
        stop = stopper.update(score, step)
    assert stop and stopper.best_step == 30
    stopper.restore()
    assert torch.all(network.weight == 30)


def test_holdout_takes_a_share_of_each_class():
    codes = np.array([0] * 50 + [1] * 20 + [2] * 5)
    train, validation = holdout(codes, 0.2, seed=3)
    assert np.bincount(codes[validation]).tolist() == [10, 4, 1]
    assert len(np.intersect1d(train, validation)) == 0
    assert len(train) + len(validation) == len(codes)
    again = holdout(codes, 0.2, seed=3)
    np.testing.assert_array_equal(again[1], validation)
    assert not np.array_equal(holdout(codes, 0.2, seed=4)[1], validation)
    # a class of 2 keeps a row for training
    _, validation = holdout(np.array([0, 0, 1, 1, 1]), 0.9, seed=0)
    assert np.bincount(np.array([0, 0, 1, 1, 1])[validation]).tolist() == [1, 2]


def test_holdout_that_holds_out_nothing_is_an_error():
    with pytest.raises(ValueError, match="validation_fraction=0.1 holds out no row"):
        holdout(np.array([0] * 5 + [1] * 3), 0.1, seed=0)


def test_train_gan_stops_early_and_keeps_the_best_ema():
    (ema, history), _ = _train(
        0,
        n_steps=200,
        validation=(torch.randn(50, 3), torch.tensor([0] * 40 + [1] * 10)),
        n_iter_no_change=1,
        tol=1e9,  # no improvement is ever large enough
    )
    last = history[-1]
    assert last["stop_reason"] == "n_iter_no_change"
    assert last["n_steps"] == 20  # the second check
    assert last["best_step"] in (10, 20)
    scored = [h for h in history if "validation_score" in h]
    assert [h["step"] for h in scored] == [12, 20]  # epochs of 4 steps
    # the EMA of the best check: what training for that many steps gives
    (short, _), _ = _train(0, n_steps=last["best_step"])
    for a, b in zip(ema.parameters(), short.parameters()):
        torch.testing.assert_close(a, b, rtol=0, atol=0)


def test_validation_draws_leave_training_unchanged():
    validation = (torch.randn(50, 3), torch.tensor([0] * 40 + [1] * 10))
    (with_stopping, history), _ = _train(
        0, n_steps=30, validation=validation, n_iter_no_change=100
    )
    assert history[-1]["stop_reason"] == "max_steps"
    assert history[-1]["best_step"] in (10, 20, 30)
    (without, plain), _ = _train(0, n_steps=history[-1]["best_step"])
    for a, b in zip(with_stopping.parameters(), without.parameters()):
        torch.testing.assert_close(a, b, rtol=0, atol=0)
    assert "best_step" not in plain[-1]


# -- the sampler ------------------------------------------------------------------


def test_tables_stop_early_by_default(imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(max_steps=400, tol=1e9, random_state=0).fit(X, y)
    assert sampler.n_steps_ < 400
    assert sampler.history_[-1]["stop_reason"] == "n_iter_no_change"
    assert sampler.n_steps_ == sampler.history_[-1]["n_steps"]
    assert any("validation_score" in h for h in sampler.history_)


def test_early_stopping_false_trains_max_steps(imbalanced, fast):
    X, y = imbalanced
    fast["max_steps"] = 40
    sampler = GANOversampler(early_stopping=False, tol=1e9, random_state=0, **fast).fit(
        X, y
    )
    assert sampler.n_steps_ == 40
    assert sampler.history_[-1]["stop_reason"] == "max_steps"
    assert not any("validation_score" in h for h in sampler.history_)


def test_sequences_do_not_stop_early_unless_asked():
    rng = np.random.RandomState(0)
    X = rng.randn(40, 16, 2)
    y = np.repeat([0, 1], 20)
    params = dict(
        max_steps=40, batch_size=8, random_state=0, tol=1e9, n_iter_no_change=1
    )
    auto = GANOversampler(**params).fit(X, y)
    assert auto.n_steps_ == 40 and "best_step" not in auto.history_[-1]
    asked = GANOversampler(early_stopping=True, **params).fit(X, y)
    assert asked.history_[-1]["stop_reason"] == "n_iter_no_change"
    assert asked.n_steps_ < 40


def test_validation_fraction_holds_rows_out(imbalanced, fast, monkeypatch):
    import skgan._fitting

    seen = []
    real = skgan._fitting.train_gan

    def spy(problem, verbose=0):
        seen.append((len(problem.data), problem.validation))
        return real(problem, verbose)

    monkeypatch.setattr(skgan._fitting, "train_gan", spy)
    X, y = imbalanced  # 80 / 30 / 10 rows
    GANOversampler(validation_fraction=0.2, random_state=0, **fast).fit(X, y)
    n_train, (rows, labels) = seen[-1]
    assert n_train == 120 - 16 - 6 - 2
    assert torch.bincount(labels).tolist() == [16, 6, 2]
    GANOversampler(random_state=0, **fast).fit(X, y)
    n_train, (rows, labels) = seen[-1]
    assert n_train == 120 and len(labels) == 120  # scored on the training rows


@pytest.mark.slow
def test_same_seed_same_stop(imbalanced):
    X, y = imbalanced
    a = GANOversampler(max_steps=200, random_state=0).fit(X, y)
    b = GANOversampler(max_steps=200, random_state=0).fit(X, y)
    assert a.history_ == b.history_
    np.testing.assert_array_equal(
        a.sample(20, random_state=0)[0], b.sample(20, random_state=0)[0]
    )


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(early_stopping="yes"), "early_stopping"),
        (dict(validation_fraction=1.0), "validation_fraction"),
        (dict(n_iter_no_change=0), "n_iter_no_change"),
        (dict(tol=-1.0), "tol"),
    ],
)
def test_invalid_early_stopping_parameters(imbalanced, params, message):
    X, y = imbalanced
    with pytest.raises(ValueError, match=message):
        GANOversampler(**params).fit(X, y)
