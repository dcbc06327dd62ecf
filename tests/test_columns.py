"""Every kind of column users have, learned by one fit on one mixed table."""

import numpy as np
import pytest

from skgan import GANOversampler

pd = pytest.importorskip("pandas")

N0, N1 = 1000, 300


@pytest.fixture(scope="module")
def table():
    rng = np.random.RandomState(0)
    n = N0 + N1

    def cat(k, p):
        return rng.choice(["A", "B", "C"], k, p=p)

    X = pd.DataFrame(
        {
            "gaussian": np.concatenate([rng.normal(0, 1, N0), rng.normal(3, 1, N1)]),
            # "C" is 1% of class 0 and absent from class 1
            "plan": np.concatenate(
                [cat(N0, [0.79, 0.2, 0.01]), cat(N1, [0.5, 0.5, 0])]
            ),
            "zero_inflated": np.where(rng.rand(n) < 0.5, 0.0, rng.exponential(3, n)),
            "heavy_tailed": rng.standard_t(2, n),
            "bounded": rng.beta(0.5, 0.5, n),
            "bimodal": np.where(rng.rand(n) < 0.5, -5.0, 5.0) + rng.normal(0, 0.5, n),
            "count": rng.poisson(3, n),
            "constant": np.full(n, 2.5),
            "flag": rng.rand(n) < 0.3,
        }
    )
    y = np.repeat([0, 1], [N0, N1])
    sampler = GANOversampler(max_steps=400, random_state=0).fit(X, y)
    synthetic = {c: sampler.sample(5000, y=c, random_state=c)[0] for c in (0, 1)}
    return X, y, synthetic


@pytest.mark.slow
def test_dtypes_kept(table):
    X, _, synthetic = table
    for c in (0, 1):
        assert synthetic[c].dtypes.equals(X.dtypes)
        assert not synthetic[c].isna().any().any()


def test_rare_category_keeps_its_frequency_and_absent_ones_stay_absent(table):
    X, y, synthetic = table
    real = np.mean(X["plan"][y == 0] == "C")  # about 1%
    share = np.mean(synthetic[0]["plan"] == "C")
    assert real / 4 <= share <= real * 3, (share, real)
    assert not (synthetic[1]["plan"] == "C").any()
    assert set(synthetic[0]["plan"]) <= {"A", "B", "C"}


def test_zero_spike_survives(table):
    X, y, synthetic = table
    for c in (0, 1):
        real = np.mean(X["zero_inflated"][y == c] == 0.0)
        assert abs(np.mean(synthetic[c]["zero_inflated"] == 0.0) - real) < 0.08
        assert (synthetic[c]["zero_inflated"] >= 0).all()


def test_bounded_integer_constant_and_bool(table):
    X, y, synthetic = table
    for c in (0, 1):
        real, syn = X[y == c], synthetic[c]
        assert (
            syn["bounded"].between(real["bounded"].min(), real["bounded"].max()).all()
        )
        assert (syn["count"] == np.round(syn["count"])).all()
        assert syn["count"].between(real["count"].min(), real["count"].max()).all()
        assert (syn["constant"] == 2.5).all()
        assert abs(syn["flag"].mean() - real["flag"].mean()) < 0.1


def test_bimodal_modes_kept_and_gap_empty(table):
    X, _, synthetic = table
    for c in (0, 1):
        values = synthetic[c]["bimodal"]
        assert np.mean(np.abs(values) < 2.5) < 0.03
        assert abs(np.mean(values > 0) - 0.5) < 0.1


def test_heavy_tails_kept(table):
    X, y, synthetic = table

    def tail_ratio(v):
        q01, q25, q75, q99 = np.quantile(v, [0.01, 0.25, 0.75, 0.99])
        return (q99 - q01) / (q75 - q25)

    for c in (0, 1):
        real = tail_ratio(X["heavy_tailed"][y == c])  # ~9 for t(2); 3.4 Gaussian
        assert tail_ratio(synthetic[c]["heavy_tailed"]) > 0.6 * real
