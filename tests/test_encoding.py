"""Tabular encoder: class-wise quantile maps, spans, exact decoding."""

import types

import numpy as np
import pytest
from scipy.special import ndtr

from skgan._kinds.sequence import SequenceScaler
from skgan._kinds.table import TabularEncoder
from skgan.nn._tabular import CATEGORICAL, NUMERIC


def _fit(X, codes, n_classes=None, categorical=None, seed=0):
    encoder = TabularEncoder(categorical)
    n_classes = int(codes.max()) + 1 if n_classes is None else n_classes
    Z = encoder.fit_transform(X, codes, n_classes, np.random.RandomState(seed))
    return encoder, Z


def test_numeric_columns_become_standard_normal_per_class():
    rng = np.random.RandomState(0)
    skewed = rng.lognormal(0, 1.5, 2000)
    bimodal = np.where(rng.rand(2000) < 0.5, -5.0, 5.0) + rng.normal(size=2000)
    codes = np.repeat([0, 1], 1000)
    encoder, Z = _fit(np.column_stack([skewed, bimodal]), codes)
    assert Z.dtype == np.float32 and Z.shape == (2000, 2)
    for c in (0, 1):
        block = Z[codes == c]
        np.testing.assert_allclose(block.mean(axis=0), 0.0, atol=0.08)
        np.testing.assert_allclose(block.std(axis=0), 1.0, atol=0.08)
    assert encoder.spans_[0].kind == NUMERIC and encoder.spans_[0].width == 2


def test_decoding_the_encoding_gives_back_the_values():
    rng = np.random.RandomState(1)
    X = np.column_stack([rng.exponential(size=300), rng.normal(size=300)])
    codes = np.repeat([0, 1, 2], 100)
    encoder, Z = _fit(X, codes)
    labels = np.eye(3)[codes]
    decoded = encoder.inverse_transform(Z, labels)
    for c in range(3):
        for j in range(2):
            x, back = X[codes == c, j], decoded[codes == c, j]
            # the order is kept, and every value comes back between its
            # neighbours in that order
            order = np.argsort(x)
            assert (np.diff(back[order]) >= 0).all()
            padded = np.concatenate([[x.min()], np.sort(x), [x.max()]])
            assert (back[order] >= padded[:-2] - 1e-9).all()
            assert (back[order] <= padded[2:] + 1e-9).all()


def test_decoded_values_stay_in_their_class_range():
    rng = np.random.RandomState(2)
    X = np.concatenate([rng.uniform(0, 1, 50), rng.uniform(10, 11, 50)])[:, None]
    codes = np.repeat([0, 1], 50)
    encoder, _ = _fit(X, codes)
    Z = rng.normal(0, 3, (500, 1)).astype(np.float32)  # far into the tails
    for c, (lo, hi) in enumerate([(0, 1), (10, 11)]):
        labels = np.zeros((500, 2))
        labels[:, c] = 1
        out = encoder.inverse_transform(Z, labels)
        assert out.min() >= X[codes == c].min() and out.max() <= X[codes == c].max()
        assert lo <= out.min() and out.max() <= hi


def test_soft_labels_decode_between_the_classes():
    X = (
        np.concatenate([np.zeros(20), np.full(20, 10.0)])[:, None]
        + np.tile(np.linspace(0, 1, 20), 2)[:, None]
    )
    codes = np.repeat([0, 1], 20)
    encoder, _ = _fit(X, codes)
    Z = np.zeros((1, 1), dtype=np.float32)  # the median
    out = encoder.inverse_transform(Z, np.array([[0.7, 0.3]]))
    np.testing.assert_allclose(out[0, 0], 0.7 * 0.5 + 0.3 * 10.5, atol=0.05)


def test_integer_constant_and_spike_columns():
    rng = np.random.RandomState(3)
    n = 400
    counts = rng.poisson(3, n).astype(float)
    constant = np.full(n, 7.5)
    spiky = np.where(rng.rand(n) < 0.6, 0.0, rng.exponential(5, n))
    codes = rng.randint(0, 2, n)
    encoder, Z = _fit(np.column_stack([counts, constant, spiky]), codes)
    assert Z.shape == (n, 2)  # the constant column never reaches the networks
    Zs = rng.normal(size=(4000, 2)).astype(np.float32)
    out = encoder.inverse_transform(Zs, np.eye(2)[rng.randint(0, 2, 4000)])
    assert (out[:, 0] == np.round(out[:, 0])).all()
    assert (out[:, 1] == 7.5).all()
    # the spike at zero survives at about its frequency
    assert abs(np.mean(out[:, 2] == 0.0) - 0.6) < 0.05


