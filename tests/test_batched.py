"""Many GANs at once: stacked networks (skgan/nn/_stacked.py), the training
loop with several GANs (skgan/_training.py) and prefit_folds
(skgan/_prefit.py).

A GAN trained in a stack must be the GAN its own fit trains, whatever the
other GANs of the stack do: the same draws, history, weights and sampled
rows, up to rounding (:mod:`tests.rounding`). Batched kernels may round the
last bits otherwise than a single network's (on some CPUs they do, on others
not), so the trainings compared here are a few dozen steps long, over which
rounding differences stay at rounding size.
"""

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    cross_validate,
)
from sklearn.preprocessing import StandardScaler

import skgan._fitting
import skgan._prefit
from skgan import AugmentedClassifier, GANOversampler, prefit_folds
from skgan._config import TRAINING_PARAMS, TrainingConfig
from skgan._fitting import first_training
from skgan._training import DivergenceError, train_gan, train_gans
from skgan.nn import (
    BigGANGenerator,
    ConvSequenceDiscriminator,
    ConvSequenceGenerator,
    ResidualMLPDiscriminator,
    ResidualMLPGenerator,
)
from skgan.nn._stacked import NotStackable, stack_networks
from tests.rounding import assert_close, assert_same_history, assert_tensors_close

CV = StratifiedKFold(3, shuffle=True, random_state=0)


def mixed_table(n=240, seed=0):
    """Numeric and categorical columns, three classes (60/30/10 %)."""
    rng = np.random.RandomState(seed)
    y = rng.choice(3, n, p=[0.6, 0.3, 0.1])
    X = pd.DataFrame(rng.normal(y[:, None], 1.0, (n, 4)), columns=list("abcd"))
    X["colour"] = pd.Categorical(rng.choice(["red", "green", "blue"], n))
    return X, y


def sequences(n=90, seed=0):
    """(n, 24 steps, 2 channels) sine waves whose frequency is the class."""
    rng = np.random.RandomState(seed)
    y = rng.choice(2, n)
    t = np.arange(24)
    phase = rng.uniform(0, 6.3, (n, 1, 1))
    X = np.sin((1 + y[:, None, None]) * 0.4 * t[None, :, None] + phase)
    X = X + 0.1 * rng.normal(size=(n, 24, 2))
    return X.astype(np.float32), y


DATA = {"table": mixed_table, "sequence": sequences}
SETTINGS = {
    "table": dict(max_steps=20),
    "sequence": dict(
        max_steps=30, generator_hidden_sizes=(8, 8), discriminator_hidden_sizes=(8,)
    ),
}


def fold_problems(sampler, X, y):
    """The first training of each fold's fit (a TrainingProblem)."""
    problems = []
    for train, _ in CV.split(X, y):
        X_fold = X.iloc[train] if hasattr(X, "iloc") else X[train]
        data = sampler._validate_input(X_fold, y[train])
        classes, codes = np.unique(data.y, return_inverse=True)
        config = TrainingConfig.from_estimator(sampler, data.kind, data.X.shape)
        problem = first_training(
            data.kind,
            data.encoder,
            data.X,
            codes,
            len(classes),
            config,
            sampler._rng(),
        )
        problems.append(problem)
    return problems


def assert_same_gan(separate, batched):
    """The same history and EMA weights, up to rounding: every weight within
    ``RTOL`` of its tensor's largest absolute value."""
    ema_a, history_a = separate
    ema_b, history_b = batched
    assert_same_history(history_b, history_a)
    state_a, state_b = ema_a.state_dict(), ema_b.state_dict()
    assert list(state_a) == list(state_b)
    for name, a in state_a.items():
        assert_tensors_close(state_b[name], a, name)


# -- stacked networks --------------------------------------------------------


