"""Kinds of data (skgan/_kinds): the auto rule, the override, and a third kind
defined here, outside the package, that fits, samples, saves and loads."""

import io

import numpy as np
import pytest
import torch
from torch import nn

from skgan import GANOversampler, _kinds
from skgan._config import TrainingConfig
from skgan._kinds import IMAGE, SEQUENCE, TABLE, DataKind, resolve_kind

# -- the rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    "shape, kind",
    [
        ((10, 3), TABLE),
        ((10, 5, 2), SEQUENCE),
        ((10, 8, 8), SEQUENCE),
        ((10, 5, 1, 2), SEQUENCE),
        ((10, 8, 8, 3), IMAGE),
        ((10, 8, 8, 1), IMAGE),
        ((10, 5, 2, 1), IMAGE),
    ],
)
def test_auto_reads_the_kind_off_the_shape(shape, kind):
    assert resolve_kind("auto", shape) is kind


@pytest.mark.parametrize("shape", [(10,), (10, 2, 2, 2, 2)])
def test_shapes_no_kind_takes_are_an_error(shape):
    with pytest.raises(ValueError, match="Expected a 2-D table"):
        resolve_kind("auto", shape)


def test_an_unknown_kind_lists_the_known_ones():
    known = r"'images' is not a kind.*'image', 'sequence', 'table'"
    with pytest.raises(ValueError, match=known):
        GANOversampler(data_kind="images").fit(np.zeros((4, 2)), [0, 0, 1, 1])


def test_the_override_checks_the_input(fast):
    X = np.random.RandomState(0).normal(size=(12, 6, 2))
    y = np.repeat([0, 1], 6)
    with pytest.raises(ValueError, match="data_kind='table' needs a 2-D X"):
        GANOversampler(data_kind="table", **fast).fit(X, y)
    with pytest.raises(ValueError, match="data_kind='sequence' needs sequences"):
        GANOversampler(data_kind="sequence", **fast).fit(X[:, :, 0], y)
    auto = GANOversampler(random_state=0, **fast).fit(X, y)
    named = GANOversampler(data_kind="sequence", random_state=0, **fast).fit(X, y)
    assert named.model_.kind is auto.model_.kind is SEQUENCE
    np.testing.assert_array_equal(
        named.sample(4, random_state=0)[0], auto.sample(4, random_state=0)[0]
    )


# -- a third kind, defined outside the package -------------------------------


class RangeEncoder:
    """Matrices (n, a, b) <-> rows in [-1, 1] (n, a * b), per entry."""

    STATE = ("low_", "high_", "shape_", "output_dim_")
    output_dtype_ = np.dtype(np.float64)

    def fit_transform(self, X, codes, n_classes):
        flat = X.reshape(len(X), -1)
        self.shape_ = X.shape[1:]
        self.low_, self.high_ = flat.min(axis=0), flat.max(axis=0)
        self.output_dim_ = flat.shape[1]
        span = np.where(self.high_ > self.low_, self.high_ - self.low_, 1.0)
        return (2 * (flat - self.low_) / span - 1).astype(np.float32)

    def inverse_transform(self, Z, labels, out=None):
        span = np.where(self.high_ > self.low_, self.high_ - self.low_, 1.0)
        values = (np.clip(Z, -1, 1) + 1) / 2 * span + self.low_
        values = values.reshape(len(Z), *self.shape_)
        if out is None:
            return values
        out[...] = values
        return out

    def get_state(self):
        return {name: getattr(self, name) for name in self.STATE}

    @classmethod
    def from_state(cls, state):
        encoder = cls()
        vars(encoder).update(state)
        return encoder


class TinyGenerator(nn.Module):
    def __init__(self, latent_dim, n_classes, width, output_dim):
        super().__init__()
        self.config = dict(
            latent_dim=latent_dim,
            n_classes=n_classes,
            width=width,
            output_dim=output_dim,
        )
        self.net = nn.Sequential(
            nn.Linear(latent_dim + n_classes, width),
            nn.ReLU(),
            nn.Linear(width, output_dim),
        )

    def forward(self, z, y):
        return self.net(torch.cat([z, y], dim=1))


