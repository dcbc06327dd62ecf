"""Property-based fuzzing of GANOversampler with hypothesis.

Every call of ``fit_resample`` (and of ``sample`` after ``fit``) on generated
inputs must either

(a) return the real rows bit-for-bit and in order (DataFrames: the same
    columns, dtypes and index), then exactly the synthetic rows per class that
    imbalanced-learn's ``check_sampling_strategy`` plus the documented
    ``augmentation_ratio`` rule ask for, with valid labels (hard labels among
    the classes, soft-label rows summing to 1) and synthetic values that are
    finite and in the training domain: numeric values within the class's
    training [min, max] (rows at a soft label: within the overall range),
    categories the class had in training, integer columns integer, constant
    columns constant; or
(b) raise a ``ValueError`` or ``TypeError`` with a message. Inputs the test
    knows to be invalid (a single class, NaN/inf, a strategy imbalanced-learn
    refuses, ...) must take this branch; inputs it knows to be valid must not.

Inputs: tables of 1..48 rows and 1..6 columns (float64, float32, int, bool;
object arrays with string columns; DataFrames with category, string, object,
bool, int and float columns), sequences ``(n, t, c)`` and ``(n, t, 1, c)``,
labels of every kind (ints, strings, bools, mixed int/str, integral floats)
in arrays, lists and Series, classes of 1 and 2 rows, duplicated rows,
constant columns, tiny, subnormal and huge values near the float maximum, and
the sampler's counting parameters. The GAN is tiny and trains for one or two
steps: the properties hold for any generator, trained or not.

Runs are derandomized (the same examples every run, no example database, no
``.hypothesis`` directory)::

    python -m pytest tests/test_fuzz.py -q -p no:cacheprovider

To hunt for new bugs, explore at random with ten times the examples (set
``SKGAN_FUZZ_SCALE`` to change the factor)::

    SKGAN_FUZZ_PROFILE=explore python -m pytest tests/test_fuzz.py -q \
        -p no:cacheprovider
"""

import atexit
import contextlib
import os
import shutil
import tempfile
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, configuration, given, settings
from hypothesis import strategies as st
from imblearn.utils import check_sampling_strategy
from sklearn.utils.multiclass import type_of_target

from skgan import GANOversampler

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    # hypothesis caches what it reads from skgan's sources (from collection
    # on) under ./.hypothesis by default: keep its files out of the checkout
    _STORAGE = tempfile.mkdtemp(prefix="skgan-fuzz-hypothesis-")
    atexit.register(shutil.rmtree, _STORAGE, ignore_errors=True)
    configuration.set_hypothesis_home_dir(_STORAGE)

_PROFILE = os.environ.get("SKGAN_FUZZ_PROFILE", "ci")
if _PROFILE not in ("ci", "explore"):
    raise ValueError(f"SKGAN_FUZZ_PROFILE must be 'ci' or 'explore'; got {_PROFILE!r}.")
_SCALE = int(os.environ.get("SKGAN_FUZZ_SCALE", "10")) if _PROFILE == "explore" else 1
_HEALTH = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "skgan-fuzz-ci",
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_HEALTH,
)
settings.register_profile(
    "skgan-fuzz-explore",
    derandomize=False,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_HEALTH,
)
_PARENT = settings.get_profile(f"skgan-fuzz-{_PROFILE}")


def _fuzz(max_examples):
    """This file's settings with ``max_examples`` (times the explore factor)."""
    return settings(_PARENT, max_examples=max_examples * _SCALE)


# A GAN this small trains in milliseconds; one or two steps leave the
# generator close to random, which is what a fuzzer wants.
TINY = dict(
    latent_dim=2,
    generator_hidden_sizes=(4,),
    discriminator_hidden_sizes=(4,),
    batch_size=8,
    n_jobs=1,
)

# -- labels -------------------------------------------------------------------

_CLASS_POOLS = {
    "int": [0, 1, 2, 7, -3],
    "str": ["a", "b", "fraud", "ok", "Z z"],
    "bool": [False, True],
    "mixed": [0, "a", 1, "b"],
    "float": [0.0, 1.0, 2.0, 5.0, -1.0],
}


@st.composite
def labels(draw, max_classes=4, max_per_class=12, min_classes=1):
    """``(y, y_seen)``: labels in a container, and the 1-D array sklearn sees."""
    # mixed labels (refused unless in a list) and single classes (refused)
    # are drawn less often than the others
    kind = draw(st.sampled_from(["int", "str", "bool", "float"] * 3 + ["mixed"]))
    pool = _CLASS_POOLS[kind]
    top = min(max_classes, len(pool))
    n_classes = draw(st.integers(2, top))
    if min_classes < 2 and draw(st.integers(0, 14)) == 0:
        n_classes = 1
    values = draw(st.permutations(pool))[:n_classes]
    counts = draw(
        st.lists(st.integers(1, max_per_class), min_size=n_classes, max_size=n_classes)
    )
    flat = [v for v, c in zip(values, counts) for _ in range(c)]
    order = draw(st.permutations(range(len(flat))))
    flat = [flat[i] for i in order]
    container = draw(st.sampled_from(["array", "list", "series"]))
    if container == "list":
        return flat, np.asarray(flat)
    if kind == "mixed":
        y = np.array(flat, dtype=object)
    elif kind == "str" and draw(st.booleans()):
        y = np.array(flat, dtype=object)
    else:
        y = np.array(flat)
    if container == "series":
        y = pd.Series(y, name=draw(st.sampled_from([None, "target"])))
        return y, y.to_numpy()
    return y, y


