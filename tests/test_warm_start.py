"""init: a fit that starts from an earlier generator (skgan._warm_start)."""

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import StratifiedKFold

import skgan._fitting
from skgan import GANOversampler, prefit_folds
from skgan._kinds import get_kind
from skgan._warm_start import EMBEDDING, resolve_init
from tests.rounding import assert_close


def _tables(seed, classes, n=30, width=4):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(2.0 * c, 1.0, (n, width)) for c in classes])
    return X, np.repeat(classes, n)


@pytest.fixture
def source(fast):
    X, y = _tables(0, [0, 1, 2])
    return GANOversampler(random_state=0, **fast).fit(X, y)


def _weights(sampler):
    return {k: v.clone() for k, v in sampler.generator_.state_dict().items()}


def test_the_start_maps_classes_by_label_and_keeps_every_other_weight(source):
    start = resolve_init(source, get_kind("table"), (4,), np.array([1, 2, 7]))
    np.testing.assert_array_equal(start.class_map, [1, 2, -1])
    kind, fresh = get_kind("table"), source.generator_
    target = kind.build_generator({**fresh.config, "n_classes": 3})
    before = target.state_dict()[EMBEDDING].clone()
    start.load_into(target)
    loaded, original = target.state_dict(), source.generator_.state_dict()
    for name, value in original.items():
        if name != EMBEDDING:
            torch.testing.assert_close(loaded[name], value, rtol=0, atol=0)
    embedding, known = loaded[EMBEDDING], original[EMBEDDING]
    torch.testing.assert_close(embedding[:, :2], known[:, 1:], rtol=0, atol=0)
    # the new class: the mean of the known columns plus its fresh column,
    # scaled to the known columns' spread around their mean
    mean = known.mean(dim=1)
    spread = (known - mean[:, None]).norm(dim=0).mean()
    offset = embedding[:, 2] - mean
    torch.testing.assert_close(offset.norm(), spread)
    cosine = torch.nn.functional.cosine_similarity(offset, before[:, 2], dim=0)
    assert cosine > 0.999


def test_a_sampler_a_frozen_sampler_and_its_file_give_the_same_fit(
    source, fast, tmp_path
):
    X, y = _tables(1, [1, 2, 3], n=12)
    path = tmp_path / "source.skgan"
    source.save(path)
    fits = [
        GANOversampler(
            random_state=0, init=init, augmentation_ratio=1.0, **fast
        ).fit_resample(X, y)
        for init in (source, FrozenEstimator(source), path, str(path))
    ]
    for X_res, y_res in fits[1:]:
        np.testing.assert_array_equal(X_res, fits[0][0])
        np.testing.assert_array_equal(y_res, fits[0][1])
    scratch, _ = GANOversampler(
        random_state=0, augmentation_ratio=1.0, **fast
    ).fit_resample(X, y)
    assert not np.allclose(scratch[len(X) :], fits[0][0][len(X) :])


def test_a_start_with_no_training_is_the_source_generator(source, fast):
    X, y = _tables(1, [0, 1, 2], n=12)
    adapted = GANOversampler(random_state=0, init=source, **fast)
    adapted.set_params(generator_learning_rate=1e-12, ema_decay=0.0)
    adapted.fit(X, y)
    fitted = adapted.generator_.state_dict()
    for name, value in _weights(source).items():
        torch.testing.assert_close(fitted[name], value, rtol=0, atol=1e-6)


def test_a_clone_of_a_fitted_sampler_is_refused_with_the_fix(source, fast):
    X, y = _tables(1, [0, 1], n=12)
    sampler = clone(GANOversampler(init=source, **fast))
    with pytest.raises(ValueError, match=r"FrozenEstimator\(sampler\)"):
        sampler.fit(X, y)
    # the frozen sampler survives the clone
    frozen = clone(GANOversampler(init=FrozenEstimator(source), **fast))
    frozen.fit(X, y)
    assert frozen.init.estimator is source


@pytest.mark.parametrize(
    "change, message",
    [
        ({"generator_hidden_sizes": (8,)}, "has shape"),
        ({"latent_dim": 4}, "has shape"),
    ],
)
def test_another_architecture_is_refused(source, fast, change, message):
    X, y = _tables(1, [0, 1], n=12)
    with pytest.raises(ValueError, match=message) as error:
        GANOversampler(init=source, **{**fast, **change}).fit(X, y)
    assert "generator_hidden_sizes" in str(error.value)