@pytest.mark.parametrize("kind", ["table", "sequence"])
@pytest.mark.parametrize("training", [True, False])
def test_stacked_networks_compute_and_learn_as_each_network(kind, training):
    torch.manual_seed(0)
    if kind == "table":
        spans = [("numeric", 3), ("categorical", 4)]
        make_g = lambda: ResidualMLPGenerator(8, 3, (16, 16), spans)  # noqa: E731
        make_d = lambda: ResidualMLPDiscriminator(7, 3, (16,), pack_size=4)  # noqa: E731
        sample = (7,)
    else:
        make_g = lambda: ConvSequenceGenerator(8, 3, (8, 8), 40, 2)  # noqa: E731
        make_d = lambda: ConvSequenceDiscriminator(2, 40, 3, (8, 8), pack_size=2)  # noqa: E731
        sample = (2, 40)
    n, batch = 3, 16
    z, y = torch.randn(n * batch, 8), torch.eye(3)[torch.randint(3, (n * batch,))]
    x = torch.randn(n * batch, *sample)
    for make, inputs in ((make_g, (z, y)), (make_d, (x, y))):
        networks = [make().train(training) for _ in range(n)]
        stacked = stack_networks(networks).train(training)
        out = stacked(*inputs)
        out.square().sum().backward()
        parts = [
            net(*(t.split(batch)[k] for t in inputs)) for k, net in enumerate(networks)
        ]
        for part in parts:
            part.square().sum().backward()
        # one forward and backward pass: rounding differences only
        assert_tensors_close(out, torch.cat(parts), "the outputs")
        for name, weight in stacked.named_parameters():
            members = [net.get_parameter(name) for net in networks]
            assert_tensors_close(
                weight.grad, torch.stack([m.grad for m in members]), name
            )
        for name, buffer in stacked.named_buffers():
            assert_tensors_close(
                buffer, torch.stack([net.get_buffer(name) for net in networks]), name
            )


class _Declared(torch.nn.Module):
    """Says it is stackable, but holds a layer with no stacked version."""

    stackable = True

    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 1, 3)


def test_networks_that_cannot_be_stacked_are_refused():
    with pytest.raises(NotStackable, match="does not declare itself stackable"):
        stack_networks([BigGANGenerator(8, 2, (8, 8), 8, 8, 1) for _ in range(2)])
    with pytest.raises(NotStackable, match="does not declare itself stackable"):
        stack_networks([torch.nn.Sequential(torch.nn.Linear(3, 2)) for _ in range(2)])
    with pytest.raises(NotStackable, match="Conv2d has no stacked version"):
        stack_networks([_Declared() for _ in range(2)])
    with pytest.raises(NotStackable, match="architecture"):
        stack_networks(
            [
                ResidualMLPDiscriminator(5, 2, (16,)),
                ResidualMLPDiscriminator(6, 2, (16,)),
            ]
        )


# -- train_gans ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["table", "sequence"])
@pytest.mark.parametrize("early_stopping", [False, True])
@pytest.mark.slow
def test_batched_training_equals_separate_trainings(fast, kind, early_stopping):
    X, y = DATA[kind]()
    settings = {**fast, **SETTINGS[kind], "early_stopping": early_stopping}
    if early_stopping:  # stops at step 20 or later (a sequence at 20)
        settings.update(n_iter_no_change=1, max_steps=60 if kind == "table" else 20)
    sampler = GANOversampler(random_state=0, **settings)
    separate = [train_gan(p) for p in fold_problems(sampler, X, y)]
    batched = train_gans(fold_problems(sampler, X, y))
    for a, b in zip(separate, batched):
        assert_same_gan(a, b)
    if early_stopping and kind == "table":  # GANs left the stack one by one
        stops = {history[-1]["n_steps"] for _, history in separate}
        assert len(stops) > 1


def test_a_diverging_gan_leaves_the_stack_and_the_others_go_on(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, early_stopping=False, **fast)

    def problems():
        found = fold_problems(sampler, X, y)
        found[1].data = found[1].data * np.inf  # its losses turn nan
        return found

    separate = []
    for problem in problems():
        try:
            separate.append(train_gan(problem))
        except DivergenceError as error:
            separate.append(error)
    results = train_gans(problems())
    assert isinstance(separate[1], DivergenceError)
    assert str(results[1]) == str(separate[1])  # at the same check
    assert_same_gan(separate[0], results[0])
    assert_same_gan(separate[2], results[2])


def test_gans_of_different_settings_or_kinds_are_grouped_apart(fast, imbalanced):
    X, y = imbalanced
    short = GANOversampler(random_state=0, **fast)
    longer = GANOversampler(random_state=0, **{**fast, "max_steps": 20})
    problems = fold_problems(short, X, y)[:2] + fold_problems(longer, X, y)[:2]
    separate = [train_gan(p) for p in fold_problems(short, X, y)[:2]]
    separate += [train_gan(p) for p in fold_problems(longer, X, y)[:2]]
    for a, b in zip(separate, train_gans(problems)):
        assert_same_gan(a, b)


