"""Categorical, boolean and string columns (the parts issue 3 builds on)."""

import numpy as np
import pytest

from skgan import GANOversampler

pd = pytest.importorskip("pandas")


def _table(n=300, seed=0):
    rng = np.random.RandomState(seed)
    y = np.where(rng.rand(n) < 0.25, "yes", "no")
    frame = pd.DataFrame(
        {
            "amount": rng.lognormal(3, 1, n),
            "visits": rng.poisson(4, n),
            "plan": pd.Categorical(
                np.where(y == "yes", "premium", rng.choice(["basic", "plus"], n)),
                categories=["basic", "plus", "premium", "unused"],
            ),
            "active": rng.rand(n) < 0.7,
            "region": pd.array(rng.choice(["north", "south"], n), dtype="str"),
        }
    )
    return frame, pd.Series(y, name="churn")


def test_mixed_dataframe_round_trip(fast):
    X, y = _table()
    X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert X_res.dtypes.equals(X.dtypes)
    assert X_res["plan"].cat.categories.tolist() == [
        "basic",
        "plus",
        "premium",
        "unused",
    ]
    pd.testing.assert_frame_equal(X_res.iloc[: len(X)], X)
    synthetic = X_res.iloc[len(X) :]
    assert not synthetic.isna().any().any()
    assert set(synthetic["region"]) <= {"north", "south"}
    assert set(synthetic["plan"]) <= {"basic", "plus", "premium"}  # never unseen
    assert (synthetic["visits"] >= 0).all()
    X_new, y_new = GANOversampler(random_state=0, **fast).fit(X, y).sample(5)
    assert X_new.dtypes.equals(X.dtypes) and y_new.name == "churn"


@pytest.mark.slow
def test_category_frequencies_follow_each_class():
    X, y = _table(n=400)
    sampler = GANOversampler(max_steps=300, random_state=0).fit(X, y)
    X_yes, _ = sampler.sample(1000, y="yes", random_state=0)
    X_no, _ = sampler.sample(1000, y="no", random_state=0)
    # "premium" is the only plan of class "yes" and never a plan of class "no"
    assert (X_yes["plan"] == "premium").mean() > 0.9
    assert (X_no["plan"] == "premium").mean() < 0.1
    real_active = X.loc[y.to_numpy() == "no", "active"].mean()
    assert abs(X_no["active"].mean() - real_active) < 0.15


def test_categorical_features_by_name_index_and_mask(fast):
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.normal(size=60), rng.randint(0, 3, 60)])
    y = np.repeat([0, 1], [45, 15])
    for spec in ([1], np.array([False, True])):
        X_res, _ = GANOversampler(
            categorical_features=spec, random_state=0, **fast
        ).fit_resample(X, y)
        assert set(X_res[60:, 1]) <= {0.0, 1.0, 2.0}
    frame = pd.DataFrame(X, columns=["x", "code"])
    X_res, _ = GANOversampler(
        categorical_features=["code"], random_state=0, **fast
    ).fit_resample(frame, y)
    assert set(X_res["code"].iloc[60:]) <= {0.0, 1.0, 2.0}


@pytest.mark.parametrize(
    "change, spec, match",
    [
        (None, ["nope"], "not in X"),
        (None, [9], "out of range"),
        ("nan", "auto", "handle_missing='error'"),
        ("mixed", "auto", "mixes value types"),
        ("many", "auto", "distinct values"),
    ],
)
def test_categorical_errors(fast, change, spec, match):
    X, y = _table(n=1200)
    X = X.astype({"plan": object})
    if change == "nan":
        X.loc[3, "plan"] = None
    elif change == "mixed":
        X.loc[3, "plan"] = 7
    elif change == "many":
        X["plan"] = [f"id{i}" for i in range(len(X))]
    sampler = GANOversampler(categorical_features=spec, handle_missing="error")
    with pytest.raises(ValueError, match=match):
        sampler.set_params(**fast).fit(X, y)
