"""The ``memory`` cache of the trained generator (skgan/_fitting.py)."""

import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

import skgan._fitting
from skgan import GANOversampler, prefit_folds


@pytest.fixture
def count_trainings(monkeypatch):
    """Count real GAN trainings (cache hits do not train)."""
    calls = []
    train = skgan._fitting.train_gan

    def counting(*args, **kwargs):
        calls.append(1)
        return train(*args, **kwargs)

    monkeypatch.setattr(skgan._fitting, "train_gan", counting)
    return calls


def test_hit_returns_the_rows_of_a_fresh_fit(
    fast, imbalanced, tmp_path, count_trainings
):
    X, y = imbalanced
    cached = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    cached.fit_resample(X, y)  # fills the cache
    assert len(count_trainings) == 1
    # sampling-only parameters change: a hit, and the rows of a fresh fit
    cached.set_params(augmentation_ratio=0.5, sampling_strategy="not majority")
    X_hit, y_hit = cached.fit_resample(X, y)
    assert len(count_trainings) == 1
    fresh = GANOversampler(
        random_state=0, augmentation_ratio=0.5, sampling_strategy="not majority", **fast
    )
    X_new, y_new = fresh.fit_resample(X, y)
    np.testing.assert_array_equal(X_hit, X_new)
    np.testing.assert_array_equal(y_hit, y_new)
    assert cached.history_ == fresh.history_
    np.testing.assert_array_equal(
        cached.sample(20, random_state=3)[0], fresh.sample(20, random_state=3)[0]
    )


def test_soft_labels_and_truncation_hit(fast, imbalanced, tmp_path, count_trainings):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    sampler.fit(X, y)
    sampler.set_params(soft_labels=True, interpolation=0.5, augmentation_ratio=1.0)
    sampler.fit_resample(X, y)
    sampler.set_params(truncation=1.0)
    sampler.fit_resample(X, y)
    assert len(count_trainings) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"max_steps": 16},
        {"generator_learning_rate": 2e-3},
        {"ema_decay": 0.9},
        {"moment_matching": 0.0},
        {"random_state": 1},
    ],
)
@pytest.mark.slow
def test_training_parameters_miss(fast, imbalanced, tmp_path, count_trainings, change):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    sampler.fit(X, y)
    sampler.set_params(**change).fit(X, y)
    assert len(count_trainings) == 2


def test_changed_data_misses(fast, imbalanced, tmp_path, count_trainings):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    sampler.fit(X, y)
    X2 = X.copy()
    X2[0, 0] += 1e-9
    sampler.fit(X2, y)
    sampler.fit(X, np.where(y == 2, 1, y))
    assert len(count_trainings) == 3


def test_memory_object_and_dataframe(fast, imbalanced, tmp_path, count_trainings):
    X, y = imbalanced
    frame = pd.DataFrame(X, columns=list("abcde"))
    frame["kind"] = pd.Categorical(np.where(X[:, 0] > 3, "hi", "lo"))
    memory = joblib.Memory(tmp_path, verbose=0)
    first = GANOversampler(random_state=0, memory=memory, **fast)
    X_a, _ = first.fit_resample(frame, y)
    X_b, _ = GANOversampler(random_state=0, memory=memory, **fast).fit_resample(
        frame, y
    )
    assert len(count_trainings) == 1
    pd.testing.assert_frame_equal(X_a, X_b)


def test_no_seed_is_not_cached(fast, imbalanced, tmp_path, count_trainings):
    X, y = imbalanced
    sampler = GANOversampler(memory=str(tmp_path), **fast)
    for _ in range(2):
        with pytest.warns(UserWarning, match="random_state=None"):
            sampler.fit(X, y)
    assert len(count_trainings) == 2
    assert not any(p.is_file() for p in tmp_path.rglob("output.pkl"))


@pytest.mark.parametrize("method", ["fit", "fit_resample"])
def test_memory_without_a_seed_warns_once_per_fit(fast, imbalanced, tmp_path, method):
    X, y = imbalanced
    sampler = GANOversampler(memory=str(tmp_path / "cache"), **fast)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        getattr(sampler, method)(X, y)
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    about_memory = [m for m in messages if "memory" in m]
    assert len(about_memory) == 1, messages
    assert "caches nothing" in about_memory[0]
    assert "integer random_state" in about_memory[0]


