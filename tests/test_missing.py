"""Missing values in tables: learned per class and generated, or refused.

``handle_missing="generate"`` (the default) learns where each class has
missing values; synthetic rows have them in the same columns, about as often,
and never where the class had none. ``handle_missing="error"`` refuses them.
"""

import io
import pickle

import joblib
import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import make_pipeline
from pandas.testing import assert_frame_equal
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.utils import get_tags
from sklearn.utils._param_validation import InvalidParameterError

from skgan import AugmentedClassifier, GANOversampler, prefit_folds
from skgan._kinds.table import TabularEncoder
from skgan.metrics import c2st_auc, dcr_ratio, quality_report
from skgan.nn._tabular import CATEGORICAL, NUMERIC, Span

# the per-class missing rates of the numeric table: (class, column) -> rate;
# column 2 is missing throughout for class 1 and never for class 0, column 1
# never for class 0 either
RATES = {(0, 0): 0.30, (1, 0): 0.05, (1, 1): 0.40, (0, 3): 0.15, (1, 3): 0.60}
# synthetic rates within this many points of the real ones: a trained GAN is
# within about 5 on 600 rows (sampling noise alone is about 2), while one that
# never or always generates missing values is 15 to 100 points off
TOLERANCE = 0.08


def _numeric_table():
    rng = np.random.RandomState(0)
    counts = [300, 150]
    X = np.vstack([rng.normal(2.0 * c, 1.0, (n, 4)) for c, n in enumerate(counts)])
    X[:, 3] = np.round(X[:, 3] * 3)  # integer-valued
    y = np.repeat([0, 1], counts)
    for (c, j), rate in RATES.items():
        rows = np.flatnonzero(y == c)
        X[rows[rng.rand(len(rows)) < rate], j] = np.nan
    X[y == 1, 2] = np.nan
    return X, y


@pytest.fixture(scope="module")
def trained():
    """A sampler trained with the default settings on the numeric table."""
    X, y = _numeric_table()
    sampler = GANOversampler(max_steps=400, random_state=0, n_jobs=1)
    X_res, y_res = sampler.fit_resample(X, y)
    return X, y, sampler, X_res, y_res


def _frame(n=120, seed=0):
    """Every kind of pandas column, each with missing values, and one column
    missing throughout; class 1's 'x' and 'city' are never missing."""
    rng = np.random.RandomState(seed)
    X = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "count": pd.array(rng.randint(0, 9, n), dtype="Int64"),
            "share": pd.array(rng.uniform(size=n), dtype="Float64"),
            "flag": pd.array(rng.uniform(size=n) < 0.5, dtype="boolean"),
            "name": pd.array(rng.choice(["ann", "bob"], n), dtype="string"),
            "city": pd.Categorical(rng.choice(["oslo", "rome", "lima"], n)),
            "note": pd.Series(rng.choice(["u", "v"], n), dtype=object),
            "gone": np.full(n, np.nan),
        }
    )
    y = pd.Series(np.arange(n) % 2, name="label")
    for column in ["x", "count", "share", "flag", "name", "city", "note"]:
        rows = rng.uniform(size=n) < 0.3
        if column in ("x", "city"):
            rows &= (y == 0).to_numpy()
        X.loc[rows, column] = None
    return X, y


# -- learned where and as often as the real rows have them -------------------


@pytest.mark.slow
def test_per_class_missing_rates_are_learned(trained):
    X, y, sampler, _, _ = trained
    for c in (0, 1):
        X_syn, _ = sampler.sample(600, y=c, random_state=0)
        real = np.isnan(X[y == c]).mean(axis=0)
        synthetic = np.isnan(X_syn).mean(axis=0)
        np.testing.assert_allclose(synthetic, real, atol=TOLERANCE)
        # never where the class had none, always where it had nothing else
        assert np.all(synthetic[real == 0] == 0)
        assert np.all(synthetic[real == 1] == 1)