def test_categorical_columns_are_one_hot_blocks():
    colors = np.array(["red", "green", "blue", "green"] * 25, dtype=object)
    sizes = np.array([1.0, 2.0, 3.0, 4.0] * 25, dtype=object)
    X = np.column_stack([sizes, colors])
    codes = np.zeros(100, dtype=int)
    encoder, Z = _fit(X, codes, categorical=np.array([False, True]))
    assert [s.kind for s in encoder.spans_] == [NUMERIC, CATEGORICAL]
    assert encoder.spans_[1].width == 3
    np.testing.assert_array_equal(Z[:, 1:].sum(axis=1), 1.0)
    decoded = encoder.inverse_transform(Z, np.ones((100, 1)))
    assert decoded.dtype == encoder.output_dtype_ == np.dtype(object)
    np.testing.assert_array_equal(decoded[:, 1], colors)


@pytest.mark.parametrize("n_rows", [1, 2])
def test_tiny_classes(n_rows):
    X = np.concatenate([np.arange(30.0), 100.0 + np.arange(n_rows)])[:, None]
    codes = np.repeat([0, 1], [30, n_rows])
    encoder, Z = _fit(X, codes)
    assert np.isfinite(Z).all()
    labels = np.tile([0.0, 1.0], (50, 1))
    out = encoder.inverse_transform(
        np.random.RandomState(0).normal(size=(50, 1)).astype(np.float32), labels
    )
    assert out.min() >= 100.0 and out.max() <= 100.0 + n_rows - 1


def test_sequence_scaler_standardizes_channels_and_decodes_back():
    rng = np.random.RandomState(0)
    X = rng.normal([5.0, -3.0], [2.0, 0.5], size=(40, 12, 2))
    X[:, :, 1] = 7.0  # a constant channel
    scaler = SequenceScaler()
    Z = scaler.fit_transform(X, np.zeros(40, int), 1)
    assert Z.shape == (40, 2, 12) and Z.dtype == np.float32  # channels first
    np.testing.assert_allclose(Z[:, 0].mean(), 0.0, atol=1e-5)
    np.testing.assert_allclose(Z[:, 0].std(), 1.0, atol=1e-5)
    assert (Z[:, 1] == 0).all()
    back = scaler.inverse_transform(Z, np.ones((40, 1)))
    np.testing.assert_allclose(back, X, rtol=1e-5)
    # generated values are clipped to each channel's training range
    wild = scaler.inverse_transform(np.full((1, 2, 12), 100.0, np.float32), None)
    assert (wild[..., 0] == X[..., 0].max()).all() and (wild[..., 1] == 7.0).all()


def test_sequence_scaler_rounds_integer_input():
    X = np.arange(60, dtype=np.int32).reshape(5, 4, 3)
    scaler = SequenceScaler()
    Z = scaler.fit_transform(X, np.zeros(5, int), 1)
    back = scaler.inverse_transform(Z + 0.01, None)
    np.testing.assert_array_equal(back, X)


def test_quantiles_are_numpys_and_ties_become_uniform():
    from skgan._kinds.table._encoder import _quantiles_and_normal

    rng = np.random.RandomState(0)
    probabilities = np.linspace(0.0, 1.0, 37)
    for n in (1, 2, 5, 100, 1001):
        column = np.round(rng.standard_normal(n) * 2)
        quantiles, _ = _quantiles_and_normal(column, probabilities, rng)
        np.testing.assert_allclose(
            quantiles, np.quantile(column, probabilities), rtol=1e-12, atol=1e-12
        )
    # a column of three values: the randomised transform is still N(0, 1)
    column = rng.randint(0, 3, 20000).astype(float)
    _, normal = _quantiles_and_normal(column, probabilities, rng)
    assert abs(normal.mean()) < 0.03 and abs(normal.std() - 1.0) < 0.03
    # and keeps the order of the values
    assert normal[column == 0].max() < normal[column == 1].min()


