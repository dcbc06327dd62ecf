"""GANOversampler on sequences (n, time, channels) and classifier images
(n, time, 1, channels): layouts, counts, determinism, augment(), persistence,
pipelines, errors, and that the convolutional GAN learns a class's frequency."""

import json
import subprocess
import sys
import textwrap

import joblib
import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.preprocessing import FunctionTransformer

from skgan import GANOversampler
from skgan._config import TrainingConfig
from skgan.augmentation import (
    classifier_images_to_gan_sequences,
    gan_sequences_to_classifier_images,
    interpolation_labels,
)
from tests.conftest import same_threads_env


def noisy_sines(counts, n_timesteps=32, n_channels=2, freqs=(2, 4, 7), seed=0):
    """Class ``k``: a sine of ``freqs[k]`` cycles per sequence on every
    channel, random phase per channel, plus Gaussian noise."""
    rng = np.random.RandomState(seed)
    t = np.arange(n_timesteps) / n_timesteps
    X, y = [], []
    for k, n in enumerate(counts):
        phase = rng.uniform(0, 2 * np.pi, (n, 1, n_channels))
        wave = np.sin(2 * np.pi * freqs[k] * t[None, :, None] + phase)
        X.append(wave + 0.3 * rng.randn(n, n_timesteps, n_channels))
        y += [k] * n
    return np.concatenate(X), np.array(y)


def dominant_frequency(X):
    """The peak of the amplitude spectrum averaged over rows and channels."""
    return int(np.abs(np.fft.rfft(X, axis=1)).mean(axis=(0, 2)).argmax())


@pytest.mark.parametrize("n_timesteps", [1, 7, 20, 33])
@pytest.mark.parametrize("n_channels", [1, 3])
@pytest.mark.parametrize("layout", ["sequence", "image"])
@pytest.mark.slow
def test_layouts_lengths_and_channels(fast, n_timesteps, n_channels, layout):
    X, y = noisy_sines([20, 8], n_timesteps, n_channels)
    X = X.astype(np.float32)
    if layout == "image":
        X = X[:, :, None, :]
    X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert X_res.shape == (40, *X.shape[1:]) and X_res.dtype == np.float32
    np.testing.assert_array_equal(X_res[:28], X)  # real rows untouched
    np.testing.assert_array_equal(y_res, np.repeat([0, 1, 1], [20, 8, 12]))
    synthetic = X_res[28:].reshape(12, n_timesteps, n_channels)
    assert np.isfinite(synthetic).all()
    flat = X.reshape(len(X), n_timesteps, n_channels)
    assert (synthetic >= flat.min(axis=(0, 1)) - 1e-6).all()
    assert (synthetic <= flat.max(axis=(0, 1)) + 1e-6).all()


def test_integer_sequences_keep_their_dtype(fast):
    X, y = noisy_sines([20, 10])
    X = np.round(10 * X).astype(np.int16)
    X_res, _ = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert X_res.dtype == np.int16
    np.testing.assert_array_equal(X_res[:30], X)


def test_soft_labels_and_interpolation(fast):
    X, y = noisy_sines([20, 10, 10])
    sampler = GANOversampler(
        augmentation_ratio=1.0,
        interpolation=0.5,
        soft_labels=True,
        random_state=0,
        **fast,
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.shape == (120, 32, 2)
    assert y_res.shape == (120, 3) and y_res.dtype == np.float32
    np.testing.assert_allclose(y_res.sum(axis=1), 1.0, rtol=1e-6)
    assert ((y_res[40:] > 0).sum(axis=1) == 2).sum() == 30  # interpolated rows


def test_same_seed_same_sequences_other_seed_others(fast):
    X, y = noisy_sines([20, 10])
    a, _ = GANOversampler(random_state=1, **fast).fit_resample(X, y)
    b, _ = GANOversampler(random_state=1, **fast).fit_resample(X, y)
    c, _ = GANOversampler(random_state=2, **fast).fit_resample(X, y)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a[30:], c[30:])