def test_real_rows_untouched_and_synthetic_values_plausible(trained):
    X, y, _, X_res, y_res = trained
    n = len(X)
    assert np.array_equal(X_res[:n], X, equal_nan=True)
    assert np.array_equal(y_res[:n], y)
    synthetic = X_res[n:]
    assert len(synthetic) == 150 and np.all(y_res[n:] == 1)
    assert not np.isinf(synthetic).any()
    observed = synthetic[~np.isnan(synthetic[:, 3]), 3]
    np.testing.assert_array_equal(observed, np.round(observed))  # integers
    real = X[y == 1, 1]
    low, high = np.nanmin(real), np.nanmax(real)
    assert np.nanmin(synthetic[:, 1]) >= low and np.nanmax(synthetic[:, 1]) <= high


def test_columns_without_missing_values_never_get_them(fast):
    X, y = _numeric_table()
    X[:, 1] = np.random.RandomState(1).normal(size=len(X))  # complete
    X_res, _ = (
        GANOversampler(augmentation_ratio=1.0, random_state=0, **fast)
        .fit(X, y)
        .sample(400, random_state=0)
    )
    assert not np.isnan(X_res[:, 1]).any()
    assert np.isnan(X_res[:, 0]).any()


def test_no_missing_values_change_nothing(imbalanced):
    """The encoder of complete data has no indicator blocks and the layout
    of before (the bit-level check is tests/test_reference.py)."""
    X, y = imbalanced
    encoder = TabularEncoder()
    Z = encoder.fit_transform(X, y, 3, np.random.RandomState(0))
    assert encoder.missing_columns_ == []
    assert encoder.spans_ == [Span(NUMERIC, 5)] and Z.shape == (120, 5)


def test_encoded_layout_and_support():
    """Numeric columns with missing values get a (observed, missing) block
    after the categorical blocks; missing categories are one more category;
    a class may only generate what it had."""
    X = np.array(
        [
            [1.0, "a", 0.0],
            [np.nan, "b", 1.0],
            [3.0, None, 2.0],
            [4.0, "a", np.nan],
            [5.0, "b", 7.0],
            [6.0, "a", np.nan],
        ],
        dtype=object,
    )
    codes = np.array([0, 0, 0, 1, 1, 1])
    encoder = TabularEncoder(np.array([False, True, False]))
    Z = encoder.fit_transform(X, codes, 2, np.random.RandomState(0))
    assert encoder.spans_ == [
        Span(NUMERIC, 2),
        Span(CATEGORICAL, 3),  # a, b, missing
        Span(CATEGORICAL, 2),  # column 0: observed, missing
        Span(CATEGORICAL, 2),  # column 2: observed, missing
    ]
    categories = encoder.categorical_columns_[0][1]
    assert categories[:2].tolist() == ["a", "b"] and categories[2] is None
    assert [j for j, _ in encoder.missing_columns_] == [0, 2]
    np.testing.assert_array_equal(Z[:, 5:7], [[1, 0], [0, 1]] + [[1, 0]] * 4)
    np.testing.assert_array_equal(
        encoder.support_,
        [
            [1, 1, 1, 1, 1, 1, 1, 1, 0],  # class 0: a missing category, a NaN
            [1, 1, 1, 1, 0, 1, 0, 1, 1],  # in column 0; class 1 in column 2
        ],
    )
    # class 1's column 0 quantiles come from its observed values only
    quantiles = encoder.numeric_columns_[0][1]
    assert quantiles[1].min() == 4.0 and quantiles[1].max() == 6.0
    assert quantiles[0].min() == 1.0 and quantiles[0].max() == 3.0
    # decoding: the indicator decides, and the marker comes back
    decoded = encoder.inverse_transform(Z, np.eye(2)[codes])
    assert np.isnan(decoded[1, 0]) and decoded[2, 1] is None
    assert np.isnan(decoded[3, 2]) and decoded[4, 2] == 7.0


def test_class_with_no_observed_value_uses_the_pooled_quantiles():
    X = np.array([[1.0], [2.0], [3.0], [np.nan], [np.nan]])
    encoder = TabularEncoder()
    encoder.fit_transform(X, np.array([0, 0, 0, 1, 1]), 2, np.random.RandomState(0))
    quantiles = encoder.numeric_columns_[0][1]
    np.testing.assert_array_equal(quantiles[1], quantiles[0])
    np.testing.assert_array_equal(encoder.support_[:, 1:], [[1, 0], [0, 1]])


# -- every kind of column; markers and dtypes ----------------------------------