def test_decoding_matches_interpolation_and_writes_into_out():
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.exponential(size=300), rng.normal(size=300)])
    codes = np.repeat([0, 1, 2], 100)
    encoder = TabularEncoder()
    encoder.fit_transform(X, codes, 3, rng)
    Z = rng.normal(size=(50, 2)).astype(np.float32)
    labels = rng.dirichlet(np.ones(3), size=50).astype(np.float32)  # 3 classes weighed
    labels[:10] = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 10)]
    expected = np.zeros((50, 2))
    for k, (j, quantiles, _) in enumerate(encoder.numeric_columns_):
        u = ndtr(Z[:, k].astype(np.float64))
        for c in range(3):
            expected[:, j] += labels[:, c] * np.interp(
                u, encoder.probabilities_, quantiles[c]
            )
    out = np.full((50, 2), np.nan)
    returned = encoder.inverse_transform(Z, labels, out=out)
    assert returned is out
    np.testing.assert_allclose(out, expected, rtol=1e-6, atol=1e-9)


# -- regressions found by tests/test_fuzz.py ----------------------------------


def test_values_near_the_float_limit_encode_and_decode_without_overflow():
    # hi - lo of two quantiles (and a soft row's weighted sum) overflowed
    big = np.finfo(np.float64).max
    X = np.array([[-big], [big], [-0.5 * big], [0.9 * big], [big], [-big]])
    codes = np.array([0, 0, 0, 1, 1, 1])
    with np.errstate(over="raise", invalid="raise"):
        encoder, Z = _fit(X, codes)
        assert np.isfinite(Z).all()
        rng = np.random.RandomState(0)
        Z_new = rng.normal(0, 3, size=(200, 1)).astype(np.float32)
        hard = np.eye(2, dtype=np.float32)[rng.randint(0, 2, 200)]
        soft = np.tile(np.float32([0.3, 0.7]), (200, 1))
        soft[:, 0] = np.nextafter(np.float32(0.3), np.float32(1))  # sums above 1
        out_hard = encoder.inverse_transform(Z_new, hard)
        out_soft = encoder.inverse_transform(Z_new, soft)
    assert np.isfinite(out_hard).all() and np.isfinite(out_soft).all()
    for c in (0, 1):
        rows = hard[:, c] == 1
        assert out_hard[rows].min() >= X[codes == c].min()
        assert out_hard[rows].max() <= X[codes == c].max()
    assert -big <= out_soft.min() and out_soft.max() <= big


def test_lerp_stays_between_its_ends():
    from skgan._kinds.table._encoder import _lerp

    big = np.finfo(np.float64).max
    lo = np.array([-big, -big, 0.1, 5e-324, 1.0])
    hi = np.array([big, -big / 2, 0.3, big, 1.0])
    for frac in (0.0, 0.3, 0.999999, 1.0):
        with np.errstate(over="raise", invalid="raise"):
            value = _lerp(lo, hi, np.full(5, frac))
        assert np.all((lo <= value) & (value <= hi))
    np.testing.assert_array_equal(_lerp(lo, hi, np.zeros(5)), lo)
    np.testing.assert_array_equal(_lerp(lo, hi, np.ones(5)), hi)


def test_integers_beyond_2_53_decode_to_castable_values_in_range():
    # float(2**63 - 1) is 2**63: decoded values overflowed the int64 cast, and a
    # column of distinct integers with the same float was taken as constant
    top, bottom = np.iinfo(np.int64).max, np.iinfo(np.int64).min
    X = np.array(
        [[top - i, bottom + 3 * i, top] for i in range(6)]
        + [[top - 5000 - i, bottom + 7000, top] for i in range(4)],
        dtype=np.int64,
    )
    codes = np.repeat([0, 1], [6, 4])
    encoder, _ = _fit(X, codes)
    assert 1 in {j for j, _, _ in encoder.numeric_columns_}  # not constant
    assert encoder.constants_ == {2: top}
    rng = np.random.RandomState(0)
    labels = np.eye(2, dtype=np.float32)[rng.randint(0, 2, 100)]
    Z = rng.normal(0, 3, size=(100, 2)).astype(np.float32)
    with np.errstate(over="raise", invalid="raise"):
        out = encoder.inverse_transform(Z, labels)
        as_int = out.astype(np.int64)
    for c in (0, 1):
        rows, real = labels[:, c] == 1, X[codes == c].astype(object)  # exact ints
        # within the class's range, to the spacing of floats (2**10) there
        assert (as_int[rows].astype(object) >= real.min(axis=0) - 1024).all()
        assert (as_int[rows].astype(object) <= real.max(axis=0) + 1024).all()
    # exact output containers keep the exact constant
    objects = encoder.inverse_transform(Z, labels, out=np.empty((100, 3), object))
    assert all(v == top for v in objects[:, 2])


