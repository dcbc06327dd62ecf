"""Input checks: messages that say what is wrong and what to do."""

import numpy as np
import pandas as pd
import pytest

from skgan import GANOversampler
from skgan._kinds import SEQUENCE
from skgan._kinds._table import check_rows


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
    # numpy's DTypePromotionError came out of check_array
    X = pd.DataFrame(
        {"when": pd.date_range("2020-01-01", periods=6), "x": np.arange(6.0)}
    )
    with pytest.raises(TypeError, match="no common numeric type.*datetime"):
        check_rows(X, np.zeros(2, bool))
    X["when"] = X["when"].astype("int64")  # the fix the message suggests
    assert check_rows(X, np.zeros(2, bool)).dtype == np.float64
