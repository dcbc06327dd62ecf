import builtins
import math

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist
from sklearn.base import BaseEstimator
from sklearn.exceptions import NotFittedError

from skgan.metrics import c2st_auc, dcr_ratio, quality_report


def gaussian(n=200, d=4, loc=0.0, seed=0):
    return np.random.default_rng(seed).normal(loc=loc, size=(n, d))


class GaussianSampler(BaseEstimator):
    """Stand-in for a fitted GANOversampler: Gaussian rows around class means."""

    def __init__(self, spread=1.0):
        self.spread = spread

    def fit(self, X, y):
        self.columns_ = list(X.columns) if isinstance(X, pd.DataFrame) else None
        values = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        self.means_ = {c: values[y == c].mean(axis=0) for c in self.classes_}
        self.stds_ = {c: values[y == c].std(axis=0) for c in self.classes_}
        self.fitted_ = True
        return self

    def sample(self, n_samples, y=None, random_state=None):
        if hasattr(self, "seen_random_states_"):
            self.seen_random_states_.append(random_state)
        rng = np.random.default_rng(random_state)
        mean, std = self.means_[y], self.stds_[y]
        X = mean + self.spread * std * rng.normal(size=(n_samples, mean.size))
        if self.columns_ is not None:
            X = pd.DataFrame(X, columns=self.columns_)
        return X, np.full(n_samples, y)


def imbalanced_data(seed=0):
    rng = np.random.default_rng(seed)
    counts = {0: 120, 1: 30, 2: 3}
    X = np.vstack([rng.normal(loc=2.0 * c, size=(k, 4)) for c, k in counts.items()])
    y = np.repeat(list(counts), list(counts.values()))
    return X, y


def small_data():
    """One class big enough for the C2ST and one that is not (fast reports)."""
    X = np.vstack([gaussian(n=100, seed=0), gaussian(n=3, loc=2.0, seed=1)])
    return X, np.repeat([0, 1], [100, 3])


def mixed_frame(n=200, seed=0, shift=0.0):
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "x0": rng.normal(loc=shift, size=n),
            "x1": rng.normal(size=n),
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n)),
            "flag": rng.random(n) < 0.3,
            "name": rng.choice(["a", "b"], n).astype(object),
        }
    )


# ---------------------------------------------------------------------------
# c2st_auc
# ---------------------------------------------------------------------------


def test_c2st_same_distribution_is_near_half():
    auc = c2st_auc(gaussian(seed=0), gaussian(seed=1))
    assert isinstance(auc, float)
    assert 0.0 <= auc < 0.62


def test_c2st_shifted_distribution_is_separable():
    assert c2st_auc(gaussian(seed=0), gaussian(loc=3.0, seed=1)) > 0.95


def test_c2st_is_deterministic_for_fixed_random_state():
    real, synthetic = gaussian(seed=0), gaussian(n=150, seed=1)
    assert c2st_auc(real, synthetic, random_state=3) == c2st_auc(
        real, synthetic, random_state=3
    )


def test_c2st_balances_unequal_sizes():
    real, synthetic = gaussian(n=300, seed=0), gaussian(n=60, seed=1)
    assert c2st_auc(real, synthetic) < 0.7
    assert c2st_auc(synthetic + 3.0, real) > 0.95


def test_c2st_small_cv_and_few_rows():
    auc = c2st_auc(gaussian(n=10, seed=0), gaussian(n=10, loc=5.0, seed=1), cv=2)
    assert 0.0 <= auc <= 1.0


def test_c2st_accepts_random_state_instance_and_none_without_global_rng():
    real, synthetic = gaussian(seed=0), gaussian(n=120, seed=1)
    state = np.random.get_state()
    c2st_auc(real, synthetic, random_state=None)
    c2st_auc(real, synthetic, random_state=np.random.RandomState(1))
    after = np.random.get_state()
    assert state[0] == after[0]
    np.testing.assert_array_equal(state[1], after[1])
    assert state[2:] == after[2:]