def test_sequence_scaler_extreme_channels():
    # a channel near the float limit (its mean overflowed) and a subnormal
    # one (its squared deviations underflowed, so it was not standardized)
    big = np.finfo(np.float64).max
    rng = np.random.RandomState(0)
    X = np.empty((20, 6, 2))
    X[..., 0] = rng.choice([-big, big, 0.5 * big], size=(20, 6))
    X[..., 1] = rng.randint(-4, 5, size=(20, 6)) * 5e-324
    codes = np.repeat([0, 1], 10)
    scaler = SequenceScaler()
    with np.errstate(over="raise", invalid="raise"):
        Z = scaler.fit_transform(X, codes, 2)
        back = scaler.inverse_transform(Z, np.eye(2)[codes])
    assert np.isfinite(Z).all() and 0.5 < Z[:, 1].std() < 2.0
    np.testing.assert_allclose(back[..., 0], X[..., 0], rtol=1e-6)  # float32 Z
    np.testing.assert_array_equal(back[..., 1], X[..., 1])


def test_sequence_scaler_clips_to_the_class_range_and_rounds_integer_channels():
    X = np.zeros((4, 3, 2))
    X[:2, :, 0], X[2:, :, 0] = [[0.0, 1.0, 2.0]], [[10.0, 11.0, 12.0]]
    X[..., 1] = np.linspace(-1.0, 1.0, 12).reshape(4, 3)
    codes = np.array([0, 0, 1, 1])
    scaler = SequenceScaler()
    scaler.fit_transform(X, codes, 2)
    Z = np.random.RandomState(0).normal(0, 3, size=(50, 2, 3)).astype(np.float32)
    labels = np.eye(2)[np.arange(50) % 2]
    out = scaler.inverse_transform(Z, labels)
    assert out[0::2, :, 0].min() >= 0 and out[0::2, :, 0].max() <= 2
    assert out[1::2, :, 0].min() >= 10 and out[1::2, :, 0].max() <= 12
    np.testing.assert_array_equal(out[..., 0], np.round(out[..., 0]))  # integral
    assert not np.all(out[..., 1] == np.round(out[..., 1]))  # not integral
    # a soft label spans the range of the classes it weighs
    soft = scaler.inverse_transform(Z, np.tile([0.5, 0.5], (50, 1)))
    assert soft[..., 0].min() >= 0 and soft[..., 0].max() <= 12


@pytest.mark.parametrize("make", ["table", "sequence"])
def test_state_round_trip_decodes_the_same(make):
    """get_state lists exactly what decoding needs: an encoder rebuilt from it
    decodes the same values, and a state with a key missing is refused."""
    rng = np.random.RandomState(0)
    codes = np.repeat([0, 1], 20)
    if make == "table":
        X = np.column_stack([rng.normal(size=40), rng.choice(["a", "b"], 40)])
        encoder = TabularEncoder(np.array([False, True]))
        Z = encoder.fit_transform(X.astype(object), codes, 2, rng)
    else:
        X = rng.normal(size=(40, 9, 1, 2))  # the classifier-image layout
        encoder = SequenceScaler()
        Z = encoder.fit_transform(X, codes, 2)
    labels = np.eye(2)[codes]
    rebuilt = type(encoder).from_state(encoder.get_state())
    expected = encoder.inverse_transform(Z, labels, out=np.empty(X.shape, object))
    got = rebuilt.inverse_transform(Z, labels, out=np.empty(X.shape, object))
    np.testing.assert_array_equal(got, expected)
    state = encoder.get_state()
    state.pop(sorted(state)[0])
    with pytest.raises(ValueError, match="state needs the keys"):
        type(encoder).from_state(state)


def test_sequence_scaler_decodes_into_the_input_layout():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(30, 7, 1, 3)).astype(np.float32)
    scaler = SequenceScaler()
    Z = scaler.fit_transform(X, np.zeros(30, int), 1)
    assert Z.shape == (30, 3, 7)  # channels first for the convolutions
    out = np.empty(X.shape, np.float32)
    assert scaler.inverse_transform(Z, None, out=out) is out
    np.testing.assert_allclose(out, X, rtol=1e-5, atol=1e-5)