def test_dataframe_columns_keep_dtypes_and_markers(fast):
    X, y = _frame()
    sampler = GANOversampler(augmentation_ratio=1.0, random_state=0, **fast)
    X_res, y_res = sampler.fit_resample(X, y)
    assert X_res.dtypes.equals(X.dtypes)
    assert_frame_equal(X_res.iloc[: len(X)], X)  # real rows untouched
    synthetic = X_res.iloc[len(X) :]
    labels = y_res.iloc[len(X) :].to_numpy()
    missing = synthetic.isna()
    assert missing["gone"].all()  # missing throughout: a constant
    for column in ["count", "share", "flag", "name", "note"]:
        assert missing[column].any(), column
    # class 1 never had a missing 'x' or 'city'
    assert not missing.loc[labels == 1, ["x", "city"]].to_numpy().any()
    # each dtype's own marker
    assert synthetic["count"][missing["count"]].iloc[0] is pd.NA
    assert synthetic["flag"][missing["flag"]].iloc[0] is pd.NA
    assert synthetic["name"][missing["name"]].iloc[0] is pd.NA
    assert synthetic["note"][missing["note"]].iloc[0] is None  # as it came in
    assert set(synthetic["city"].dropna()) <= {"oslo", "rome", "lima"}
    observed = synthetic["count"].dropna().to_numpy(dtype=float)
    np.testing.assert_array_equal(observed, np.round(observed))


def test_numpy_object_columns_keep_their_marker(fast):
    """In an object array a column's missing cells come back as the column's
    first missing value in training: None or NaN."""
    rng = np.random.RandomState(0)
    n = 80
    X = np.empty((n, 3), dtype=object)
    X[:, 0] = rng.choice(["p", "q"], n)
    X[:, 1] = rng.choice(["r", "s"], n)
    X[:, 2] = rng.normal(size=n)
    X[::3, 0] = None
    X[1::4, 1] = np.nan
    X[2::5, 2] = None
    y = np.arange(n) % 2
    sampler = GANOversampler(
        categorical_features=[0, 1], augmentation_ratio=2.0, random_state=0, **fast
    )
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtype == object and X_res[:n].tolist() == X.tolist()
    synthetic = X_res[n:]
    first = [v for v in synthetic[:, 0] if v not in ("p", "q")]
    second = [v for v in synthetic[:, 1] if v not in ("r", "s")]
    third = [v for v in synthetic[:, 2] if not isinstance(v, float)]
    assert first and all(v is None for v in first)
    assert second and all(isinstance(v, float) and np.isnan(v) for v in second)
    assert third and all(v is None for v in third)


def test_category_column_with_nan_and_categorical_float_column(fast):
    X = pd.DataFrame(
        {
            "c": pd.Categorical(["a", "b", None, "a"] * 20, categories=["a", "b"]),
            "z": [1.0, 2.0, np.nan, 2.0] * 20,
            "v": np.arange(80.0),
        }
    )
    y = np.arange(80) % 2
    sampler = GANOversampler(
        categorical_features=["c", "z"], augmentation_ratio=1.0, **fast
    )
    X_res, _ = sampler.fit_resample(X, y)
    assert X_res.dtypes.equals(X.dtypes)
    synthetic = X_res.iloc[80:]
    assert set(synthetic["z"].dropna()) <= {1.0, 2.0}
    assert set(synthetic["c"].dropna()) <= {"a", "b"}


# -- soft labels, sample(), pipelines, prefit ----------------------------------


def test_soft_labels_and_interpolation(trained):
    X, y, sampler, _, _ = trained
    sampler = GANOversampler(
        soft_labels=True, interpolation=0.5, augmentation_ratio=1.0
    ).set_params(max_steps=50, random_state=0, n_jobs=1)
    X_res, Y_res = sampler.fit_resample(X, y)
    synthetic, labels = X_res[len(X) :], Y_res[len(X) :]
    soft = labels.max(axis=1) < 1
    assert soft.any() and (~soft).any()
    hard_zero = labels[:, 0] == 1
    assert not np.isnan(synthetic[hard_zero][:, [1, 2]]).any()
    assert np.isnan(synthetic[labels[:, 1] == 1][:, 2]).all()
    # a soft row may be either way where its classes differ, and is finite
    # wherever it is observed
    assert not np.isinf(synthetic[soft]).any()
    X_mid, _ = sampler.sample(y=np.tile([0.5, 0.5], (200, 1)), random_state=0)
    rate = np.isnan(X_mid[:, 2]).mean()
    assert 0 < rate < 1