def test_image_gans_are_trained_one_by_one(fast):
    rng = np.random.RandomState(0)
    X, y = rng.uniform(0, 1, (48, 8, 8, 1)), np.repeat([0, 1], 24)
    sampler = GANOversampler(random_state=0, data_kind="image", **fast)
    separate = [train_gan(p) for p in fold_problems(sampler, X, y)]
    for a, b in zip(separate, train_gans(fold_problems(sampler, X, y))):
        assert_same_gan(a, b)


# -- prefit_folds ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["table", "sequence"])
@pytest.mark.parametrize("early_stopping", [False, True])
@pytest.mark.slow
def test_fits_after_prefit_give_the_rows_of_fresh_fits(
    fast, kind, early_stopping, tmp_path, monkeypatch
):
    X, y = DATA[kind]()
    settings = {**fast, **SETTINGS[kind], "early_stopping": early_stopping}
    sampler = GANOversampler(random_state=0, augmentation_ratio=0.5, **settings)
    cached = sampler.set_params(memory=str(tmp_path))
    gans = prefit_folds(cached, X, y, cv=CV, refit=False)
    assert [g["status"] for g in gans] == ["trained"] * 3
    fresh = []
    for train, _ in CV.split(X, y):
        X_fold = X.iloc[train] if hasattr(X, "iloc") else X[train]
        fresh.append(
            clone(sampler).set_params(memory=None).fit_resample(X_fold, y[train])
        )
    monkeypatch.setattr(skgan._fitting, "train_gan", None)  # nothing may train
    for (train, _), (X_new, y_new) in zip(CV.split(X, y), fresh):
        X_fold = X.iloc[train] if hasattr(X, "iloc") else X[train]
        X_hit, y_hit = clone(cached).fit_resample(X_fold, y[train])
        assert_close(X_hit, X_new, "the prefitted GAN's rows")
        np.testing.assert_array_equal(y_hit, y_new)


@pytest.mark.slow
def test_a_search_after_prefit_trains_no_gan_and_scores_the_same(
    fast, imbalanced, tmp_path, monkeypatch
):
    X, y = imbalanced
    grid = {
        "ganoversampler__augmentation_ratio": [0.0, 1.0],
        "standardscaler__with_std": [True, False],
        "logisticregression__C": [0.1, 1.0],
    }

    def search(memory):
        pipe = make_pipeline(
            StandardScaler(),
            GANOversampler(random_state=0, memory=memory, **fast),
            LogisticRegression(),
        )
        search = GridSearchCV(
            pipe, grid, cv=CV, scoring="balanced_accuracy", error_score="raise"
        )
        return search, pipe

    plain, _ = search(None)
    plain.fit(X, y)
    cached, pipe = search(str(tmp_path))
    gans = prefit_folds(pipe, X, y, cv=CV, param_grid=grid)
    # the scaler's setting changes the GAN's input; the others share its GANs
    assert len(gans) == 2 * (3 + 1)
    assert {g["status"] for g in gans} == {"trained"}
    assert {tuple(g["params"]) for g in gans} == {("standardscaler__with_std",)}
    monkeypatch.setattr(skgan._fitting, "train_gan", None)  # nothing may train
    cached.fit(X, y)
    # the GANs agree up to rounding: a held-out prediction could only flip
    # for a row within rounding of the decision boundary
    np.testing.assert_allclose(
        plain.cv_results_["mean_test_score"],
        cached.cv_results_["mean_test_score"],
        atol=1e-9,
    )
    assert plain.best_params_ == cached.best_params_


def test_cross_validate_after_prefit_trains_no_gan(
    fast, imbalanced, tmp_path, monkeypatch
):
    X, y = imbalanced

    def model(memory):
        sampler = GANOversampler(random_state=0, memory=memory, **fast)
        return AugmentedClassifier(LogisticRegression(), sampler)

    plain = cross_validate(model(None), X, y, cv=5, error_score="raise")
    gans = prefit_folds(model(str(tmp_path)), X, y, cv=5, refit=False)
    assert [g["split"] for g in gans] == [0, 1, 2, 3, 4]
    monkeypatch.setattr(skgan._fitting, "train_gan", None)  # nothing may train
    cached = cross_validate(model(str(tmp_path)), X, y, cv=5, error_score="raise")
    np.testing.assert_allclose(cached["test_score"], plain["test_score"], atol=1e-9)