@pytest.mark.parametrize(
    "memory", [None, joblib.Memory(None, verbose=0)], ids=["None", "no location"]
)
def test_no_memory_without_a_seed_is_quiet(fast, imbalanced, memory):
    X, y = imbalanced
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        GANOversampler(memory=memory, **fast).fit(X, y)


def test_a_fit_that_caches_nothing_creates_no_folder(
    fast, imbalanced, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    X, y = imbalanced
    with pytest.warns(UserWarning, match="caches nothing"):
        GANOversampler(memory="some/path", **fast).fit(X, y)
    with pytest.raises(ValueError, match="at least two classes|1 class"):
        GANOversampler(memory="some/path", random_state=0, **fast).fit(X, 0 * y)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "sampler, match",
    [
        (GANOversampler(memory="some/path"), "integer random_state"),
        (GANOversampler(memory=None, random_state=0), "memory='gan_cache'"),
    ],
)
def test_a_refused_prefit_creates_no_folder(
    fast, imbalanced, tmp_path, monkeypatch, sampler, match
):
    monkeypatch.chdir(tmp_path)
    X, y = imbalanced
    with pytest.raises(ValueError, match=match):
        prefit_folds(sampler.set_params(**fast), X, y, cv=3)
    assert list(tmp_path.iterdir()) == []


def test_bad_memory_is_a_clear_error(fast, imbalanced):
    X, y = imbalanced
    with pytest.raises(ValueError, match="memory"):
        GANOversampler(memory=3, **fast).fit(X, y)


@pytest.mark.slow
def test_grid_search_with_memory_is_identical(
    fast, imbalanced, tmp_path, count_trainings
):
    X, y = imbalanced
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    grid = {"ganoversampler__augmentation_ratio": [0.0, 0.5, 1.0, 2.0]}

    def search(memory):
        pipe = make_pipeline(
            GANOversampler(random_state=0, memory=memory, **fast),
            LogisticRegression(max_iter=500),
        )
        return GridSearchCV(pipe, grid, cv=cv, scoring="balanced_accuracy").fit(X, y)

    without = search(None)
    assert len(count_trainings) == 3 * 4 + 1
    with_memory = search(str(tmp_path))
    assert len(count_trainings) == 3 * 4 + 1 + 3 + 1  # one per fold, one refit
    np.testing.assert_array_equal(
        without.cv_results_["mean_test_score"],
        with_memory.cv_results_["mean_test_score"],
    )
    assert without.best_params_ == with_memory.best_params_


def test_a_diverged_fit_is_not_cached(fast, imbalanced, tmp_path, count_trainings):
    X, y = imbalanced
    sampler = GANOversampler(
        random_state=0,
        memory=str(tmp_path),
        generator_learning_rate=1e8,
        discriminator_learning_rate=1e8,
        ema_decay=0.0,
        **fast,
    )
    for attempt in (1, 2):
        with pytest.warns(ConvergenceWarning, match="diverged"):
            with pytest.raises(FloatingPointError, match="diverged twice"):
                sampler.fit(X, y)
        assert len(count_trainings) == 2 * attempt  # trained (and retried) again
    assert not any(p.is_file() for p in tmp_path.rglob("output.pkl"))


def test_a_retried_fit_is_cached_as_it_ended(
    fast, imbalanced, tmp_path, count_trainings, monkeypatch
):
    X, y = imbalanced
    counting = skgan._fitting.train_gan

    def nan_first(problem, verbose=0):
        if not count_trainings:  # the first training diverges
            problem.config = problem.config.replace(moment_matching=float("nan"))
        return counting(problem, verbose)

    monkeypatch.setattr(skgan._fitting, "train_gan", nan_first)
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    with pytest.warns(ConvergenceWarning):
        X_first, _ = sampler.fit_resample(X, y)
    assert len(count_trainings) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        X_hit, _ = sampler.fit_resample(X, y)  # a hit: no training, no warning
    assert len(count_trainings) == 2
    np.testing.assert_array_equal(X_first, X_hit)
