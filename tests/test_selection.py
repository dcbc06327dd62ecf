"""Selection of synthetic table rows (skgan._kinds.table._selection,
GANOversampler(selection=))."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from skgan import GANOversampler
from skgan._kinds.table import TabularEncoder
from skgan._kinds.table._selection import _NeighbourSpace, select_border


def _encoder(X, y, categorical=None):
    encoder = TabularEncoder(categorical)
    encoder.fit_transform(X, y, int(y.max()) + 1, np.random.RandomState(0))
    return encoder


def test_border_rows_first_then_safe_then_noise_in_drawn_order():
    # class 0 on the left (x < 0), class 1 on the right (x > 10), and a
    # strip around x = 5 where both classes meet
    real = np.array(
        [-3.0, -2.5, -2.0, -1.5, -1.0, 4.0, 4.5, 5.0, 5.5, 6.0, 11, 11.5, 12, 12.5, 13]
    )[:, None]
    codes = np.array([0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1])
    encoder = _encoder(real, codes)
    # candidates of class 0: safe, noise, border, safe, border
    candidates = np.array([[-2.5], [11.5], [5.0], [-1.5], [5.2]])
    kept = select_border(real, codes, candidates, np.zeros(5, int), {0: 4}, encoder)
    np.testing.assert_array_equal(kept[0], [2, 4, 0, 3])


def test_every_group_is_kept_when_the_count_asks_for_all():
    real = np.r_[np.linspace(0.0, 2.0, 6), np.linspace(10.0, 12.0, 6)][:, None]
    codes = np.repeat([0, 1], 6)
    candidates = np.array([[11.0], [0.5], [6.0]])
    kept = select_border(
        real, codes, candidates, np.zeros(3, int), {0: 3}, _encoder(real, codes)
    )
    np.testing.assert_array_equal(kept[0], [2, 1, 0])  # border, safe, noise


def test_neighbour_space_standardizes_flags_missing_and_one_hot_encodes():
    X = np.array([[1.0, "a"], [3.0, "b"], [np.nan, "a"], [5.0, None]], dtype=object)
    codes = np.array([0, 0, 1, 1])
    encoder = _encoder(X, codes, categorical=np.array([False, True]))
    space = _NeighbourSpace(encoder).fit(X)
    Z = space.transform(X)
    # standardized observed values (mean 3, std sqrt(8/3)), 0 where missing,
    # then the missing flag, then one-hot a / b / missing
    scale = np.sqrt(8.0 / 3.0)
    np.testing.assert_allclose(Z[:, 0], [-2 / scale, 0.0, 0.0, 2 / scale])
    np.testing.assert_array_equal(Z[:, 1], [0, 0, 1, 0])
    np.testing.assert_array_equal(
        Z[:, 2:], [[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]
    )
    # a NaN marker matches the missing category whatever its marker
    other = np.array([[2.0, np.nan]], dtype=object)
    np.testing.assert_array_equal(space.transform(other)[0, 2:], [0, 0, 1])


def _overlapping(seed=0):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0.0, 1.0, (150, 2)), rng.normal(2.0, 1.0, (50, 2))])
    return X, np.repeat([0, 1], [150, 50])


def _groups(X_real, y_real, X_syn, y_syn):
    """Share of synthetic rows whose 5 nearest real rows mix both classes."""
    index = NearestNeighbors(n_neighbors=5).fit(X_real)
    near = index.kneighbors(X_syn, return_distance=False)
    same = (y_real[near] == y_syn[:, None]).sum(axis=1)
    return np.mean((same > 0) & (same < 5))


def test_border_selection_returns_more_rows_near_the_border(fast):
    X, y = _overlapping()
    shares = {}
    for selection in (None, "border"):
        sampler = GANOversampler(selection=selection, random_state=0, **fast)
        X_res, y_res = sampler.fit_resample(X, y)
        np.testing.assert_array_equal(X_res[: len(X)], X)  # real rows untouched
        assert sampler.n_synthetic_ == {0: 0, 1: 100}
        shares[selection] = _groups(X, y, X_res[len(X) :], y_res[len(X) :])
    assert shares["border"] > shares[None] + 0.15
    assert shares["border"] > 0.9


def test_selection_is_seeded_and_leaves_training_and_sample_alone(fast):
    X, y = _overlapping()
    first = GANOversampler(selection="border", random_state=0, **fast)
    again = GANOversampler(selection="border", random_state=0, **fast)
    np.testing.assert_array_equal(
        first.fit_resample(X, y)[0], again.fit_resample(X, y)[0]
    )
    plain = GANOversampler(selection=None, random_state=0, **fast)
    plain_rows = plain.fit_resample(X, y)[0]
    assert not np.array_equal(plain_rows, first.fit_resample(X, y)[0])
    # the same GAN: sample() draws the same rows from both
    np.testing.assert_array_equal(
        first.sample(50, y=1, random_state=3)[0],
        plain.sample(50, y=1, random_state=3)[0],
    )


def test_the_default_returns_rows_as_drawn_and_sequences_refuse_border(fast):
    X, y = _overlapping()
    default = GANOversampler(random_state=0, **fast).fit_resample(X, y)[0]
    plain = GANOversampler(selection=None, random_state=0, **fast)
    np.testing.assert_array_equal(default, plain.fit_resample(X, y)[0])
    rng = np.random.RandomState(0)
    sequences = rng.normal(size=(30, 8, 2))
    labels = np.repeat([0, 1], [20, 10])
    with pytest.raises(ValueError, match="selection='border' selects table rows"):
        GANOversampler(selection="border", **fast).fit_resample(sequences, labels)


def test_soft_label_rows_are_not_selected(fast):
    X, y = _overlapping()
    params = dict(soft_labels=True, augmentation_ratio=1.0, interpolation=1.0)
    sampler = GANOversampler(selection="border", random_state=0, **params, **fast)
    X_res, Y_res = sampler.fit_resample(X, y)
    soft = Y_res.max(axis=1) < 1
    assert soft.sum() == 300  # the extra rows (150 + 150), all interpolated
    assert len(X_res) == len(Y_res) == 200 + 100 + 300
    np.testing.assert_allclose(Y_res.sum(axis=1), 1.0, rtol=1e-6)


def test_selection_with_missing_and_categorical_columns(fast):
    pd = pytest.importorskip("pandas")
    X, y = _overlapping()
    frame = pd.DataFrame({"a": X[:, 0], "b": X[:, 1]})
    frame["c"] = np.where(X[:, 0] > 0.5, "high", "low")
    frame.loc[::6, "a"] = np.nan
    sampler = GANOversampler(selection="border", random_state=0, **fast)
    X_res, y_res = sampler.fit_resample(frame, y)
    synthetic = X_res.iloc[len(frame) :]
    assert list(X_res.dtypes) == list(frame.dtypes)
    assert set(synthetic["c"]) <= {"high", "low"}
    assert synthetic["b"].notna().all()


def test_a_table_of_constant_columns_keeps_the_drawn_rows(fast):
    X = np.ones((30, 3))
    y = np.repeat([0, 1], [20, 10])
    sampler = GANOversampler(selection="border", random_state=0, **fast)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.shape == (40, 3) and np.all(X_res == 1.0)


@pytest.mark.parametrize(
    "params, n_synthetic",
    [({}, 0), (dict(soft_labels=True, interpolation=1.0, augmentation_ratio=0.5), 20)],
)
def test_nothing_or_only_soft_rows_to_select(fast, params, n_synthetic):
    X = np.random.RandomState(0).normal(size=(40, 3))
    y = np.repeat([0, 1], 20)
    sampler = GANOversampler(selection="border", random_state=0, **params, **fast)
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.shape == (40 + n_synthetic, 3)
    plain = GANOversampler(random_state=0, **params, **fast)
    np.testing.assert_array_equal(X_res, plain.fit_resample(X, y)[0])