def _label_problem(y_seen):
    """Why sklearn refuses these labels, or None."""
    try:
        target = type_of_target(y_seen)
    except TypeError:  # sklearn cannot sort labels that mix str and int
        return "labels that mix types"
    if target not in ("binary", "multiclass"):
        return f"target type {target}"
    if len(np.unique(y_seen)) < 2:
        return "a single class"
    return None


# -- parameters ---------------------------------------------------------------


@st.composite
def counting_params(draw, y_seen):
    """sampling_strategy, augmentation_ratio, soft_labels, interpolation."""
    try:
        classes, counts = np.unique(y_seen, return_counts=True)
    except TypeError:  # mixed labels: refused before strategies matter
        classes, counts = np.array([]), np.array([], int)
    form = draw(
        st.sampled_from(
            ["auto", "all", "minority", "not majority", "not minority", "float", "dict"]
        )
    )
    if form == "float":
        strategy = draw(st.floats(0.05, 1.0))
    elif form == "dict":
        strategy = {}
        for c, n in zip(classes.tolist(), counts.tolist()):
            if draw(st.booleans()):
                strategy[c] = n + draw(st.integers(-1, 6))
        if draw(st.integers(0, 9)) == 0:
            strategy["not a class"] = 3
    else:
        strategy = form
    ratio = draw(
        st.one_of(
            st.sampled_from([0.0, 0.5, 1.0, 2.0]),
            st.floats(0.0, 2.0, allow_subnormal=False),
        )
    )
    soft = draw(st.booleans())
    interpolation = 0.0
    if soft or draw(st.integers(0, 9)) == 0:  # hard labels: refused
        interpolation = draw(
            st.one_of(st.just(0.0), st.sampled_from([0.5, 1.0]), st.floats(0.0, 1.0))
        )
    return dict(
        sampling_strategy=strategy,
        augmentation_ratio=ratio,
        soft_labels=soft,
        interpolation=interpolation,
        max_steps=draw(st.sampled_from([1, 2])),
        pack_size=draw(st.sampled_from([1, 2])),
        random_state=draw(st.integers(0, 2**16)),
    )


def _expected_counts(y_seen, params):
    """``(classes, per-class synthetic rows)`` or ``(None, why it must fail)``.

    imbalanced-learn decides the balancing rows; ``augmentation_ratio`` adds
    that fraction of each class's balanced count, rounded to the nearest
    integer (ties to even), as the GANOversampler docstring documents.
    """
    problem = _label_problem(y_seen)
    if problem:
        return None, problem
    if params["interpolation"] > 0 and not params["soft_labels"]:
        return None, "interpolation without soft labels"
    try:
        target = check_sampling_strategy(
            params["sampling_strategy"], y_seen, "over-sampling"
        )
    except ValueError as error:
        return None, f"imblearn refuses the strategy: {error}"
    classes, counts = np.unique(y_seen, return_counts=True)
    expected = {}
    for c, n in zip(classes.tolist(), counts.tolist()):
        balancing = target.get(c, 0)
        expected[c] = balancing + round(params["augmentation_ratio"] * (n + balancing))
    return classes, expected


# -- columns ------------------------------------------------------------------

_FLOAT_REGIMES = [
    "normal",
    "scaled",
    "tiny",
    "subnormal",
    "huge",
    "near_max",
    "constant",
    "integer",
    "few",
]
_INT_REGIMES = ["small", "constant", "wide", "extreme"]


def _float_column(rng, regime, n, dtype=np.float64):
    info = np.finfo(dtype)
    if regime == "normal":
        values = rng.normal(size=n)
    elif regime == "scaled":
        values = rng.normal(size=n) * 10.0 ** rng.uniform(-6, 6)
    elif regime == "tiny":
        values = rng.normal(size=n) * float(info.tiny)
    elif regime == "subnormal":
        values = rng.randint(-4, 5, n) * float(info.smallest_subnormal)
    elif regime == "huge":
        values = rng.normal(size=n) * (float(info.max) / 1e8)
    elif regime == "near_max":
        values = rng.choice([-1.0, 1.0], n) * rng.uniform(0.5, 1.0, n)
        values = values * float(info.max)
        values[rng.rand(n) < 0.3] = float(info.max) * rng.choice([-1, 1])
    elif regime == "constant":
        value = rng.choice([0.0, -0.0, 3.5, float(info.tiny), -float(info.max)])
        values = np.full(n, value)
    elif regime == "integer":
        values = rng.randint(-3, 4, n).astype(float)
    else:  # "few": two values, many ties
        values = rng.choice(rng.normal(size=2), n)
    return values.astype(dtype)


def _int_column(rng, regime, n):
    if regime == "small":
        return rng.randint(-5, 6, n).astype(np.int64)
    if regime == "constant":
        return np.full(n, rng.randint(-100, 100), dtype=np.int64)
    if regime == "wide":  # every value exact as a float64
        return rng.randint(-(2**53), 2**53, n, dtype=np.int64)
    info = np.iinfo(np.int64)
    values = rng.randint(info.max - 5000, info.max, n, dtype=np.int64)
    values[rng.rand(n) < 0.5] = info.min + rng.randint(0, 5000)
    values[rng.rand(n) < 0.2] = info.max
    return values