def test_c2st_dataframe_with_categorical_columns():
    real, synthetic = mixed_frame(seed=0), mixed_frame(seed=1)
    # Same columns in another order are matched by name.
    synthetic = synthetic[["name", "flag", "x1", "colour", "x0"]]
    assert c2st_auc(real, synthetic) < 0.62
    assert c2st_auc(real, mixed_frame(seed=1, shift=3.0)) > 0.95


def test_c2st_detects_categorical_only_difference():
    real = mixed_frame(seed=0)
    synthetic = mixed_frame(seed=1)
    real["colour"] = pd.Categorical(["red"] * len(real))
    synthetic["colour"] = pd.Categorical(["blue"] * len(synthetic))
    assert c2st_auc(real, synthetic) > 0.95


@pytest.mark.slow
def test_numpy_string_columns_are_categorical_as_in_a_dataframe():
    """A numpy array of strings is read by the same rule as the sampler's and
    plotting's: its string columns are one-hot encoded like a DataFrame's."""
    real, synthetic = mixed_frame(seed=0), mixed_frame(seed=1)
    columns = ["x0", "colour"]
    as_arrays = [
        f[columns].astype({"colour": str}).to_numpy(dtype=object)
        for f in (real, synthetic)
    ]
    assert dcr_ratio(*as_arrays) == dcr_ratio(real[columns], synthetic[columns])
    assert c2st_auc(*as_arrays) == c2st_auc(real[columns], synthetic[columns])
    strings = [a.astype(str) for a in as_arrays]  # numbers as text: categorical
    assert c2st_auc(*strings) > 0.5


def test_c2st_string_dtype_columns():
    real, synthetic = mixed_frame(seed=0), mixed_frame(seed=1)
    real["name"] = real["name"].astype("string")
    assert c2st_auc(real, synthetic) < 0.62


def test_c2st_sequence_input():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(200, 3, 2))  # (n, time, channels)
    same = rng.normal(size=(200, 3, 2))
    assert c2st_auc(real, same) < 0.62
    assert c2st_auc(real, same + 3.0) > 0.95


def test_c2st_sequence_input_with_singleton_axis():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(100, 6, 1, 2))  # (n, time, 1, channels)
    assert c2st_auc(real, rng.normal(size=(100, 6, 1, 2)) + 3.0) > 0.95