class TinyDiscriminator(nn.Module):
    def __init__(self, n_classes, width, input_dim):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(input_dim + n_classes, width),
            nn.LeakyReLU(0.2),
            nn.Linear(width, 1),
        )

    def forward(self, x, y):
        return self.net(torch.cat([x, y], dim=1)).squeeze(1)


class MatrixKind(DataKind):
    name = "test-matrix"
    auto_settings = dict(
        generator_hidden_sizes=(16,),
        discriminator_hidden_sizes=(16,),
        batch_size=16,
        pack_size=1,
    )
    encoder_class = RangeEncoder
    generator_class = TinyGenerator

    def check_X(self, X, *, categorical_features, feature_names):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 3:
            raise ValueError(f"test-matrix takes (n, a, b) arrays; got {X.shape}.")
        return X, RangeEncoder()

    def build_networks(self, encoder, n_classes, config):
        width = config.generator_hidden_sizes[0]
        generator = TinyGenerator(
            config.latent_dim, n_classes, width, encoder.output_dim_
        )
        discriminator = TinyDiscriminator(
            n_classes, config.discriminator_hidden_sizes[0], encoder.output_dim_
        )
        return generator, discriminator

    def training_activation(self, encoder):
        return lambda raw, torch_generator: torch.tanh(raw)

    def sampling_activation(self, encoder):
        return lambda raw, labels, torch_generator: torch.tanh(raw)


@pytest.fixture
def matrix_kind():
    kind = _kinds.register(MatrixKind())
    yield kind
    _kinds.unregister(kind.name)


def test_a_kind_defined_outside_the_package(matrix_kind, tmp_path):
    rng = np.random.RandomState(0)
    X = np.concatenate([rng.uniform(0, 1, (30, 2, 3)), rng.uniform(5, 9, (10, 2, 3))])
    y = np.repeat([0, 1], [30, 10])
    sampler = GANOversampler(
        data_kind="test-matrix", max_steps=30, latent_dim=4, random_state=0
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert sampler.model_.kind is matrix_kind
    assert X_res.shape == (60, 2, 3) and np.bincount(y_res).tolist() == [30, 30]
    np.testing.assert_array_equal(X_res[:40], X)  # real rows untouched
    synthetic = X_res[40:]
    assert (synthetic >= X.min(axis=0)).all() and (synthetic <= X.max(axis=0)).all()
    X_new, y_new = sampler.sample(5, y=1, random_state=0)
    assert X_new.shape == (5, 2, 3) and y_new.tolist() == [1] * 5

    buffer = io.BytesIO()
    sampler.save(buffer)
    buffer.seek(0)
    loaded = GANOversampler.load(buffer)
    assert loaded.model_.kind is matrix_kind
    assert isinstance(loaded.generator_, TinyGenerator)
    np.testing.assert_array_equal(loaded.sample(5, y=1, random_state=0)[0], X_new)


def test_a_model_of_an_unregistered_kind_does_not_load(matrix_kind):
    X = np.random.RandomState(0).uniform(size=(20, 2, 2))
    sampler = GANOversampler(data_kind="test-matrix", max_steps=2, random_state=0)
    buffer = io.BytesIO()
    sampler.fit(X, np.repeat([0, 1], 10)).save(buffer)
    _kinds.unregister(matrix_kind.name)
    buffer.seek(0)
    with pytest.raises(ValueError, match="unknown kind of data 'test-matrix'"):
        GANOversampler.load(buffer)


def test_a_kind_that_does_not_say_trains_600_steps(matrix_kind):
    sampler = GANOversampler(data_kind="test-matrix")
    assert sampler.max_steps == "auto" and "max_steps" not in MatrixKind.auto_settings
    config = TrainingConfig.from_estimator(sampler, matrix_kind, (20, 2, 2))
    assert config.max_steps == 600
    shapes = {TABLE: (20, 8), SEQUENCE: (20, 64, 3), IMAGE: (20, 8, 8, 1)}
    for kind, steps in [(TABLE, 600), (SEQUENCE, 300), (IMAGE, 600)]:
        shape = shapes[kind]
        assert TrainingConfig.from_estimator(sampler, kind, shape).max_steps == steps