@st.composite
def numeric_tables(draw, n):
    """A numpy table of ``n`` rows: float64, float32, int64 or bool."""
    dtype = draw(st.sampled_from(["float64", "float32", "int64", "bool"]))
    n_features = draw(st.integers(1, 6))
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    if dtype in ("float64", "float32"):
        regimes = draw(
            st.lists(
                st.sampled_from(_FLOAT_REGIMES),
                min_size=n_features,
                max_size=n_features,
            )
        )
        X = np.column_stack([_float_column(rng, r, n, dtype) for r in regimes])
    elif dtype == "int64":
        regimes = draw(
            st.lists(
                st.sampled_from(_INT_REGIMES), min_size=n_features, max_size=n_features
            )
        )
        X = np.column_stack([_int_column(rng, r, n) for r in regimes])
    else:
        X = rng.rand(n, n_features) < draw(st.sampled_from([0.0, 0.3, 1.0]))
    if draw(st.booleans()):  # duplicated rows
        X = X[rng.randint(0, max(1, n // 3), n)]
    if draw(st.booleans()):
        X = np.asfortranarray(X)
    return X


# -- checking the result ------------------------------------------------------


@contextlib.contextmanager
def _numpy_warnings_checked():
    """numpy's overflow/invalid warnings in skgan are errors (as pyproject's
    pytest settings make them), whoever runs the test."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=RuntimeWarning, module="skgan")
        # sklearn's finiteness check sums X: inf - inf for values near the limit
        warnings.filterwarnings(
            "ignore", "invalid value encountered in reduce", RuntimeWarning, "numpy"
        )
        yield


def _attempt(call):
    """``call()``'s result, or the ValueError/TypeError it raised (any other
    exception propagates and fails the test)."""
    with _numpy_warnings_checked():
        try:
            return call()
        except (ValueError, TypeError) as error:
            assert str(error).strip(), f"{type(error).__name__} without a message"
            return error


def _judge(outcome, must_fail, may_fail=False):
    """Apply the (a)-or-(b) rule; True when the result is to be checked."""
    if must_fail:
        assert isinstance(outcome, Exception), (
            f"expected a ValueError/TypeError ({must_fail}), got a result"
        )
        return False
    if isinstance(outcome, Exception):
        if may_fail:
            return False
        raise AssertionError(f"valid input was refused: {outcome!r}") from outcome
    return True


def _same_values(a, b, what):
    """Bit-for-bit equality of two arrays (object arrays: equal, same types)."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape, f"{what}: shape {a.shape} != {b.shape}"
    assert a.dtype == b.dtype, f"{what}: dtype {a.dtype} != {b.dtype}"
    if a.dtype == object:
        for u, v in zip(a.ravel().tolist(), b.ravel().tolist()):
            assert type(u) is type(v) and u == v, f"{what}: {u!r} != {v!r}"
    else:
        assert a.tobytes() == b.tobytes(), f"{what}: values differ"


class Columns:
    """A training table (or sequences) as columns, for the domain checks.

    ``kinds[j]`` is "numeric" or "categorical"; ``values[j]`` is an array
    (n, w): a table column has w=1, a sequence channel w=n_timesteps.
    """

    def __init__(self, kinds, values):
        self.kinds, self.values = kinds, values

    @classmethod
    def of_table(cls, X, categorical):
        if isinstance(X, pd.DataFrame):
            arrays = []
            for j, (_, column) in enumerate(X.items()):
                if categorical[j]:
                    arrays.append(column.to_numpy(dtype=object))
                elif pd.api.types.is_bool_dtype(column.dtype):
                    arrays.append(column.to_numpy(dtype=bool))
                elif pd.api.types.is_integer_dtype(column.dtype):
                    arrays.append(column.to_numpy(dtype=np.int64))
                else:
                    arrays.append(column.to_numpy())
        else:
            X = np.asarray(X)
            arrays = [
                X[:, j]
                if categorical[j] or X.dtype != object
                else X[:, j].astype(np.float64)
                for j in range(X.shape[1])
            ]
        kinds = ["categorical" if c else "numeric" for c in categorical]
        return cls(kinds, [a.reshape(-1, 1) for a in arrays])

    @classmethod
    def of_sequences(cls, X):
        X = np.asarray(X)
        X = X.reshape(len(X), X.shape[1], X.shape[-1])
        return cls(["numeric"] * X.shape[2], [X[:, :, k] for k in range(X.shape[2])])


def _check_domain(train, codes, synthetic, label_vectors, what=""):
    """Synthetic values finite and in the training domain of their labels.

    ``codes``: class index of every training row; ``label_vectors``: (m,
    n_classes) weights of every synthetic row. One-hot rows must stay within
    their class's [min, max] and categories; rows at a soft label within the
    overall range and the categories of the classes they weigh.
    """
    n_classes = label_vectors.shape[1]
    assert np.isfinite(label_vectors).all() and (label_vectors >= 0).all()
    np.testing.assert_allclose(label_vectors.sum(axis=1), 1.0, atol=1e-5)
    one_hot = (label_vectors > 0).sum(axis=1) == 1
    for j, (kind, real, fake) in enumerate(
        zip(train.kinds, train.values, synthetic.values)
    ):
        name = f"{what}column {j}"
        if kind == "categorical":
            seen = [set(real[codes == c].ravel().tolist()) for c in range(n_classes)]
            for row, value in zip(label_vectors, fake[:, 0].tolist()):
                allowed = set().union(*(seen[c] for c in np.flatnonzero(row > 0)))
                assert value in allowed, f"{name}: {value!r} not among {allowed}"
            continue
        if fake.dtype.kind == "f":
            assert np.isfinite(fake).all(), f"{name}: non-finite synthetic values"
        if real.dtype.kind == "f" and np.all(np.mod(real, 1.0) == 0.0):
            assert np.all(np.mod(fake, 1.0) == 0.0), f"{name}: not integer"
        if real.dtype.kind in "iu" and np.abs(real).max() >= 2**53:
            # beyond 2**53 the encoder's floats are 2**11 apart at most
            real, fake = real.astype(np.float64), fake.astype(np.float64)
            slack = 2048.0
        else:
            slack = 0
        lo_all, hi_all = real.min() - slack, real.max() + slack
        out = (fake < lo_all) | (fake > hi_all)
        assert not out.any(), f"{name}: {fake[out][:3]} outside [{lo_all}, {hi_all}]"
        for c in range(n_classes):
            rows = one_hot & (label_vectors[:, c] > 0)
            if not rows.any():
                continue
            lo, hi = real[codes == c].min() - slack, real[codes == c].max() + slack
            values = fake[rows]
            out = (values < lo) | (values > hi)
            assert not out.any(), (
                f"{name}, class {c}: {values[out][:3]} outside [{lo}, {hi}]"
            )


def _check_labels(y_res, y, y_seen, n, classes, expected, soft, X_res):
    """Real labels untouched, synthetic counts exact, labels valid; returns
    the (m, n_classes) label vectors of the synthetic rows."""
    n_classes = len(classes)
    if soft:
        assert isinstance(y_res, np.ndarray) and y_res.dtype == np.float32
        assert y_res.shape[1] == n_classes
        real_codes = np.searchsorted(classes, y_seen)
        np.testing.assert_array_equal(y_res[:n], np.eye(n_classes)[real_codes])
        vectors = y_res[n:]
        counts = np.bincount(vectors.argmax(axis=1), minlength=n_classes)
    else:
        if isinstance(y, pd.Series):
            assert isinstance(y_res, pd.Series) and y_res.name == y.name
            assert y_res.dtype == y.dtype
            if isinstance(X_res, pd.DataFrame):
                assert y_res.index.equals(X_res.index)
            else:
                assert y_res.index[:n].equals(y.index)
        values = np.asarray(y_res)
        if isinstance(y, list):  # sklearn reads a list as np.asarray does
            assert isinstance(y_res, list) and y_res[:n] == y_seen.tolist()
        else:
            _same_values(values[:n], y_seen, "real labels")
        synthetic = values[n:]
        known = set(classes.tolist())
        assert set(synthetic.tolist()) <= known, "a synthetic label is not a class"
        codes = np.searchsorted(classes, synthetic)
        counts = np.bincount(codes, minlength=n_classes)
        vectors = np.eye(n_classes, dtype=np.float32)[codes]
    assert dict(zip(classes.tolist(), counts.tolist())) == expected
    return vectors


# -- fit_resample on numeric tables -------------------------------------------


@st.composite
def numeric_cases(draw):
    y, y_seen = draw(labels())
    X = draw(numeric_tables(len(y_seen)))
    if draw(st.integers(0, 9)) == 0:
        X = X.tolist()  # a list of lists: numpy semantics, a list back
    params = draw(counting_params(y_seen))
    return X, y, y_seen, params


@_fuzz(330)
@given(numeric_cases())
@pytest.mark.slow
def test_fit_resample_numeric_tables(case):
    X, y, y_seen, params = case
    classes, expected = _expected_counts(y_seen, params)
    sampler = GANOversampler(**TINY, **params)
    outcome = _attempt(lambda: sampler.fit_resample(X, y))
    if not _judge(outcome, must_fail=None if classes is not None else expected):
        return
    X_res, y_res = outcome
    n = len(y_seen)
    X_in = np.asarray(X)
    if isinstance(X, list):
        assert isinstance(X_res, list)
        X_res = np.asarray(X_res)
    assert isinstance(X_res, np.ndarray) and X_res.dtype == X_in.dtype
    _same_values(X_res[:n], X_in, "real rows")
    np.testing.assert_array_equal(sampler.classes_, classes)
    vectors = _check_labels(
        y_res, y, y_seen, n, classes, expected, params["soft_labels"], X_res
    )
    assert sampler.n_synthetic_ == expected
    codes = np.searchsorted(classes, y_seen)
    no_categories = np.zeros(X_in.shape[1], bool)
    _check_domain(
        Columns.of_table(X_in, no_categories),
        codes,
        Columns.of_table(X_res[n:], no_categories),
        vectors,
    )


# -- fit_resample on DataFrames -----------------------------------------------

_FRAME_KINDS = [
    "float64",
    "float32",
    "int64",
    "Int64",
    "bool",
    "category",
    "category_int",
    "string",
    "str",
    "boolean",
    "object",
    "object_bool",
]


def _frame_column(rng, kind, n):
    words = np.array(["x", "y", "zz", "w w", ""], dtype=object)
    k = rng.randint(1, 4)  # few categories: constant columns happen
    if kind in ("float64", "float32"):
        regime = _FLOAT_REGIMES[rng.randint(len(_FLOAT_REGIMES))]
        return pd.Series(_float_column(rng, regime, n, np.dtype(kind)))
    if kind == "int64":
        return pd.Series(_int_column(rng, ["small", "constant", "wide"][k - 1], n))
    if kind == "Int64":
        return pd.Series(rng.randint(-3, 3, n), dtype="Int64")
    if kind == "bool":
        return pd.Series(rng.rand(n) < 0.5)
    if kind == "category":
        values = words[rng.randint(0, k, n)]
        categories = sorted(set(values.tolist()) | {"unused"})
        return pd.Series(pd.Categorical(values, categories=categories))
    if kind == "category_int":
        return pd.Series(rng.randint(0, k, n) * 10, dtype="category")
    if kind == "string":
        return pd.Series(words[rng.randint(0, k, n)], dtype="string")
    if kind == "str":  # pandas' default for strings
        return pd.Series(words[rng.randint(0, k, n)].tolist())
    if kind == "boolean":
        return pd.Series(rng.rand(n) < 0.5, dtype="boolean")
    if kind == "object":
        return pd.Series(words[rng.randint(0, k, n)], dtype=object)
    if kind == "object_bool":
        return pd.Series((rng.rand(n) < 0.5).tolist(), dtype=object)
    return pd.Series(words[rng.randint(0, k, n)], dtype=object)


@st.composite
def frame_cases(draw):
    y, y_seen = draw(labels())
    n = len(y_seen)
    kinds = draw(st.lists(st.sampled_from(_FRAME_KINDS), min_size=1, max_size=6))
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    X = pd.DataFrame({f"c{j}": _frame_column(rng, k, n) for j, k in enumerate(kinds)})
    if draw(st.booleans()):
        X = X.iloc[rng.randint(0, max(1, n // 3), n)].reset_index(drop=True)
    mixed = "object" in kinds and draw(st.integers(0, 9)) == 0
    if mixed:  # a number among words: refused
        X.iat[rng.randint(n), kinds.index("object")] = 3
    index = draw(st.sampled_from(["range", "shuffled", "strings", "offset"]))
    if index == "shuffled":
        X.index = rng.permutation(n) * 3
    elif index == "strings":
        X.index = [f"r{i}" for i in range(n)]
    elif index == "offset":
        X.index = pd.RangeIndex(100, 100 + n, name="id")
    if isinstance(y, pd.Series) and draw(st.booleans()):
        y.index = X.index
    auto = np.array([k not in ("float64", "float32", "int64", "Int64") for k in kinds])
    categorical_features, mask = "auto", auto
    if draw(st.integers(0, 3)) == 0:  # name the columns, an int one too
        mask = auto | np.array([k == "int64" for k in kinds])
        categorical_features = [f"c{j}" for j in np.flatnonzero(mask)]
    params = draw(counting_params(y_seen))
    return X, y, y_seen, mixed, categorical_features, mask, params


@_fuzz(230)
@given(frame_cases())
@pytest.mark.slow
def test_fit_resample_dataframes(case):
    X, y, y_seen, mixed, categorical_features, mask, params = case
    classes, expected = _expected_counts(y_seen, params)
    must_fail = None if classes is not None else expected
    if mixed:
        must_fail = "a categorical column mixes value types"
    sampler = GANOversampler(
        categorical_features=categorical_features, **TINY, **params
    )
    original = X.copy()
    outcome = _attempt(lambda: sampler.fit_resample(X, y))
    pd.testing.assert_frame_equal(X, original)  # the input is not modified
    if not _judge(outcome, must_fail):
        return
    X_res, y_res = outcome
    n = len(y_seen)
    assert isinstance(X_res, pd.DataFrame)
    assert X_res.columns.equals(X.columns)
    assert X_res.dtypes.equals(X.dtypes)
    assert X_res.index[:n].equals(X.index) and X_res.index.dtype == X.index.dtype
    assert X_res.index.is_unique == X.index.is_unique
    for name in X.columns:
        _same_values(X_res[name].iloc[:n].to_numpy(), X[name].to_numpy(), name)
    np.testing.assert_array_equal(sampler.feature_names_in_, X.columns)
    vectors = _check_labels(
        y_res, y, y_seen, n, classes, expected, params["soft_labels"], X_res
    )
    _check_domain(
        Columns.of_table(X, mask),
        np.searchsorted(classes, y_seen),
        Columns.of_table(X_res.iloc[n:], mask),
        vectors,
    )


# -- fit_resample on tables with missing values -------------------------------


@st.composite
def missing_cases(draw):
    """A DataFrame case with missing values punched in: each column none, a
    third of its cells, all cells of the first class, or all; sometimes as
    a float numpy array (when every column is numeric)."""
    X, y, y_seen, mixed, categorical_features, mask, params = draw(frame_cases())
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    first = y_seen == y_seen[0]
    for j, name in enumerate(X.columns):
        pattern = draw(st.sampled_from(["none", "some", "class", "all"]))
        if mixed and X[name].dtype == object:
            pattern = "none"  # keep the number among the words
        holes = {
            "none": np.zeros(len(X), bool),
            "some": rng.rand(len(X)) < 0.3,
            "class": first,
            "all": np.ones(len(X), bool),
        }[pattern]
        X[name] = X[name].where(~holes)
    if not mask.any() and draw(st.booleans()):
        X = X.to_numpy(dtype=np.float64)
        categorical_features = "auto"
    return X, y, y_seen, mixed, categorical_features, mask, params


def _same_with_missing(a, b, what):
    """Equal arrays whose missing cells are the same marker at the same place."""
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape and a.dtype == b.dtype, what
    for u, v in zip(a.ravel().tolist(), b.ravel().tolist()):
        assert type(u) is type(v), f"{what}: {u!r} != {v!r}"
        assert (pd.isna(u) and pd.isna(v)) or u == v, f"{what}: {u!r} != {v!r}"


def _check_missing(real, synthetic, categorical, codes, vectors, what):
    """A synthetic cell is missing only if a class its label weighs had a
    missing value in the column, observed only if one had an observed value;
    observed values lie within the observed training values."""
    missing, missing_syn = pd.isna(real), pd.isna(synthetic)
    n_classes = vectors.shape[1]
    had = np.array(
        [
            [missing[codes == c].any(), (~missing[codes == c]).any()]
            for c in range(n_classes)
        ]
    )
    weighed = vectors > 0
    may_miss = (weighed & had[:, 0]).any(axis=1)
    may_observe = (weighed & had[:, 1]).any(axis=1)
    assert not (missing_syn & ~may_miss).any(), f"{what}: an unlearned NaN"
    assert not (~missing_syn & ~may_observe).any(), f"{what}: an unlearned value"
    observed, observed_syn = real[~missing], synthetic[~missing_syn]
    if categorical:
        assert set(observed_syn.tolist()) <= set(observed.tolist()), what
    elif len(observed_syn):
        values = observed_syn.astype(np.float64)
        assert np.isfinite(values).all(), what
        low, high = observed.astype(np.float64).min(), observed.astype(np.float64).max()
        assert values.min() >= low and values.max() <= high, what


@_fuzz(120)
@given(missing_cases())
@pytest.mark.slow
def test_fit_resample_tables_with_missing_values(case):
    X, y, y_seen, mixed, categorical_features, mask, params = case
    classes, expected = _expected_counts(y_seen, params)
    must_fail = None if classes is not None else expected
    if mixed:
        must_fail = "a categorical column mixes value types"
    sampler = GANOversampler(
        categorical_features=categorical_features, **TINY, **params
    )
    outcome = _attempt(lambda: sampler.fit_resample(X, y))
    if not _judge(outcome, must_fail):
        return
    X_res, y_res = outcome
    n = len(y_seen)
    frame = isinstance(X, pd.DataFrame)
    if frame:
        assert X_res.dtypes.equals(X.dtypes)
    else:
        assert X_res.dtype == np.float64
    real = X if frame else pd.DataFrame(X)
    result = X_res if frame else pd.DataFrame(X_res)
    vectors = _check_labels(
        y_res, y, y_seen, n, classes, expected, params["soft_labels"], X_res
    )
    codes = np.searchsorted(classes, y_seen)
    for j in range(real.shape[1]):
        column, column_res = real.iloc[:, j], result.iloc[:, j]
        what = f"column {j}"
        _same_with_missing(column_res.iloc[:n].to_numpy(), column.to_numpy(), what)
        _check_missing(
            column.to_numpy(dtype=object),
            column_res.iloc[n:].to_numpy(dtype=object),
            mask[j],
            codes,
            vectors,
            what,
        )


# -- fit_resample on numpy object arrays --------------------------------------


@st.composite
def object_cases(draw):
    y, y_seen = draw(labels(max_classes=3))
    n = len(y_seen)
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    kinds = draw(
        st.lists(st.sampled_from(["str", "number", "bool"]), min_size=1, max_size=5)
    )
    X = np.empty((n, len(kinds)), dtype=object)
    for j, kind in enumerate(kinds):
        if kind == "str":
            X[:, j] = np.array(["p", "q", "r"], dtype=object)[rng.randint(0, 3, n)]
        elif kind == "bool":
            X[:, j] = (rng.rand(n) < 0.5).tolist()
        else:
            X[:, j] = _float_column(rng, _FLOAT_REGIMES[rng.randint(9)], n).tolist()
    texts = np.array([k != "number" for k in kinds])
    spec = draw(st.sampled_from(["auto", "indices", "mask", "too few", "names"]))
    mask, must_fail = texts, None
    if spec == "auto":
        categorical_features = "auto"
    elif spec == "indices":
        categorical_features = np.flatnonzero(texts).tolist()
    elif spec == "mask":
        categorical_features = texts
    elif spec == "too few":  # strings not categorical are refused; bools are 0/1
        categorical_features = []
        mask = np.zeros(len(kinds), bool)
        if "str" in kinds:
            must_fail = "string columns not categorical"

    else:
        categorical_features = ["0"]
        must_fail = "column names without a DataFrame"
    params = draw(counting_params(y_seen))
    return X, y, y_seen, categorical_features, mask, must_fail, params


@_fuzz(110)
@given(object_cases())
@pytest.mark.slow
def test_fit_resample_object_arrays(case):
    X, y, y_seen, categorical_features, mask, must_fail, params = case
    classes, expected = _expected_counts(y_seen, params)
    if classes is None:
        must_fail = expected
    sampler = GANOversampler(
        categorical_features=categorical_features, **TINY, **params
    )
    outcome = _attempt(lambda: sampler.fit_resample(X, y))
    if not _judge(outcome, must_fail):
        return
    X_res, y_res = outcome
    n = len(y_seen)
    if mask.any():
        _same_values(X_res[:n], X, "real rows")
    else:  # numbers only: a float array, the same values
        assert X_res.dtype == np.float64
        _same_values(X_res[:n], X.astype(np.float64), "real rows")
    vectors = _check_labels(
        y_res, y, y_seen, n, classes, expected, params["soft_labels"], X_res
    )
    _check_domain(
        Columns.of_table(X, mask),
        np.searchsorted(classes, y_seen),
        Columns.of_table(X_res[n:], mask),
        vectors,
    )


# -- fit_resample on sequences ------------------------------------------------


@st.composite
def sequences(draw, n, allow_empty=False):
    """``n`` sequences (n, t, c) or classifier images (n, t, 1, c); with
    ``allow_empty``, now and then no time steps or no channels (refused)."""
    n_timesteps = draw(st.integers(1, 8))
    n_channels = draw(st.integers(1, 3))
    if allow_empty and draw(st.integers(0, 19)) == 0:
        if draw(st.booleans()):
            n_timesteps = 0
        else:
            n_channels = 0
    dtype = draw(st.sampled_from(["float64", "float32", "int64"]))
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    channels = []
    for _ in range(n_channels):
        if dtype == "int64":
            regime = draw(st.sampled_from(_INT_REGIMES))
            channel = _int_column(rng, regime, n * n_timesteps)
        else:
            regime = draw(st.sampled_from(_FLOAT_REGIMES))
            channel = _float_column(rng, regime, n * n_timesteps, np.dtype(dtype))
        channels.append(channel.reshape(n, n_timesteps))
    X = np.stack(channels, axis=-1) if channels else np.zeros((n, n_timesteps, 0))
    if draw(st.booleans()):
        X = X[:, :, None, :]  # classifier images (n, t, 1, c)
    return X


@st.composite
def sequence_cases(draw):
    y, y_seen = draw(labels(max_classes=3, max_per_class=8))
    X = draw(sequences(len(y_seen), allow_empty=True))
    params = draw(counting_params(y_seen))
    return X, y, y_seen, params


@_fuzz(150)
@given(sequence_cases())
@pytest.mark.slow
def test_fit_resample_sequences(case):
    X, y, y_seen, params = case
    classes, expected = _expected_counts(y_seen, params)
    must_fail = None if classes is not None else expected
    if 0 in X.shape[1:]:
        must_fail = "no time steps or no channels"
    sampler = GANOversampler(**TINY, **params)
    outcome = _attempt(lambda: sampler.fit_resample(X, y))
    if not _judge(outcome, must_fail):
        return
    X_res, y_res = outcome
    n = len(y_seen)
    assert isinstance(X_res, np.ndarray) and X_res.shape[1:] == X.shape[1:]
    _same_values(X_res[:n], X, "real sequences")
    vectors = _check_labels(
        y_res, y, y_seen, n, classes, expected, params["soft_labels"], X_res
    )
    _check_domain(
        Columns.of_sequences(X),
        np.searchsorted(classes, y_seen),
        Columns.of_sequences(X_res[n:]),
        vectors,
    )


# -- NaN and infinity ---------------------------------------------------------


@st.composite
def non_finite_cases(draw):
    n = draw(st.integers(2, 30))
    y = np.arange(n) % 2
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    bad = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    form = draw(st.sampled_from(["float64", "float32", "sequence", "image", "frame"]))
    n_features = draw(st.integers(1, 4))
    i, j = rng.randint(n), rng.randint(n_features)
    if form == "frame":
        kinds = draw(
            st.lists(
                st.sampled_from(["float64", "float32", "int64", "category", "object"]),
                min_size=n_features,
                max_size=n_features,
            )
        )
        X = pd.DataFrame(
            {f"c{k}": _frame_column(rng, t, n) for k, t in enumerate(kinds)}
        )
        if kinds[j] in ("category", "object"):  # a missing category
            column, bad = X[f"c{j}"].astype(object), np.nan
        else:
            column = X[f"c{j}"].astype(float)
        column.iloc[i] = bad
        X[f"c{j}"] = column
        return X, y
    if form in ("sequence", "image"):
        X = rng.normal(size=(n, draw(st.integers(1, 5)), n_features))
        X[i, rng.randint(X.shape[1]), j] = bad
        return (X[:, :, None, :] if form == "image" else X), y
    X = rng.normal(size=(n, n_features)).astype(form)
    X[i, j] = bad
    return X, y


@_fuzz(100)
@given(non_finite_cases(), st.booleans())
def test_nan_and_inf_are_a_clear_value_error(case, fit_only):
    X, y = case
    sampler = GANOversampler(
        handle_missing="error", max_steps=1, random_state=0, **TINY
    )
    with _numpy_warnings_checked(), pytest.raises(ValueError, match="(?i)nan|inf"):
        if fit_only:
            sampler.fit(X, y)
        else:
            sampler.fit_resample(X, y)


# -- sample() after fit -------------------------------------------------------


@st.composite
def sample_requests(draw, classes):
    """``(kwargs, must_fail, label vectors or None)`` for ``sample``."""
    k = len(classes)
    form = draw(
        st.sampled_from(["none", "label", "labels", "soft", "bad n", "bad soft"])
    )
    n = draw(st.integers(1, 20))
    if form == "none":
        return dict(n_samples=n), None, None
    if form == "bad n":
        bad = draw(st.sampled_from([0, -1, 2.5, None, "3"]))
        return dict(n_samples=bad), f"n_samples={bad!r}", None
    if form == "label":
        if draw(st.integers(0, 4)) == 0:
            return dict(n_samples=n, y="not a class"), "an unknown label", None
        c = draw(st.integers(0, k - 1))
        vectors = np.eye(k, dtype=np.float32)[np.full(n, c)]
        return dict(n_samples=n, y=classes[c]), None, vectors
    if form == "labels":
        codes = np.array(draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=20)))
        request = dict(y=classes[codes].tolist())
        must_fail = None
        if draw(st.booleans()):
            request["n_samples"] = len(codes) + draw(st.sampled_from([0, 0, 1]))
            if request["n_samples"] != len(codes):
                must_fail = "n_samples disagrees with y"
        return request, must_fail, np.eye(k, dtype=np.float32)[codes]
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    weights = rng.dirichlet(np.ones(k), size=n)
    weights[rng.rand(n) < 0.3] = np.eye(k)[rng.randint(0, k)]
    if form == "soft":
        return dict(y=weights), None, weights.astype(np.float32)
    flaw = draw(st.sampled_from(["columns", "sum", "negative", "nan"]))
    if flaw == "columns":
        weights = np.column_stack([weights, np.zeros(n)])
    elif flaw == "sum":
        weights = weights * 2.0
    elif flaw == "negative":
        weights[0, 0] = -0.5
    else:
        weights[0, 0] = np.nan
    return dict(y=weights), f"a malformed soft-label matrix ({flaw})", None


@st.composite
def sample_cases(draw):
    y, y_seen = draw(labels(min_classes=2))
    assume(_label_problem(y_seen) is None)
    n = len(y_seen)
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    form = draw(st.sampled_from(["frame", "table", "sequences"]))
    if form == "frame":
        kinds = draw(
            st.lists(
                st.sampled_from(["float64", "float32", "int64", "bool", "category"]),
                min_size=1,
                max_size=4,
            )
        )
        X = pd.DataFrame(
            {f"c{j}": _frame_column(rng, k, n) for j, k in enumerate(kinds)}
        )
        mask = np.array([k in ("bool", "category") for k in kinds])
    elif form == "table":
        X = draw(numeric_tables(n))
        mask = np.zeros(X.shape[1], bool)
    else:
        X, mask = draw(sequences(n)), None
    classes = np.unique(y_seen)
    request = draw(sample_requests(classes))
    return X, y, y_seen, mask, request, draw(st.integers(0, 2**16))


@_fuzz(150)
@given(sample_cases())
@pytest.mark.slow
def test_sample_after_fit(case):
    X, y, y_seen, mask, (kwargs, must_fail, vectors), seed = case
    sampler = GANOversampler(max_steps=1, random_state=seed, **TINY)
    _judge(_attempt(lambda: sampler.fit(X, y)), must_fail=None)
    outcome = _attempt(lambda: sampler.sample(**kwargs, random_state=seed))
    if not _judge(outcome, must_fail):
        return
    X_syn, y_syn = outcome
    classes = sampler.classes_
    k = len(classes)
    m = len(X_syn)
    if isinstance(X, pd.DataFrame):
        assert isinstance(X_syn, pd.DataFrame)
        assert X_syn.columns.equals(X.columns) and X_syn.dtypes.equals(X.dtypes)
    else:
        assert isinstance(X_syn, np.ndarray) and X_syn.dtype == X.dtype
        assert X_syn.shape[1:] == X.shape[1:]
    if mask is None:
        train, synthetic = Columns.of_sequences(X), Columns.of_sequences(X_syn)
    else:
        train, synthetic = Columns.of_table(X, mask), Columns.of_table(X_syn, mask)
    if vectors is not None:
        assert m == len(vectors)
    else:
        assert m == kwargs["n_samples"]
    if "y" in kwargs and np.ndim(kwargs["y"]) == 2:  # soft labels come back
        assert isinstance(y_syn, np.ndarray) and y_syn.dtype == np.float32
        np.testing.assert_array_equal(y_syn, vectors)
    else:
        values = np.asarray(y_syn)
        assert len(values) == m
        if isinstance(y, pd.Series):
            assert isinstance(y_syn, pd.Series) and y_syn.dtype == y.dtype
        assert set(values.tolist()) <= set(classes.tolist())
        codes = np.searchsorted(classes, values)
        if vectors is not None:
            np.testing.assert_array_equal(codes, vectors.argmax(axis=1))
        vectors = np.eye(k, dtype=np.float32)[codes]
    _check_domain(train, np.searchsorted(classes, y_seen), synthetic, vectors)


# -- regressions: bugs this fuzzer found ---------------------------------------


def test_sample_with_an_integer_one_hot_matrix():
    X = np.random.RandomState(0).normal(size=(20, 2))
    y = np.repeat([0, 1], 10)
    sampler = GANOversampler(max_steps=1, random_state=0, **TINY).fit(X, y)
    one_hot = np.eye(2, dtype=int)[[0, 1, 1]]
    outcome = _attempt(lambda: sampler.sample(3, y=one_hot, random_state=0))
    # three rows at these labels (once read as six hard labels)
    X_syn, y_syn = outcome
    assert len(X_syn) == 3
    np.testing.assert_array_equal(y_syn, one_hot.astype(np.float32))
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        sampler.sample(True)
