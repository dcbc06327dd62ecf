"""Input checks: messages that say what is wrong and what to do."""

import numpy as np
import pandas as pd
import pytest

from skgan import GANOversampler
from skgan._kinds import SEQUENCE
from skgan._kinds.table._checks import check_rows


def check_sequences(X, categorical_features):
    return SEQUENCE.check_X(
        X, categorical_features=categorical_features, feature_names=None
    )[0]


# -- regressions found by tests/test_fuzz.py ----------------------------------


@pytest.mark.parametrize("shape", [(6, 0, 2), (6, 3, 0), (6, 0, 1, 2), (6, 4, 1, 0)])
def test_sequences_without_time_steps_or_channels(shape):
    # numpy's "zero-size array to reduction operation" came out of the scaler
    with pytest.raises(ValueError, match="at least one time step and one channel"):
        check_sequences(np.zeros(shape), "auto")
    with pytest.raises(ValueError, match="at least one time step and one channel"):
        GANOversampler(max_steps=1).fit(np.zeros(shape), np.arange(6) % 2)


def test_datetime_and_float_columns_together():
    # numpy's DTypePromotionError came out of check_array; then a TypeError
    # without the column's name; now a ValueError naming the column, like
    # the other dtypes a table cannot learn as numbers
    X = pd.DataFrame(
        {"when": pd.date_range("2020-01-01", periods=6), "x": np.arange(6.0)}
    )
    with pytest.raises(ValueError, match="Column 'when' has dtype datetime64"):
        check_rows(X, np.zeros(2, bool))
    X["when"] = X["when"].astype("int64")  # the fix the message suggests
    assert check_rows(X, np.zeros(2, bool)).dtype == np.float64


# -- infinity: which column, which row, and that NaN is accepted ---------------


def _with_infinity(container, categorical=False):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    X[7, 1] = np.inf
    X[9, 2] = -np.inf
    X[12, 1] = -np.inf
    if container == "array":
        return X
    X = pd.DataFrame(X, columns=["a", "b", "c"])
    if categorical:
        X["color"] = rng.choice(["red", "blue"], 40)
    return X


@pytest.mark.parametrize(
    "container, categorical, columns",
    [
        ("array", False, ["column 1 (first in row 7)", "column 2 (first in row 9)"]),
        (
            "frame",
            False,
            ["column 'b' (first in row 7)", "column 'c' (first in row 9)"],
        ),
        ("frame", True, ["column 'b' (first in row 7)", "column 'c' (first in row 9)"]),
    ],
)
@pytest.mark.parametrize("method", ["fit", "fit_resample"])
def test_infinity_names_the_columns_the_row_and_the_fix(
    fast, container, categorical, columns, method
):
    X = _with_infinity(container, categorical)
    y = np.arange(40) % 2
    with pytest.raises(ValueError) as error:
        getattr(GANOversampler(**fast), method)(X, y)
    message = str(error.value)
    assert message.startswith("Input X contains infinity in ")
    for column in columns:
        assert column in message
    assert "column 'a'" not in message and "column 0" not in message
    assert "NaN" in message and "missing" in message


def test_infinity_in_a_frame_with_an_index_gives_the_index_label(fast):
    X = _with_infinity("frame").set_axis([f"r{i}" for i in range(40)])
    with pytest.raises(ValueError, match=r"column 'b' \(first in row 7, index 'r7'\)"):
        GANOversampler(**fast).fit(X, np.arange(40) % 2)


# -- datetime-like columns: a clear error naming the column ---------------------


@pytest.mark.parametrize(
    "values, dtype",
    [
        (pd.date_range("2020-01-01", periods=40), "datetime64"),
        (pd.date_range("2020-01-01", periods=40, tz="Europe/Paris"), "datetime64"),
        (pd.period_range("2020-01", periods=40, freq="M"), "period"),
        (pd.to_timedelta(np.arange(40), unit="D"), "timedelta64"),
        (pd.interval_range(0, 40), "interval"),
    ],
    ids=["naive", "tz-aware", "period", "timedelta", "interval"],
)
@pytest.mark.parametrize("with_category", [False, True])
def test_datetime_like_columns_are_a_clear_value_error(
    fast, values, dtype, with_category
):
    rng = np.random.RandomState(0)
    X = pd.DataFrame({"x": rng.normal(size=40), "when": values})
    if with_category:
        X["color"] = rng.choice(["red", "blue"], 40)
    with pytest.raises(ValueError) as error:
        GANOversampler(**fast).fit(X, np.arange(40) % 2)
    message = str(error.value)
    assert "Column 'when'" in message and dtype in message
    assert "categorical_features" in message  # one of the fixes