def test_metrics_do_not_import_pandas_for_arrays(monkeypatch):
    real_import = builtins.__import__

    def guarded_import(name, globals=None, *args, **kwargs):
        importer = (globals or {}).get("__name__", "")
        readers = ("skgan.metrics", "skgan._validation")
        if name.split(".")[0] == "pandas" and importer in readers:
            raise AssertionError("skgan.metrics imported pandas for arrays")
        return real_import(name, globals, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", guarded_import)
    c2st_auc(gaussian(n=50, seed=0), gaussian(n=50, seed=1))
    dcr_ratio(gaussian(n=50, seed=0), gaussian(n=50, seed=1))
    # The guard works: a DataFrame input does import pandas.
    frame = pd.DataFrame(gaussian(n=50))
    with pytest.raises(AssertionError, match="imported pandas"):
        dcr_ratio(frame, frame)


# ---------------------------------------------------------------------------
# dcr_ratio
# ---------------------------------------------------------------------------


def test_dcr_copies_are_near_zero():
    real = gaussian(seed=0)
    ratio = dcr_ratio(real, real.copy())
    assert isinstance(ratio, float)
    assert ratio < 0.05
    assert dcr_ratio(real, real[:50] + 1e-6) < 0.05


def test_dcr_independent_sample_is_near_one():
    assert 0.6 < dcr_ratio(gaussian(seed=0), gaussian(seed=1)) < 1.6


def test_dcr_far_sample_is_large():
    assert dcr_ratio(gaussian(seed=0), gaussian(loc=5.0, seed=1)) > 3.0


def test_dcr_is_scale_invariant():
    real, synthetic = gaussian(seed=0), gaussian(seed=1)
    scale = np.array([1.0, 10.0, 1000.0, 0.01])
    assert dcr_ratio(real * scale, synthetic * scale) == pytest.approx(
        dcr_ratio(real, synthetic)
    )


def test_dcr_constant_column():
    real, synthetic = gaussian(seed=0), gaussian(seed=1)
    real[:, 0] = 7.0
    synthetic[:, 0] = 7.0
    assert 0.6 < dcr_ratio(real, synthetic) < 1.6


def brute_force_dcr(real, synthetic):
    """dcr_ratio written out with scipy's cdist, for comparison."""
    mean, std = real.mean(axis=0), real.std(axis=0)
    std[std == 0] = 1.0
    real, synthetic = (real - mean) / std, (synthetic - mean) / std
    real_to_real = cdist(real, real)
    np.fill_diagonal(real_to_real, np.inf)  # leave each row out, not its copies
    real_to_real = real_to_real.min(axis=1)
    synthetic_to_real = cdist(synthetic, real).min(axis=1)
    scale = np.median(real_to_real) or real_to_real.mean()
    return np.median(synthetic_to_real) / scale


def test_dcr_matches_brute_force():
    real, synthetic = gaussian(n=50, seed=0), gaussian(n=30, seed=1)
    assert dcr_ratio(real, synthetic) == pytest.approx(brute_force_dcr(real, synthetic))


def test_dcr_duplicate_real_rows_count_as_zero_distance():
    base = gaussian(n=20, seed=0)
    real = np.vstack([base, base[:5]])  # 10 rows at distance 0 of a copy
    synthetic = gaussian(n=20, seed=1)
    assert dcr_ratio(real, synthetic) == pytest.approx(brute_force_dcr(real, synthetic))


def test_dcr_mostly_duplicated_real_rows_use_mean():
    base = gaussian(n=10, seed=0)
    real = np.vstack([base[:8], base[:8], base[8:]])  # 16 of 18 rows duplicated
    synthetic = gaussian(n=30, seed=1)
    ratio = dcr_ratio(real, synthetic)
    assert np.isfinite(ratio) and ratio > 0
    assert ratio == pytest.approx(brute_force_dcr(real, synthetic))


def test_dcr_all_real_rows_duplicated_raises():
    base = gaussian(n=5, seed=0)
    with pytest.raises(ValueError, match="exact duplicate"):
        dcr_ratio(np.vstack([base, base]), gaussian(n=5, seed=1))


def test_dcr_dataframe_with_categorical_columns():
    real = mixed_frame(seed=0)
    assert dcr_ratio(real, real.copy()) < 0.05
    assert 0.5 < dcr_ratio(real, mixed_frame(seed=1)) < 2.0


def test_dcr_sequence_input():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(100, 5, 1, 2))
    assert dcr_ratio(real, real.copy()) < 0.05
    assert 0.6 < dcr_ratio(real, rng.normal(size=(100, 5, 1, 2))) < 1.6


def test_dcr_minimum_sizes():
    assert dcr_ratio(gaussian(n=2, seed=0), gaussian(n=1, seed=1)) > 0


# ---------------------------------------------------------------------------
# Input errors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("metric", [c2st_auc, dcr_ratio])
@pytest.mark.parametrize(
    "real, synthetic, match",
    [
        (gaussian(d=4), gaussian(d=3), "different numbers of features: 4 and 3"),
        (
            np.zeros((20, 5, 2)),
            np.zeros((20, 2, 5)),
            r"different numbers of features: rows of shape \(5, 2\)",
        ),
        (np.full((20, 2), -np.inf), gaussian(n=20, d=2), "X_real contains infinite"),
        (gaussian(n=20, d=2), np.full((20, 2), np.inf), "X_synthetic contains inf"),
        (np.empty((0, 4)), gaussian(), "X_real is empty"),
        (gaussian(), np.empty((0, 4)), "X_synthetic is empty"),
        (np.empty((20, 0)), np.empty((20, 0)), "X_real has no features"),
        (np.arange(20.0), gaussian(n=20, d=1), "must be a 2-D array"),
        (
            np.full((20, 2, 3), "a"),
            gaussian(n=20, d=6).reshape(20, 2, 3),
            "sequences of non-numeric values",
        ),
        (
            pd.DataFrame(gaussian(n=20, d=2), columns=["a", "b"]),
            gaussian(n=20, d=2),
            "Only X_real is a DataFrame",
        ),
        (
            pd.DataFrame(gaussian(n=20, d=2), columns=["a", "b"]),
            pd.DataFrame(gaussian(n=20, d=2), columns=["a", "c"]),
            r"same columns; X_synthetic lacks \['b'\] and has unexpected \['c'\]",
        ),
        (
            pd.DataFrame({"a": pd.date_range("2020", periods=20)}),
            pd.DataFrame({"a": pd.date_range("2021", periods=20)}),
            "Column 'a' of X_real has dtype datetime64",
        ),
        (
            pd.DataFrame(np.ones((20, 2)), columns=["a", "a"]),
            pd.DataFrame(np.ones((20, 2)), columns=["a", "a"]),
            "duplicate column names",
        ),
    ],
)
def test_input_errors(metric, real, synthetic, match):
    with pytest.raises(ValueError, match=match):
        metric(real, synthetic)