# -- decorrelated normal scores ---------------------------------------------------


def _correlated(n=400, seed=0):
    rng = np.random.RandomState(seed)
    base = rng.normal(size=(n, 1))
    X = np.column_stack(
        [
            base[:, 0],
            2.0 * base[:, 0] + 0.05 * rng.normal(size=n),
            rng.exponential(size=n),
        ]
    )
    return X, np.repeat([0, 1], n // 2)


def test_decorrelated_scores_are_nearly_white_per_class():
    rng = np.random.RandomState(0)
    a = rng.normal(size=400)
    X = np.column_stack(
        [a, 0.8 * a + 0.6 * rng.normal(size=400), rng.exponential(size=400)]
    )
    codes = np.repeat([0, 1], 200)
    encoder = TabularEncoder(decorrelate=True)
    Z = encoder.fit_transform(X, codes, 2, np.random.RandomState(0))
    plain = TabularEncoder().fit_transform(X, codes, 2, np.random.RandomState(0))
    for c in (0, 1):
        assert np.corrcoef(plain[codes == c].T)[0, 1] > 0.7
        # shrunk towards the identity, so not exactly white
        white = np.corrcoef(Z[codes == c].T)
        np.testing.assert_allclose(white, np.eye(3), atol=0.25)
        assert np.all(
            (Z[codes == c].std(axis=0) > 0.8) & (Z[codes == c].std(axis=0) < 1.05)
        )
        np.testing.assert_allclose(Z[codes == c].mean(axis=0), 0.0, atol=1e-5)


def test_decorrelated_encoding_decodes_back_to_the_values():
    X, codes = _correlated()
    encoder = TabularEncoder(decorrelate=True)
    Z = encoder.fit_transform(X, codes, 2, np.random.RandomState(0))
    plain = TabularEncoder()
    Z_plain = plain.fit_transform(X, codes, 2, np.random.RandomState(0))
    labels = np.eye(2)[codes]
    np.testing.assert_allclose(
        encoder.inverse_transform(Z, labels),
        plain.inverse_transform(Z_plain, labels),
        rtol=1e-4,
        atol=1e-4,
    )


def test_decorrelated_soft_rows_weigh_each_class_decoding():
    X, codes = _correlated()
    encoder = TabularEncoder(decorrelate=True)
    encoder.fit_transform(X, codes, 2, np.random.RandomState(0))
    Z = np.random.RandomState(1).normal(size=(5, 3)).astype(np.float32)
    first = encoder.inverse_transform(Z, np.tile([1.0, 0.0], (5, 1)))
    second = encoder.inverse_transform(Z, np.tile([0.0, 1.0], (5, 1)))
    mixed = encoder.inverse_transform(Z, np.tile([0.75, 0.25], (5, 1)))
    np.testing.assert_allclose(mixed, 0.75 * first + 0.25 * second, rtol=1e-9)
    state = TabularEncoder.from_state(encoder.get_state())
    np.testing.assert_array_equal(state.inverse_transform(Z, np.eye(2)[[0] * 5]), first)


def test_tied_values_are_encoded_the_same_whatever_order_a_sort_gives_ties(
    monkeypatch,
):
    """numpy's default sort is not stable, and which of equal values comes
    first depends on the CPU's instructions (SIMD sorts) and numpy's version:
    the encoding of a column with ties must not depend on it."""
    import skgan._kinds.table._encoder as encoder

    column = np.random.RandomState(0).randint(0, 4, 200).astype(float)
    probabilities = np.linspace(0.0, 1.0, 11)
    _, expected = encoder._quantiles_and_normal(
        column, probabilities, np.random.RandomState(1)
    )
    real_argsort = np.argsort

    def other_ties(a, axis=-1, kind=None, order=None):
        if kind == "stable":
            return real_argsort(a, axis=axis, kind=kind)
        # an unstable sort that puts equal values last-first
        return np.lexsort((-np.arange(len(a)), a))

    fake = types.SimpleNamespace(
        **{name: getattr(np, name) for name in dir(np) if not name.startswith("__")}
    )
    fake.argsort = other_ties
    monkeypatch.setattr(encoder, "np", fake)
    _, other = encoder._quantiles_and_normal(
        column, probabilities, np.random.RandomState(1)
    )
    np.testing.assert_array_equal(other, expected)