def test_sample_keeps_the_training_layout(fast):
    X, y = noisy_sines([20, 10])
    sampler = GANOversampler(random_state=0, **fast).fit(X[:, :, None, :], y)
    X_new, y_new = sampler.sample(5, y=1, random_state=0)
    assert X_new.shape == (5, 32, 1, 2) and (y_new == 1).all()
    X_soft, y_soft = sampler.sample(y=np.array([[0.5, 0.5]], np.float32))
    assert X_soft.shape == (1, 32, 1, 2) and y_soft.shape == (1, 2)
    again, _ = sampler.sample(5, y=1, random_state=0)
    np.testing.assert_array_equal(X_new, again)


def test_auto_settings_depend_on_the_kind_of_data():
    X, y = noisy_sines([10, 10])
    sampler = GANOversampler(max_steps=1, random_state=0).fit(X, y)
    assert sampler.get_params()["batch_size"] == "auto"
    assert sampler.get_params()["max_steps"] == 1
    config = TrainingConfig.from_estimator(
        sampler.set_params(max_steps="auto"), sampler.model_.kind, X.shape
    )
    assert config.generator_hidden_sizes == (32, 32)
    assert (config.batch_size, config.pack_size, config.max_steps) == (32, 2, 300)
    assert not config.early_stopping
    assert sampler.generator_.output.in_channels == 32  # a 1-D conv network
    table = GANOversampler(max_steps=1, random_state=0).fit(X[:, 0, :], y)
    config = TrainingConfig.from_estimator(
        table.set_params(max_steps="auto"), table.model_.kind, X[:, 0].shape
    )
    assert config.discriminator_hidden_sizes == (128, 128)
    assert (config.batch_size, config.max_steps) == (256, 600)
    assert config.early_stopping
    assert sampler.generator_.config["hidden_sizes"] == (32, 32)
    assert len(table.generator_.blocks) == 2  # a residual MLP
    assert table.generator_.config["hidden_sizes"] == (64, 64)


@pytest.mark.parametrize("layout", ["sequence", "image"])
def test_augment_matches_the_seed_helpers(fast, layout):
    X, y = noisy_sines([12, 9, 6], n_timesteps=16, n_channels=3)
    X_in = X if layout == "sequence" else X[:, :, None, :]
    sampler = GANOversampler(random_state=0, **fast)
    result = sampler.augment(X_in, y, samples_per_class=4)
    labels = interpolation_labels(3, 4)
    assert result.x_synthetic.shape == (36, 16, 1, 3)
    assert result.x_synthetic.dtype == np.float32
    np.testing.assert_array_equal(result.y_synthetic, labels)
    assert result.x_train.shape == (27 + 36, 16, 1, 3)
    np.testing.assert_array_equal(
        result.x_train[:27], X[:, :, None, :].astype(np.float32)
    )
    np.testing.assert_array_equal(result.x_train[27:], result.x_synthetic)
    np.testing.assert_array_equal(result.y_train[:27], np.eye(3)[y])
    np.testing.assert_array_equal(result.y_train[27:], labels)
    assert result.y_train.dtype == np.float32
    # scale is the factor of the seed's normalisation, and round-trips
    _, scale = classifier_images_to_gan_sequences(X[:, :, None, :])
    assert result.scale == pytest.approx(scale)
    normalized = result.x_synthetic[:, :, 0, :] / (2 * result.scale) + 0.5
    assert normalized.min() >= 0 and normalized.max() <= 1
    np.testing.assert_allclose(
        gan_sequences_to_classifier_images(normalized, result.scale),
        result.x_synthetic,
        atol=1e-5,
    )
    assert result.history == sampler.history_ and len(result.history) > 0
    metadata = json.loads(json.dumps(result.metadata))
    assert metadata["device"] == "cpu"
    assert metadata["n_steps"] == fast["max_steps"]
    assert metadata["classes"] == [0, 1, 2]
    assert metadata["class_counts"] == [12, 9, 6]
    assert metadata["n_synthetic"] == 36 and metadata["n_real"] == 27
    assert metadata["skgan_version"] == __import__("skgan").__version__
    assert metadata["random_state"] == 0


def test_augment_takes_one_hot_labels_and_is_deterministic(fast):
    X, y = noisy_sines([10, 10], n_timesteps=8)
    one_hot = np.eye(2)[y]
    a = GANOversampler(random_state=5, **fast).augment(X, one_hot, samples_per_class=2)
    b = GANOversampler(random_state=5, **fast).augment(X, y, samples_per_class=2)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_train, b.y_train)


