"""GANOversampler on images (n, height, width[, channels]): layouts, dtypes,
ranges, errors, determinism, soft labels, augment(), persistence, memory,
pipelines, AugmentedClassifier, and that the BigGAN-deep GAN learns the
shape that tells two classes apart."""

import subprocess
import sys
import textwrap

import joblib
import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import make_pipeline as make_sklearn_pipeline
from sklearn.preprocessing import FunctionTransformer

from skgan import AugmentedClassifier, GANOversampler
from skgan._config import TrainingConfig
from skgan._kinds import IMAGE
from tests.conftest import same_threads_env


def bars(counts, height=8, width=8, n_channels=None, seed=0, dtype=np.float64):
    """Class 0: a horizontal bar, class 1: a vertical bar (class ``k`` > 1: a
    diagonal), at a random position, on noise; values in [0, 16] (uint8
    images in [0, 255]). ``n_channels`` None gives (n, height, width)."""
    rng = np.random.RandomState(seed)
    X, y = [], []
    for k, n in enumerate(counts):
        images = rng.uniform(0, 3, (n, height, width))
        for i in range(n):
            if k == 0:
                images[i, rng.randint(height)] = 15
            elif k == 1:
                images[i, :, rng.randint(width)] = 15
            else:
                diagonal = np.arange(min(height, width))
                images[i, diagonal, diagonal] = 15
        X.append(images)
        y += [k] * n
    X = np.concatenate(X)
    if n_channels is not None:
        X = np.repeat(X[..., None], n_channels, axis=3)
        X = X * np.linspace(1.0, 0.5, n_channels)
    if np.dtype(dtype) == np.uint8:
        X = X * 255 / 16
    return X.astype(dtype), np.array(y)


@pytest.mark.parametrize(
    "height, width, n_channels, dtype",
    [
        (8, 8, None, np.float64),
        (5, 7, 3, np.float32),
        (12, 9, 2, np.uint8),
        (3, 3, None, np.uint8),
        (17, 16, 1, np.float64),
    ],
)
def test_layouts_sizes_and_dtypes(fast, height, width, n_channels, dtype):
    X, y = bars([20, 8], height, width, n_channels, dtype=dtype)
    sampler = GANOversampler(data_kind="image", random_state=0, **fast)
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.model_.kind is IMAGE
    assert X_res.shape == (40, *X.shape[1:]) and X_res.dtype == X.dtype
    np.testing.assert_array_equal(X_res[:28], X)
    assert y_res.tolist() == y.tolist() + [1] * 12
    X_syn = X_res[28:].reshape(12, height, width, -1)
    X_ch = X.reshape(len(X), height, width, -1)
    # every channel stays within its training range
    assert (X_syn.min(axis=(0, 1, 2)) >= X_ch.min(axis=(0, 1, 2))).all()
    assert (X_syn.max(axis=(0, 1, 2)) <= X_ch.max(axis=(0, 1, 2))).all()
    X_new, _ = sampler.sample(5, random_state=0)
    assert X_new.shape == (5, *X.shape[1:]) and X_new.dtype == X.dtype


def test_auto_takes_a_4d_array_with_channels_for_images(fast):
    X, y = bars([10, 10], n_channels=3)
    assert GANOversampler(**fast).fit(X, y).model_.kind is IMAGE
    grey, y = bars([10, 10])
    sampler = GANOversampler(**fast).fit(grey, y)  # (n, h, w) reads as sequences
    assert sampler.model_.kind.name == "sequence"


def test_integer_valued_float_images_come_back_integer_valued(fast):
    X, y = bars([10, 10])
    X = np.round(X)
    X_new, _ = (
        GANOversampler(data_kind="image", random_state=0, **fast)
        .fit(X, y)
        .sample(20, random_state=0)
    )
    np.testing.assert_array_equal(X_new, np.round(X_new))


def test_soft_labels_and_interpolation(fast):
    X, y = bars([20, 10], n_channels=1)
    sampler = GANOversampler(
        soft_labels=True, interpolation=0.5, augmentation_ratio=1.0, **fast
    )
    X_res, Y_res = sampler.fit_resample(X, y)
    assert X_res.shape[1:] == X.shape[1:] and Y_res.shape == (len(X_res), 2)
    np.testing.assert_allclose(Y_res.sum(axis=1), 1.0, rtol=1e-6)
    assert ((Y_res > 0) & (Y_res < 1)).any()  # rows between the two classes
    X_soft, _ = sampler.sample(y=[[0.6, 0.4], [0.2, 0.8]], random_state=0)
    assert X_soft.shape == (2, *X.shape[1:]) and np.isfinite(X_soft).all()


def test_same_seed_same_images_other_seed_others(fast):
    X, y = bars([20, 10], n_channels=2, dtype=np.uint8)
    first = GANOversampler(random_state=0, **fast).fit_resample(X, y)[0]
    again = GANOversampler(random_state=0, **fast).fit_resample(X, y)[0]
    other = GANOversampler(random_state=1, **fast).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first[30:], other[30:])