def test_pipeline_with_hist_gradient_boosting(fast):
    X, y = _numeric_table()
    pipe = make_pipeline(
        GANOversampler(random_state=0, **fast),
        HistGradientBoostingClassifier(max_iter=20, random_state=0),
    )
    predicted = pipe.fit(X, y).predict(X)
    assert predicted.shape == y.shape and set(predicted) <= {0, 1}


def test_prefit_folds_on_missing_values(fast, tmp_path):
    X, y = _numeric_table()
    sampler = GANOversampler(random_state=0, memory=str(tmp_path), **fast)
    gans = prefit_folds(sampler, X, y, cv=2, refit=False)
    assert len(gans) == 2
    X_res, _ = sampler.fit_resample(X, y)
    fresh = GANOversampler(random_state=0, **fast).fit_resample(X, y)[0]
    assert np.array_equal(X_res, fresh, equal_nan=True)


# -- persistence ---------------------------------------------------------------


def test_save_load_and_joblib_keep_markers(fast, tmp_path):
    X, y = _frame()
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    expected, _ = sampler.sample(60, random_state=1)
    path = tmp_path / "missing.skgan"
    sampler.save(path)
    loaded = GANOversampler.load(path)
    assert_frame_equal(loaded.sample(60, random_state=1)[0], expected)
    buffer = io.BytesIO()
    joblib.dump(sampler, buffer)
    buffer.seek(0)
    assert_frame_equal(joblib.load(buffer).sample(60, random_state=1)[0], expected)
    copy = pickle.loads(pickle.dumps(sampler))
    assert_frame_equal(copy.sample(60, random_state=1)[0], expected)


def test_encoder_state_of_older_files_loads():
    """States saved before missing values were learned lack
    missing_columns_; they load, as an encoder without indicators."""
    encoder = TabularEncoder()
    X = np.random.RandomState(0).normal(size=(10, 2))
    encoder.fit_transform(X, np.arange(10) % 2, 2, np.random.RandomState(0))
    state = encoder.get_state()
    del state["missing_columns_"]
    assert TabularEncoder.from_state(state).missing_columns_ == []


def test_encoder_pickled_by_an_older_version_decodes():
    """A pickle (joblib.dump, a memory cache) of an encoder from before
    missing values were learned lacks missing_columns_; it still decodes."""
    encoder = TabularEncoder()
    X = np.random.RandomState(0).normal(size=(10, 2))
    Z = encoder.fit_transform(X, np.arange(10) % 2, 2, np.random.RandomState(0))
    labels = np.eye(2)[np.arange(10) % 2]
    expected = encoder.inverse_transform(Z, labels)
    old = pickle.loads(pickle.dumps(encoder))
    del old.missing_columns_  # as an older version pickled it
    loaded = pickle.loads(pickle.dumps(old))
    np.testing.assert_array_equal(loaded.inverse_transform(Z, labels), expected)


# -- refused -----------------------------------------------------------------


@pytest.mark.parametrize(
    "make, column",
    [
        (lambda X: X.assign(x=X["x"].where(X.index != 3)), "'x'"),
        (lambda X: X.assign(name=X["name"].where(X.index != 3)), "'name'"),
        (lambda X: X.assign(count=X["count"].where(X.index != 3)), "'count'"),
        (lambda X: X[["x", "share"]].to_numpy(dtype=float), "1"),
    ],
)
def test_handle_missing_error_names_the_column(fast, make, column):
    X, y = _frame()
    X = make(X.drop(columns="gone").dropna().reset_index(drop=True))
    y = np.arange(len(X)) % 2
    sampler = GANOversampler(handle_missing="error", **fast)
    if not isinstance(X, pd.DataFrame):
        X[5, 1] = np.nan
    with pytest.raises(ValueError, match=rf"column {column}.*handle_missing='error'"):
        sampler.fit_resample(X, y)


def test_handle_missing_error_accepts_complete_data(fast, imbalanced):
    X, y = imbalanced
    X_a, _ = (
        GANOversampler(handle_missing="error", random_state=0, **fast)
        .fit(X, y)
        .sample(20, random_state=0)
    )
    X_b, _ = GANOversampler(random_state=0, **fast).fit(X, y).sample(20, random_state=0)
    np.testing.assert_array_equal(X_a, X_b)