@pytest.mark.parametrize("cv", [1, 0, 2.5, True, "5", None])
def test_c2st_invalid_cv(cv):
    with pytest.raises(ValueError, match="cv must be an integer >= 2"):
        c2st_auc(gaussian(), gaussian(seed=1), cv=cv)


def test_c2st_needs_cv_rows_per_side():
    match = (
        "c2st_auc needs at least cv=5 rows in each of X_real and X_synthetic; "
        "X_synthetic has 4"
    )
    with pytest.raises(ValueError, match=match):
        c2st_auc(gaussian(), gaussian(n=4, seed=1))
    with pytest.raises(ValueError, match="X_real has 2"):
        c2st_auc(gaussian(n=2), gaussian(seed=1), cv=3)


def test_dcr_needs_two_real_rows():
    with pytest.raises(ValueError, match="at least 2 rows in X_real.*has 1"):
        dcr_ratio(gaussian(n=1), gaussian(seed=1))


# ---------------------------------------------------------------------------
# Inputs are left alone
# ---------------------------------------------------------------------------


def test_array_inputs_are_not_modified():
    real, synthetic = gaussian(seed=0), gaussian(seed=1)
    real_copy, synthetic_copy = real.copy(), synthetic.copy()
    c2st_auc(real, synthetic[:120])
    dcr_ratio(real, synthetic)
    np.testing.assert_array_equal(real, real_copy)
    np.testing.assert_array_equal(synthetic, synthetic_copy)


def test_dataframe_inputs_are_not_modified():
    frame, other = mixed_frame(seed=0), mixed_frame(seed=1)[::-1]
    frame_copy, other_copy = frame.copy(), other.copy()
    c2st_auc(frame, other)
    dcr_ratio(frame, other)
    pd.testing.assert_frame_equal(frame, frame_copy)
    pd.testing.assert_frame_equal(other, other_copy)


def test_quality_report_inputs_are_not_modified():
    X, y = small_data()
    X_copy, y_copy = X.copy(), y.copy()
    quality_report(GaussianSampler().fit(X, y), X, y)
    np.testing.assert_array_equal(X, X_copy)
    np.testing.assert_array_equal(y, y_copy)


# ---------------------------------------------------------------------------
# quality_report
# ---------------------------------------------------------------------------


def test_quality_report_structure():
    X, y = imbalanced_data()
    report = quality_report(GaussianSampler().fit(X, y), X, y)
    assert isinstance(report, list)
    assert [entry["class"] for entry in report] == [0, 1, 2]
    keys = {"class", "n_real", "n_synthetic", "c2st_auc", "dcr_ratio", "note"}
    assert all(set(entry) == keys for entry in report)
    assert [entry["n_real"] for entry in report] == [120, 30, 3]
    # Default draw: max(n_real, 20) rows per class.
    assert [entry["n_synthetic"] for entry in report] == [120, 30, 20]
    for entry in report[:2]:
        assert 0.0 <= entry["c2st_auc"] < 0.75
        assert 0.5 < entry["dcr_ratio"] < 2.0
        assert entry["note"] == ""
    # Three real rows: too few for the C2ST, enough for the DCR ratio.
    assert math.isnan(report[2]["c2st_auc"])
    assert "c2st_auc needs at least 4 real" in report[2]["note"]
    assert report[2]["dcr_ratio"] > 0