def test_augment_gives_images_in_the_classifier_layout(fast):
    X, y = bars([12, 12])
    sampler = GANOversampler(data_kind="image", random_state=0, **fast)
    result = sampler.augment(X, y, samples_per_class=3)
    assert result.x_train.shape == (24 + 12, 8, 8, 1)
    assert result.x_train.dtype == np.float32
    np.testing.assert_array_equal(result.x_train[:24, :, :, 0], X.astype(np.float32))
    assert result.y_synthetic.shape == (12, 2)
    assert result.metadata["height"] == result.metadata["width"] == 8
    assert result.metadata["n_channels"] == 1


@pytest.mark.parametrize(
    "make_input, error, match",
    [
        (lambda X: X.reshape(len(X), -1), ValueError, "needs images shaped"),
        (lambda X: X[..., None, None], ValueError, "needs images shaped"),
        (lambda X: np.where(X > 14, np.nan, X), ValueError, "NaN"),
        (lambda X: X.astype(str), ValueError, "numbers only"),
        (lambda X: X[:1], ValueError, "1 sample"),
    ],
)
def test_bad_images_are_clear_errors(fast, make_input, error, match):
    X, y = bars([10, 10])
    X_bad = make_input(X)
    with pytest.raises(error, match=match):
        GANOversampler(data_kind="image", **fast).fit(X_bad, y[: len(X_bad)])


def test_images_are_not_sequences_or_categorical(fast):
    X, y = bars([10, 10], n_channels=3)
    with pytest.raises(ValueError, match="use data_kind='image'"):
        GANOversampler(data_kind="sequence", **fast).fit(X, y)
    with pytest.raises(ValueError, match="categorical_features applies to tables"):
        GANOversampler(categorical_features=[0], **fast).fit(X, y)


def _flatten(X):
    return X.reshape(len(X), -1)


@pytest.mark.slow
def test_pipeline_grid_search_and_augmented_classifier(fast):
    X, y = bars([30, 12], n_channels=1)
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
    classifier = AugmentedClassifier(
        make_sklearn_pipeline(
            FunctionTransformer(_flatten), LogisticRegression(max_iter=1000)
        ),
        GANOversampler(
            soft_labels=True,
            interpolation=0.5,
            augmentation_ratio=0.5,
            random_state=0,
            **fast,
        ),
    ).fit(X, y)
    assert classifier.predict(X).shape == (42,)


def test_memory_hit_on_images(fast, tmp_path):
    X, y = bars([20, 10], n_channels=3)
    fresh, _ = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    cached = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    cached.fit_resample(X, y)
    hit, _ = cached.fit_resample(X, y)
    np.testing.assert_array_equal(hit, fresh)


def test_save_and_load_sample_the_same_images(fast, tmp_path):
    X, y = bars([20, 10], height=9, width=11, n_channels=2, dtype=np.uint8)
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    sampler.save(tmp_path / "model.skgan")
    loaded = GANOversampler.load(tmp_path / "model.skgan")
    expected, _ = sampler.sample(6, random_state=2)
    got, _ = loaded.sample(6, random_state=2)
    assert got.dtype == np.uint8
    np.testing.assert_array_equal(got, expected)


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
    X, y = bars([20, 10], n_channels=3)
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
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
def test_each_class_gets_its_own_bar():
    """The GAN learns what tells the classes apart: a synthetic image of class
    0 has a bright row (a horizontal bar), one of class 1 a bright column.
    Noise has neither. At 300 steps about three quarters of the images have
    their bar (a pure GAN, without moment matching, at 150 steps: 2 % of
    class 0)."""
    X, y = bars([40, 40])
    sampler = GANOversampler(data_kind="image", max_steps=300, random_state=0)
    sampler.fit(X, y)
    for c in (0, 1):
        X_new, _ = sampler.sample(100, y=c, random_state=0)
        rows, columns = X_new.mean(axis=2).max(axis=1), X_new.mean(axis=1).max(axis=1)
        bar, across = (rows, columns) if c == 0 else (columns, rows)
        assert np.mean(bar > across + 4) > 0.6
        assert np.mean(bar > 8) > 0.6


@pytest.mark.parametrize(
    "shape, n_blocks", [((8, 8), 2), ((5, 5), 2), ((28, 28), 4), ((64, 40, 3), 6)]
)
def test_auto_networks_grow_with_the_image(shape, n_blocks):
    config = TrainingConfig.from_estimator(GANOversampler(), IMAGE, (100, *shape))
    assert config.generator_hidden_sizes == (64,) * n_blocks
    assert config.discriminator_hidden_sizes == (64,) * n_blocks
    assert config.batch_size == 64 and config.pack_size == 2
    generator = IMAGE.build_networks(
        _FakeScaler(*shape[:2]), 3, config.replace(latent_dim=8)
    )[0]
    # the generator starts from a map of 4 to 7 pixels on its shorter side
    assert 4 <= min(generator.start) < 8 or min(shape[:2]) < 8


class _FakeScaler:
    def __init__(self, height, width):
        self.height_, self.width_, self.n_channels_ = height, width, 1