def test_handle_missing_is_validated(fast, imbalanced):
    with pytest.raises(InvalidParameterError, match="handle_missing"):
        GANOversampler(handle_missing="drop", **fast).fit(*imbalanced)


@pytest.mark.parametrize("shape", [(40, 6, 2), (40, 6, 1, 2), (40, 6, 6, 3)])
def test_sequences_and_images_refuse_missing_values(fast, shape):
    X = np.random.RandomState(0).normal(size=shape)
    X[3, 2, 0] = np.nan
    y = np.arange(40) % 2
    with pytest.raises(ValueError, match="NaN. Only tables learn missing values"):
        GANOversampler(**fast).fit(X, y)


def test_infinity_is_still_an_error(fast):
    X, y = _numeric_table()
    X[4, 1] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        GANOversampler(**fast).fit(X, y)


# -- metrics -----------------------------------------------------------------


@pytest.mark.slow
def test_metrics_take_missing_values_as_data():
    """c2st_auc tells apart rows that differ only in where values are
    missing; dcr_ratio sees copies (missing cells included) as copies and
    an independent sample as one."""
    rng = np.random.RandomState(0)
    real = rng.normal(size=(300, 3))
    real[rng.rand(300) < 0.3, 0] = np.nan
    same = rng.normal(size=(300, 3))
    same[rng.rand(300) < 0.3, 0] = np.nan
    never = rng.normal(size=(300, 3))
    always = never.copy()
    always[:, 0] = np.nan
    assert c2st_auc(real, same) < 0.6
    # a classifier that reads the indicators only: AUC 0.5 + (gap in rate) / 2
    assert abs(c2st_auc(real, never) - 0.65) < 0.04
    assert abs(c2st_auc(real, always) - 0.85) < 0.04
    assert dcr_ratio(real, real.copy()) == 0.0
    assert 0.6 < dcr_ratio(real, same) < 1.6
    frames = []
    for _ in range(2):
        frame = pd.DataFrame(
            {
                "a": pd.array(rng.normal(size=300), dtype="Float64"),
                "b": pd.Series(rng.choice(["u", "v"], 300), dtype=object),
            }
        )
        frame.loc[rng.rand(300) < 0.25, ["a", "b"]] = None
        frames.append(frame)
    frame = frames[0]
    assert c2st_auc(frame, frames[1]) < 0.6
    assert dcr_ratio(frame, frame) == 0.0


def test_quality_report_on_a_sampler_of_missing_values(trained):
    X, y, sampler, _, _ = trained
    report = quality_report(sampler, X, y, random_state=0)
    assert [entry["note"] for entry in report] == ["", ""]
    assert all(0.3 < entry["c2st_auc"] < 0.9 for entry in report)
    assert all(0.3 < entry["dcr_ratio"] < 3.0 for entry in report)


def test_metrics_still_refuse_infinity():
    X = np.random.RandomState(0).normal(size=(20, 2))
    X_inf = X.copy()
    X_inf[0, 0] = np.inf
    with pytest.raises(ValueError, match="X_synthetic contains infinite values"):
        c2st_auc(X, X_inf)


def test_augmented_classifier_takes_missing_values_if_its_estimator_does(fast):
    X, y = _numeric_table()
    model = AugmentedClassifier(
        HistGradientBoostingClassifier(max_iter=20, random_state=0),
        GANOversampler(random_state=0, **fast),
    )
    assert get_tags(model).input_tags.allow_nan
    assert model.fit(X, y).predict(X).shape == y.shape
    linear = AugmentedClassifier(LogisticRegression(), GANOversampler())
    assert not get_tags(linear).input_tags.allow_nan


def test_an_unfitted_encoder_copies_as_it_is():
    """Copies of an unfitted encoder (deepcopy, pickle) gain no fitted
    attribute, so caches keyed on them still match."""
    import copy

    encoder = TabularEncoder(np.array([False, True]))
    for duplicate in (copy.deepcopy(encoder), pickle.loads(pickle.dumps(encoder))):
        assert vars(duplicate).keys() == vars(encoder).keys()