def test_a_second_prefit_finds_every_gan_in_the_cache(fast, imbalanced, tmp_path):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    first = prefit_folds(sampler, X, y, cv=CV)
    again = prefit_folds(sampler, X, y, cv=CV)
    assert [g["split"] for g in first] == [0, 1, 2, "refit"]
    assert [g["status"] for g in again] == ["cached"] * 4


def test_a_gan_that_diverges_in_the_stack_is_trained_alone_as_a_fit_does(
    fast, imbalanced, tmp_path, monkeypatch
):
    X, y = imbalanced
    batched = skgan._prefit.train_gans

    def first_diverges(problems, verbose):
        results = batched(problems, verbose)
        losses = {"discriminator_loss": np.nan, "generator_loss": np.nan}
        weights = {"generator": np.nan, "discriminator": np.nan}
        results[0] = DivergenceError(10, 15, losses, weights)
        return results

    monkeypatch.setattr(skgan._prefit, "train_gans", first_diverges)
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    gans = prefit_folds(sampler, X, y, cv=CV, refit=False)
    assert [g["status"] for g in gans] == ["retried", "trained", "trained"]
    train = next(CV.split(X, y))[0]
    fresh = clone(sampler).set_params(memory=None).fit(X[train], y[train])
    monkeypatch.setattr(skgan._fitting, "train_gan", None)  # stored: a hit
    hit = clone(sampler).fit(X[train], y[train])
    assert hit.history_ == fresh.history_  # trained alone, as the fit trains


def test_gans_that_diverge_twice_fail_as_their_fits_will(fast, imbalanced, tmp_path):
    X, y = imbalanced
    sampler = GANOversampler(
        random_state=0,
        memory=str(tmp_path),
        generator_learning_rate=1e8,
        discriminator_learning_rate=1e8,
        ema_decay=0.0,
        **fast,
    )
    with pytest.warns(ConvergenceWarning, match="diverged"):
        gans = prefit_folds(sampler, X, y, cv=CV, refit=False)
    assert [g["status"] for g in gans] == ["failed"] * 3
    assert not any(p.is_file() for p in tmp_path.rglob("output.pkl"))


def test_parameters_that_only_change_sampling_share_the_gans(
    fast, imbalanced, tmp_path
):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    grid = {
        "augmentation_ratio": [0.0, 1.0],
        "sampling_strategy": ["auto", "all"],
        "truncation": [None, 1.0],
        "max_steps": [10, 12],
    }
    gans = prefit_folds(sampler, X, y, cv=CV, param_grid=grid, refit=False)
    assert [g["params"] for g in gans] == [{"max_steps": 10}] * 3 + [
        {"max_steps": 12}
    ] * 3
    assert [g["n_samples"] for g in gans] == [80, 80, 80] * 2


def test_sampling_params_are_exactly_those_that_never_reach_training():
    """The parameters prefit_folds lets a search share GANs over, derived
    from the training configuration: the documented list."""
    assert skgan._prefit.SAMPLING_PARAMS == {
        "sampling_strategy",
        "augmentation_ratio",
        "interpolation",
        "soft_labels",
        "selection",
        "truncation",
        "n_jobs",
        "verbose",
    }
    assert not skgan._prefit.SAMPLING_PARAMS & set(TRAINING_PARAMS)


@pytest.mark.parametrize(
    "estimator, error, match",
    [
        (GANOversampler(random_state=0), ValueError, "memory='gan_cache'"),
        (GANOversampler(memory="somewhere"), ValueError, "integer random_state"),
        (LogisticRegression(), TypeError, "needs a GANOversampler"),
        (
            GridSearchCV(GANOversampler(random_state=0, memory="a"), {}),
            TypeError,
            "search.estimator",
        ),
        (
            make_pipeline(
                GANOversampler(random_state=0, memory="a"),
                GANOversampler(random_state=1, memory="a"),
                LogisticRegression(),
            ),
            ValueError,
            "several GANOversamplers",
        ),
    ],
)
def test_clear_errors(imbalanced, estimator, error, match):
    X, y = imbalanced
    with pytest.raises(error, match=match):
        prefit_folds(estimator, X, y, cv=CV)