def test_other_samples_are_refused(source, fast):
    X, y = _tables(1, [0, 1], n=12, width=5)
    with pytest.raises(ValueError, match=r"samples of shape \(4,\)"):
        GANOversampler(init=source, **fast).fit(X, y)
    sequences = np.random.RandomState(0).normal(size=(24, 16, 4))
    with pytest.raises(ValueError, match="table samples"):
        GANOversampler(init=source, **fast).fit(sequences, np.repeat([0, 1], 12))


def test_an_unusable_init_is_refused(fast):
    X, y = _tables(1, [0, 1], n=12)
    with pytest.raises(ValueError, match="init"):  # InvalidParameterError
        GANOversampler(init=3, **fast).fit(X, y)
    with pytest.raises(ValueError, match="not fitted"):
        GANOversampler(init=GANOversampler(), **fast).fit(X, y)
    constant = GANOversampler(**fast).fit(np.ones((24, 3)), np.repeat([0, 1], 12))
    with pytest.raises(ValueError, match="learned nothing"):
        GANOversampler(init=constant, **fast).fit(np.ones((24, 3)), y)


def test_the_saved_file_holds_the_adapted_generator(source, fast, tmp_path):
    X, y = _tables(1, [2, 5], n=12)
    path = tmp_path / "source.skgan"
    source.save(path)
    for init, saved_as in ((source, None), (path, str(path))):
        adapted = GANOversampler(random_state=0, init=init, **fast).fit(X, y)
        adapted.save(tmp_path / "adapted.skgan")
        loaded = GANOversampler.load(tmp_path / "adapted.skgan")
        assert loaded.init == saved_as
        np.testing.assert_array_equal(
            loaded.sample(10, random_state=0)[0], adapted.sample(10, random_state=0)[0]
        )


def test_init_is_part_of_the_memory_key(source, fast, tmp_path, monkeypatch):
    X, y = _tables(1, [0, 1, 2], n=12)

    def fit(init):
        sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
        return sampler.set_params(init=init).fit(X, y).sample(5, random_state=0)[0]

    scratch, adapted = fit(None), fit(source)
    assert not np.allclose(scratch, adapted)
    monkeypatch.setattr(skgan._fitting, "train_gan", None)  # nothing may train
    np.testing.assert_array_equal(fit(source), adapted)
    np.testing.assert_array_equal(fit(None), scratch)


@pytest.mark.slow
def test_prefit_folds_trains_the_adapted_gans(source, fast, tmp_path, monkeypatch):
    X, y = _tables(1, [0, 1, 2], n=12)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    sampler = GANOversampler(random_state=0, init=FrozenEstimator(source), **fast)
    fresh = [clone(sampler).fit_resample(X[t], y[t]) for t, _ in cv.split(X, y)]
    cached = clone(sampler).set_params(memory=str(tmp_path))
    gans = prefit_folds(cached, X, y, cv=cv, refit=False)
    assert [g["status"] for g in gans] == ["trained"] * 3
    monkeypatch.setattr(skgan._fitting, "train_gan", None)  # nothing may train
    for (train, _), (X_new, _) in zip(cv.split(X, y), fresh):
        X_hit, _ = clone(cached).fit_resample(X[train], y[train])
        assert_close(X_hit, X_new, "the prefitted adapted GAN's rows")


def test_a_search_adapts_a_frozen_source_and_leaves_it_as_it_was(
    source, fast, tmp_path
):
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV

    before = _weights(source)
    X, y = _tables(2, [0, 1, 2], n=15)
    sampler = GANOversampler(
        init=FrozenEstimator(source), random_state=0, memory=str(tmp_path), **fast
    )
    search = GridSearchCV(
        make_pipeline(sampler, LogisticRegression()),
        {"ganoversampler__augmentation_ratio": [0.0, 1.0]},
        cv=3,
        error_score="raise",
    ).fit(X, y)
    adapted = search.best_estimator_[0]
    assert adapted.init.estimator is source
    assert adapted.n_steps_ > 0
    for name, value in _weights(source).items():
        torch.testing.assert_close(value, before[name], rtol=0, atol=0)