def test_augment_errors(fast):
    X, y = noisy_sines([10, 10], n_timesteps=8)
    sampler = GANOversampler(random_state=0, **fast)
    with pytest.raises(ValueError, match="fit_resample with soft_labels=True"):
        sampler.augment(X[:, :, 0], y)
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="samples_per_class"):
            sampler.augment(X, y, samples_per_class=bad)


@pytest.mark.parametrize(
    "make_input, match",
    [
        (lambda X: X[:, :, :, None, None], "2-D table"),
        (lambda X: np.where(X > 1.2, np.nan, X), "NaN"),
        (lambda X: X[:1], "1 sample"),
    ],
)
def test_bad_sequences_are_clear_errors(fast, make_input, match):
    X, y = noisy_sines([10, 10], n_timesteps=8)
    X_bad = make_input(X)
    with pytest.raises(ValueError, match=match):
        GANOversampler(**fast).fit_resample(X_bad, y[: len(X_bad)])


def test_categorical_features_are_refused_for_sequences(fast):
    X, y = noisy_sines([10, 10], n_timesteps=8)
    with pytest.raises(ValueError, match="categorical_features applies to tables"):
        GANOversampler(categorical_features=[0], **fast).fit_resample(X, y)


def _flatten(X):
    return X.reshape(len(X), -1)


def test_pipeline_and_grid_search_on_sequences(fast):
    X, y = noisy_sines([40, 12], n_timesteps=16)
    pipe = make_pipeline(
        GANOversampler(random_state=0, **fast),
        FunctionTransformer(_flatten),
        LogisticRegression(max_iter=1000),
    )
    search = GridSearchCV(
        pipe,
        {"ganoversampler__augmentation_ratio": [0.0, 0.5]},
        cv=StratifiedKFold(2, shuffle=True, random_state=0),
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.predict(X).shape == (52,)


def test_memory_hit_on_sequences(fast, tmp_path):
    X, y = noisy_sines([20, 10])
    fresh, _ = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    cached = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    cached.fit_resample(X, y)
    hit, _ = cached.fit_resample(X, y)
    np.testing.assert_array_equal(hit, fresh)


_LOAD_AND_SAMPLE = textwrap.dedent(
    """
    import sys, joblib, numpy as np
    sampler = joblib.load(sys.argv[1])
    X_new, _ = sampler.sample(7, y=1, random_state=3)
    np.save(sys.argv[2], X_new)
    """
)


@pytest.mark.slow
def test_joblib_round_trip_in_a_fresh_process(fast, tmp_path):
    X, y = noisy_sines([20, 10])
    sampler = GANOversampler(random_state=0, **fast).fit(X[:, :, None, :], y)
    joblib.dump(sampler, tmp_path / "model.joblib")
    subprocess.run(
        [
            sys.executable,
            "-c",
            _LOAD_AND_SAMPLE,
            str(tmp_path / "model.joblib"),
            str(tmp_path / "out.npy"),
        ],
        check=True,
        env=same_threads_env(),
    )
    expected, _ = sampler.sample(7, y=1, random_state=3)
    np.testing.assert_array_equal(np.load(tmp_path / "out.npy"), expected)


@pytest.mark.slow
def test_each_class_gets_its_own_frequency():
    """The convolutional GAN learns the frequency that tells the classes apart:
    with random phases, per-step means and spreads say nothing about it, so
    only the discriminator can teach it."""
    freqs = (2, 4, 7)
    X, y = noisy_sines([30, 30, 30], freqs=freqs)
    sampler = GANOversampler(
        latent_dim=16,
        generator_hidden_sizes=(32, 32),
        discriminator_hidden_sizes=(32, 32),
        max_steps=400,
        random_state=0,
    ).fit(X, y)
    for k, freq in enumerate(freqs):
        synthetic, _ = sampler.sample(100, y=k, random_state=1)
        assert dominant_frequency(synthetic) == freq
        spectra = np.abs(np.fft.rfft(synthetic, axis=1)).mean(axis=2)
        assert (spectra.argmax(axis=1) == freq).mean() > 0.5
        # as strong as in the real class, not a faint trace
        real = np.abs(np.fft.rfft(X[y == k], axis=1)).mean(axis=(0, 2))
        synthetic_peak = spectra.mean(axis=0)[freq]
        assert 0.5 * real[freq] < synthetic_peak < 1.5 * real[freq]
