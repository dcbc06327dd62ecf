"""ImageScaler (skgan/_kinds/image/_encoder.py): channels-first [-1, 1] scaling,
and decoding back to the input's layout and dtype, rounded and clipped."""

import numpy as np
import pytest

from skgan._kinds.image import ImageScaler
from skgan._kinds.image._encoder import RANGE


@pytest.mark.parametrize(
    "shape, dtype",
    [((6, 4, 5), np.float64), ((6, 4, 5, 3), np.float32), ((6, 3, 2, 2), np.uint8)],
)
def test_round_trip_in_layout_and_dtype(shape, dtype):
    rng = np.random.RandomState(0)
    X = (rng.uniform(0, 200, shape)).astype(dtype)
    scaler = ImageScaler()
    Z = scaler.fit_transform(X, np.zeros(len(X), int), 1)
    n_channels = shape[3] if len(shape) == 4 else 1
    assert Z.shape == (shape[0], n_channels, *shape[1:3]) and Z.dtype == np.float32
    assert Z.min() == pytest.approx(-RANGE) and Z.max() == pytest.approx(RANGE)
    assert scaler.output_dim_ == np.prod(shape[1:])
    back = scaler.inverse_transform(Z, None)
    assert back.shape == X.shape and back.dtype == X.dtype
    np.testing.assert_allclose(back, X, rtol=1e-5, atol=1e-4)
    out = np.empty_like(X)
    assert scaler.inverse_transform(Z, None, out=out) is out
    np.testing.assert_array_equal(out, back)


def test_uint8_values_are_rounded_and_clipped_to_the_channel_range():
    X = np.array([[[[10, 0]]], [[[250, 100]]]], dtype=np.uint8)  # (2, 1, 1, 2)
    scaler = ImageScaler()
    scaler.fit_transform(X, np.array([0, 1]), 2)
    # -RANGE -> min, RANGE -> max; beyond is clipped; 0.0 -> mid-range, rounded
    Z = np.array([[[[-3.0]], [[5.0]]], [[[0.0]], [[0.001]]]], dtype=np.float32)
    decoded = scaler.inverse_transform(Z, None)
    assert decoded.dtype == np.uint8
    np.testing.assert_array_equal(decoded[:, 0, 0], [[10, 100], [130, 50]])


def test_floats_stay_in_range_and_constant_channels_stay_constant():
    rng = np.random.RandomState(0)
    X = np.stack([rng.uniform(-2.5, 3.5, (5, 4, 4)), np.full((5, 4, 4), 7.0)], 3)
    scaler = ImageScaler()
    scaler.fit_transform(X, np.zeros(5, int), 1)
    Z = rng.normal(0, 3, (20, 2, 4, 4)).astype(np.float32)
    decoded = scaler.inverse_transform(Z, None)
    assert decoded[..., 0].min() >= X[..., 0].min()
    assert decoded[..., 0].max() <= X[..., 0].max()
    assert (decoded[..., 1] == 7.0).all()
    assert not np.array_equal(decoded[..., 0], np.round(decoded[..., 0]))


def test_state_round_trip():
    X = np.random.RandomState(0).randint(0, 17, (4, 3, 3)).astype(float)
    scaler = ImageScaler()
    Z = scaler.fit_transform(X, np.zeros(4, int), 1)
    restored = ImageScaler.from_state(scaler.get_state())
    np.testing.assert_array_equal(restored.inverse_transform(Z, None), X)