def test_quality_report_is_deterministic():
    X, y = small_data()
    sampler = GaussianSampler().fit(X, y)
    first = quality_report(sampler, X, y, random_state=7)
    second = quality_report(sampler, X, y, random_state=7)
    assert pd.DataFrame(first).equals(pd.DataFrame(second))


def test_quality_report_random_state_seeds_the_sampler():
    X, y = small_data()
    sampler = GaussianSampler().fit(X, y)
    seeds = []
    for random_state in (7, 7, 8):
        sampler.seen_random_states_ = []
        quality_report(sampler, X, y, n_samples=3, random_state=random_state)
        seeds.append(sampler.seen_random_states_)
    assert all(isinstance(seed, int) for seed in seeds[0])
    assert len(set(seeds[0])) == 2  # one seed per class
    assert seeds[0] == seeds[1] != seeds[2]


def test_quality_report_n_samples_and_labels():
    X, y = imbalanced_data()
    labels = np.array(["cat", "dog", "eel"])[y]
    report = quality_report(GaussianSampler().fit(X, labels), X, labels, n_samples=40)
    assert [entry["class"] for entry in report] == ["cat", "dog", "eel"]
    assert all(entry["n_synthetic"] == 40 for entry in report)


def test_quality_report_flags_copies_and_bad_fidelity():
    X, y = small_data()
    copies = GaussianSampler(spread=0.0).fit(X, y)  # every row is the class mean
    report = quality_report(copies, X, y)
    assert report[0]["c2st_auc"] > 0.9
    far = quality_report(GaussianSampler(spread=5.0).fit(X, y), X, y)
    assert far[0]["dcr_ratio"] > 2.0


def test_quality_report_tiny_classes():
    X = gaussian(n=12, seed=0)
    y = np.array([0] * 10 + [1] * 1 + [2] * 1)
    sampler = GaussianSampler().fit(X, y)
    # A class absent from X (but known to the sampler) gets NaNs too.
    report = quality_report(sampler, X[:11], y[:11], n_samples=3)
    assert [entry["n_real"] for entry in report] == [10, 1, 0]
    for entry in report:
        assert math.isnan(entry["c2st_auc"])
        assert entry["n_synthetic"] == 3
    assert report[0]["dcr_ratio"] > 0
    assert math.isnan(report[1]["dcr_ratio"])
    assert "dcr_ratio needs at least 2 real rows" in report[1]["note"]


def test_quality_report_duplicated_class_rows_give_nan_dcr():
    X = np.vstack([gaussian(n=20, seed=0), np.ones((6, 4))])
    y = np.array([0] * 20 + [1] * 6)
    report = quality_report(GaussianSampler().fit(X, y), X, y)
    assert math.isnan(report[1]["dcr_ratio"])
    assert "exact duplicate" in report[1]["note"]


def test_quality_report_dataframe_input():
    X, y = imbalanced_data()
    frame = pd.DataFrame(X, columns=["a", "b", "c", "d"])
    report = quality_report(
        GaussianSampler().fit(frame, y), frame, pd.Series(y, name="target")
    )
    assert [entry["n_real"] for entry in report] == [120, 30, 3]
    assert 0.0 <= report[0]["c2st_auc"] < 0.75


def test_quality_report_unfitted_sampler_raises():
    X, y = imbalanced_data()
    with pytest.raises(NotFittedError):
        quality_report(GaussianSampler(), X, y)


@pytest.mark.parametrize("n_samples", [0, -1, 2.5, True, "10"])
def test_quality_report_invalid_n_samples(n_samples):
    X, y = imbalanced_data()
    sampler = GaussianSampler().fit(X, y)
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        quality_report(sampler, X, y, n_samples=n_samples)


def test_quality_report_length_mismatch():
    X, y = imbalanced_data()
    sampler = GaussianSampler().fit(X, y)
    with pytest.raises(ValueError, match="X and y have different lengths"):
        quality_report(sampler, X[:-1], y)
