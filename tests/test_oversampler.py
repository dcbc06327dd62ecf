"""GANOversampler: outputs, counts, labels, determinism, side effects, errors."""

import random
import re
import warnings
from collections import Counter

import numpy as np
import pytest
import torch
from scipy import sparse
from sklearn.base import clone

from skgan import GANOversampler


def test_fit_resample_real_rows_first_then_balancing(fast, imbalanced):
    X, y = imbalanced
    X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert X_res.dtype == X.dtype and y_res.dtype == y.dtype
    np.testing.assert_array_equal(X_res[: len(X)], X)  # bit-for-bit, in order
    np.testing.assert_array_equal(y_res[: len(y)], y)
    assert Counter(y_res.tolist()) == {0: 80, 1: 80, 2: 80}
    assert np.isfinite(X_res).all()
    assert X_res.shape == (240, 5)


def test_augmentation_ratio_adds_a_share_of_every_balanced_class(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(augmentation_ratio=0.5, random_state=0, **fast)
    X_res, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 120, 1: 120, 2: 120}
    assert sampler.n_synthetic_ == {0: 40, 1: 90, 2: 110}


@pytest.mark.parametrize(
    "strategy, expected",
    [
        ("minority", {0: 80, 1: 30, 2: 80}),
        ("not majority", {0: 80, 1: 80, 2: 80}),
        ({2: 50}, {0: 80, 1: 30, 2: 50}),
        (lambda y: {1: 40}, {0: 80, 1: 40, 2: 10}),
    ],
)
def test_sampling_strategy_forms(fast, imbalanced, strategy, expected):
    X, y = imbalanced
    sampler = GANOversampler(sampling_strategy=strategy, random_state=0, **fast)
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == expected


def test_float_sampling_strategy_binary(fast, imbalanced):
    X, y = imbalanced
    keep = y < 2
    _, y_res = GANOversampler(
        sampling_strategy=0.5, random_state=0, **fast
    ).fit_resample(X[keep], y[keep])
    assert Counter(y_res.tolist()) == {0: 80, 1: 40}


def test_augmentation_without_balancing(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(
        sampling_strategy={}, augmentation_ratio=1.0, random_state=0, **fast
    )
    _, y_res = sampler.fit_resample(X, y)
    assert Counter(y_res.tolist()) == {0: 160, 1: 60, 2: 20}


def test_string_labels_keep_their_dtype(fast, imbalanced):
    X, y = imbalanced
    names = np.array(["cat", "dog", "emu"])[y]
    X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, names)
    assert y_res.dtype == names.dtype
    assert Counter(y_res.tolist()) == {"cat": 80, "dog": 80, "emu": 80}


def test_soft_labels_matrix(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(
        soft_labels=True,
        augmentation_ratio=1.0,
        interpolation=0.5,
        random_state=0,
        **fast,
    )
    X_res, y_res = sampler.fit_resample(X, y)
    assert y_res.dtype == np.float32
    assert y_res.shape == (len(X_res), 3)
    np.testing.assert_allclose(y_res.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(y_res[: len(y)], np.eye(3, dtype=np.float32)[y])
    synthetic = y_res[len(y) :]
    between = (synthetic > 0).sum(axis=1) == 2
    # half of each class's 80 extra rows (ratio 1 x balanced 80) are interpolated
    assert between.sum() == 120
    # an interpolated row's largest weight stays its own class
    assert (synthetic[between].max(axis=1) > 0.5).all()


def test_soft_labels_with_series_y(fast, imbalanced):
    pd = pytest.importorskip("pandas")
    X, y = imbalanced
    y = pd.Series(y, name="target")
    _, y_res = GANOversampler(soft_labels=True, random_state=0, **fast).fit_resample(
        X, y
    )
    assert isinstance(y_res, np.ndarray)
    assert y_res.shape == (240, 3) and y_res.dtype == np.float32


def test_interpolation_needs_soft_labels(fast, imbalanced):
    X, y = imbalanced
    with pytest.raises(ValueError, match="soft_labels=True"):
        GANOversampler(interpolation=0.3, **fast).fit_resample(X, y)


def test_same_random_state_same_rows(fast, imbalanced):
    X, y = imbalanced
    a = GANOversampler(random_state=7, **fast).fit_resample(X, y)
    b = GANOversampler(random_state=7, **fast).fit_resample(X, y)
    c = GANOversampler(random_state=8, **fast).fit_resample(X, y)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_global_random_state_and_threads_untouched(fast, imbalanced):
    X, y = imbalanced
    np_state = np.random.get_state()
    py_state = random.getstate()
    torch_state = torch.random.get_rng_state()
    threads = torch.get_num_threads()
    sampler = GANOversampler(random_state=None, **fast).fit(X, y)
    sampler.sample(5)
    assert random.getstate() == py_state
    assert torch.equal(torch.random.get_rng_state(), torch_state)
    assert torch.get_num_threads() == threads
    after = np.random.get_state()
    assert after[0] == np_state[0] and np.array_equal(after[1], np_state[1])
    assert after[2:] == np_state[2:]


def test_fitted_attributes(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    np.testing.assert_array_equal(sampler.classes_, [0, 1, 2])
    assert sampler.n_features_in_ == 5
    assert sampler.sampling_strategy_ == {1: 50, 2: 70}
    assert sampler.n_steps_ == fast["max_steps"]
    assert isinstance(sampler.history_, list) and sampler.history_
    keys = {
        "epoch",
        "step",
        "discriminator_loss",
        "generator_loss",
        "discriminator_real",
        "discriminator_fake",
    }
    scored = keys | {"validation_score"}  # tables stop early by default
    assert all(set(h) in (keys, scored) for h in sampler.history_[:-1])
    last = {"stop_reason", "n_steps", "best_step"}
    assert set(sampler.history_[-1]) in (keys | last, scored | last)
    assert sampler.history_[-1]["stop_reason"] == "max_steps"
    assert [h["epoch"] for h in sampler.history_] == list(range(len(sampler.history_)))
    assert all(np.isfinite(h["generator_loss"]) for h in sampler.history_)
    assert not any(p.requires_grad for p in sampler.generator_.parameters())
    assert next(sampler.generator_.parameters()).device.type == "cpu"


def test_sample_forms(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    X_new, y_new = sampler.sample(12, y=2, random_state=0)
    assert X_new.shape == (12, 5) and (y_new == 2).all()
    X_new, y_new = sampler.sample(y=[0, 2, 2], random_state=0)
    assert X_new.shape == (3, 5) and y_new.tolist() == [0, 2, 2]
    X_new, y_new = sampler.sample(3000, random_state=0)
    share = np.bincount(y_new, minlength=3) / 3000
    np.testing.assert_allclose(share, [80 / 120, 30 / 120, 10 / 120], atol=0.04)
    soft = np.array([[0.5, 0.5, 0.0], [0.0, 0.2, 0.8]], dtype=np.float32)
    X_new, y_new = sampler.sample(y=soft, random_state=0)
    assert X_new.shape == (2, 5)
    np.testing.assert_array_equal(y_new, soft)


def test_sample_random_state(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    a, _ = sampler.sample(20, random_state=3)
    b, _ = sampler.sample(20, random_state=3)
    c, _ = sampler.sample(20, random_state=4)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(n_samples=0), "positive integer"),
        (dict(n_samples=-3), "positive integer"),
        (dict(n_samples=2.5), "positive integer"),
        (dict(n_samples=2, y=9), "not a class seen in fit"),
        (dict(y=[0, 9]), "not a class seen in fit"),
        (dict(n_samples=3, y=[0, 1]), "n_samples=3 but y has 2 rows"),
        (dict(y=[]), "empty"),
        (dict(y=np.full((2, 2), 0.5)), "needs 3 columns"),
        (dict(y=np.full((2, 3), 0.5)), "sum to 1"),
        (dict(y=np.array([[1.5, -0.5, 0.0]])), "non-negative"),
    ],
)
def test_sample_errors(fast, imbalanced, kwargs, match):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    with pytest.raises(ValueError, match=match):
        sampler.sample(**kwargs)


def test_sample_before_fit():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        GANOversampler().sample(3)


def _with(X, row, col, value):
    X = X.copy()
    X[row, col] = value
    return X


@pytest.mark.parametrize(
    "make_input, error, match",
    [
        (lambda X, y: (_with(X, 3, 1, -np.inf), y), ValueError, "infinity"),
        (lambda X, y: (_with(X, 3, 1, np.inf), y), ValueError, "infinity"),
        (lambda X, y: (sparse.csr_matrix(X), y), TypeError, "sparse"),
        (lambda X, y: (X[:, 0], y), ValueError, "2-D"),
        (lambda X, y: (X.reshape(len(X), 5, 1, 1, 1), y), ValueError, "2-D table"),
        (lambda X, y: (X, y[:-1]), ValueError, "inconsistent numbers of samples"),
        (lambda X, y: (X, np.zeros(len(y))), ValueError, "class"),
        (lambda X, y: (X, np.linspace(0, 1, len(y))), ValueError, "continuous"),
        (lambda X, y: (X[:0], y[:0]), ValueError, "sample"),
    ],
)
def test_bad_input_errors(fast, imbalanced, make_input, error, match):
    X, y = imbalanced
    X_bad, y_bad = make_input(X, y)
    with pytest.raises(error, match=match):
        GANOversampler(**fast).fit_resample(X_bad, y_bad)


def test_non_numeric_columns_not_named_categorical(fast, imbalanced):
    X, y = imbalanced
    X_str = X.astype(str)
    with pytest.raises(ValueError, match="non-numeric values.*categorical_features"):
        GANOversampler(categorical_features=[], **fast).fit(X_str, y)
    X_obj = X.astype(object)
    X_obj[:, 1] = np.where(y == 0, "low", "high")
    X_obj[:, 2] = "text"
    with pytest.raises(ValueError, match="Column 2 holds non-numeric values"):
        GANOversampler(categorical_features=[1], **fast).fit(X_obj, y)


def test_string_array_columns_are_categorical_by_default(fast):
    rng = np.random.RandomState(0)
    X = np.array(["a", "b", "c"], dtype=object)[rng.randint(0, 3, (40, 2))]
    y = np.repeat([0, 1], [30, 10])
    X_res, _ = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert X_res.dtype == object and X_res.shape == (60, 2)
    assert set(X_res.ravel()) <= {"a", "b", "c"}


def _numbers_as_text(n=40):
    rng = np.random.RandomState(0)
    X = np.empty((n, 3), dtype="<U16")
    X[:, 0] = rng.normal(size=n).round(3).astype(str)
    X[:, 1] = rng.choice(["red", "blue"], n)
    X[:, 2] = rng.randint(0, 9, n).astype(str)
    X[5, 2] = "heavy"  # 39 of 40 cells are numbers: still looks numeric
    return X, np.repeat([0, 1], [n - 10, 10])


def test_a_string_array_of_numbers_warns_that_every_column_is_categorical(fast):
    X, y = _numbers_as_text()
    with pytest.warns(UserWarning) as caught:
        GANOversampler(random_state=0, **fast).fit(X, y)
    (message,) = [str(w.message) for w in caught if "categorical" in str(w.message)]
    assert "columns [0, 2] look numeric" in message
    assert "X.astype(float)" in message and "DataFrame" in message


@pytest.mark.parametrize("form", ["text", "floats"])
def test_no_warning_for_text_columns_or_float_arrays(fast, form):
    X, y = _numbers_as_text()
    if form == "text":
        X = X[:, [1]]
    else:
        X = np.where(X == "heavy", "1", X)[:, [0, 2]].astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        GANOversampler(random_state=0, **fast).fit(X, y)


def test_no_warning_when_categorical_features_are_named(fast):
    X, y = _numbers_as_text()
    X[5, 2] = "4"
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        GANOversampler(categorical_features=[1], random_state=0, **fast).fit(X, y)


@pytest.mark.parametrize(
    "params",
    [
        dict(augmentation_ratio=-0.1),
        dict(interpolation=1.5),
        dict(latent_dim=0),
        dict(generator_learning_rate=0.0),
        dict(batch_size=0),
        dict(max_steps=0),
        dict(ema_decay=1.0),
        dict(truncation=0.0),
        dict(device="tpu"),
        dict(generator_hidden_sizes=5),
        dict(sampling_strategy="most"),
    ],
)
def test_bad_parameters(fast, imbalanced, params):
    X, y = imbalanced
    with pytest.raises(ValueError):
        GANOversampler(**{**fast, **params}).fit_resample(X, y)


def test_bad_hidden_sizes_message(fast, imbalanced):
    X, y = imbalanced
    params = {**fast, "generator_hidden_sizes": (16, 0)}
    with pytest.raises(ValueError, match="generator_hidden_sizes"):
        GANOversampler(**params).fit(X, y)


def test_single_row_class_is_learned(fast, imbalanced):
    X, y = imbalanced
    X = np.vstack([X, np.full((1, 5), 20.0)])
    y = np.append(y, 3)
    X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert Counter(y_res.tolist())[3] == 80
    assert np.isfinite(X_res).all()


def _few_rows_warnings(caught):
    return [
        str(w.message)
        for w in caught
        if issubclass(w.category, UserWarning)
        and re.search("training (row|sample)", str(w.message))
    ]


@pytest.mark.parametrize("method", ["fit", "fit_resample"])
def test_a_one_row_class_warns_that_its_rows_are_copies(fast, imbalanced, method):
    X, y = imbalanced
    X = np.vstack([X, np.full((1, 5), 20.0)])
    y = np.append(y, 3)
    sampler = GANOversampler(random_state=0, **fast)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = getattr(sampler, method)(X, y)
    (message,) = _few_rows_warnings(caught)
    assert "Class 3 has 1 training row" in message
    assert "exact copies" in message
    assert "Class 2" not in message  # 10 rows are enough
    if method == "fit_resample":  # what the warning says is what happens
        X_res, y_res = result
        synthetic = X_res[len(X) :][y_res[len(X) :] == 3]
        assert len(synthetic) == 79 and (synthetic == 20.0).all()


def test_classes_of_two_to_four_rows_warn_with_what_their_rows_can_be(fast):
    rng = np.random.RandomState(0)
    counts = {"a": 60, "b": 2, "c": 4, "d": 5}
    X = np.vstack(
        [rng.normal(3.0 * k, 1.0, (n, 3)) for k, n in enumerate(counts.values())]
    )
    y = np.repeat(list(counts), list(counts.values()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    (message,) = _few_rows_warnings(caught)
    assert "Class 'b' has 2 training rows" in message
    assert "Class 'c' has 4 training rows" in message
    assert "'d'" not in message and "'a'" not in message
    assert "range" in message and "fewer than 5" in message
    for label in ("b", "c"):  # within those rows' range, as the warning says
        real = X[y == label]
        synthetic = X_res[len(X) :][y_res[len(X) :] == label]
        assert len(synthetic) and (synthetic >= real.min(axis=0)).all()
        assert (synthetic <= real.max(axis=0)).all()


def test_a_one_sample_class_of_sequences_warns_of_near_copies(fast):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(21, 8, 2)).astype(np.float32)
    y = np.repeat([0, 1], [20, 1])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        GANOversampler(random_state=0, **fast).fit(X, y)
    (message,) = _few_rows_warnings(caught)
    assert "Class 1 has 1 training sample" in message and "near-copies" in message


def test_classes_of_five_rows_or_more_do_not_warn(fast, imbalanced):
    X, y = imbalanced
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        GANOversampler(random_state=0, **fast).fit_resample(X[5:], y[5:])
    assert _few_rows_warnings(caught) == []


def test_constant_and_integer_columns(fast, imbalanced):
    X, y = imbalanced
    X = np.column_stack([X, np.full(len(X), 4.0), np.arange(len(X)) % 7])
    X_res, _ = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    synthetic = X_res[len(X) :]
    assert (synthetic[:, 5] == 4.0).all()
    assert (synthetic[:, 6] == np.round(synthetic[:, 6])).all()
    assert synthetic[:, 6].min() >= 0 and synthetic[:, 6].max() <= 6
    # numeric values stay within the training range
    assert (synthetic[:, :5] >= X[:, :5].min(axis=0)).all()
    assert (synthetic[:, :5] <= X[:, :5].max(axis=0)).all()


def test_all_constant_columns(fast):
    X = np.ones((20, 3))
    y = np.repeat([0, 1], [15, 5])
    X_res, y_res = GANOversampler(random_state=0, **fast).fit_resample(X, y)
    assert X_res.shape == (30, 3) and (X_res == 1.0).all()


def test_verbose_shows_a_progress_bar_and_quiet_prints_nothing(fast, imbalanced, capfd):
    X, y = imbalanced
    GANOversampler(random_state=0, **fast).fit(X, y)
    assert capfd.readouterr() == ("", "")
    GANOversampler(random_state=0, verbose=1, **fast).fit(X, y)
    out, err = capfd.readouterr()
    assert out == ""  # the bar goes to stderr: a CSV on stdout stays clean
    n = fast["max_steps"]
    assert f"{n}/{n}" in err and "D loss" in err and "G loss" in err


def test_clone_and_params_round_trip(fast):
    sampler = GANOversampler(augmentation_ratio=0.3, **fast)
    clone_ = clone(sampler)
    assert clone_.get_params() == sampler.get_params()
    clone_.set_params(augmentation_ratio=0.7)
    assert clone_.augmentation_ratio == 0.7 and sampler.augmentation_ratio == 0.3


def test_cuda_request_without_cuda(fast, imbalanced):
    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    X, y = imbalanced
    with pytest.raises(ValueError, match="CUDA"):
        GANOversampler(device="cuda", **fast).fit(X, y)


@pytest.mark.gpu
def test_trained_on_gpu_samples_on_cpu(fast, imbalanced):
    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA device")
    X, y = imbalanced
    sampler = GANOversampler(device="cuda", random_state=0, **fast).fit(X, y)
    assert next(sampler.generator_.parameters()).device.type == "cpu"
    X_new, _ = sampler.sample(10, y=1, random_state=0)
    assert np.isfinite(X_new).all()


def test_fit_resample_memory_is_the_output_and_little_more():
    """The output is allocated once and synthetic rows are decoded into it
    batch by batch: numpy's peak is about the output array (1.8x the input
    here), not several copies of it."""
    import tracemalloc

    rng = np.random.RandomState(0)
    y = (rng.rand(50_000) < 0.1).astype(int)
    X = rng.normal(size=(50_000, 20)) + y[:, None]
    sampler = GANOversampler(max_steps=3, random_state=0)
    sampler.fit_resample(X[:500], y[:500])  # one-time set-up outside the peak
    tracemalloc.start()
    try:
        X_res, _ = sampler.fit_resample(X, y)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert X_res.nbytes / X.nbytes == pytest.approx(1.8, abs=0.02)
    assert peak < 2.5 * X.nbytes, peak / X.nbytes


def test_batched_decoding_gives_the_rows_of_one_batch(fast, imbalanced, monkeypatch):
    """Decoding batch by batch into the output (soft labels, some rows
    between two classes) gives exactly the rows of decoding all at once."""
    import skgan._model

    X, y = imbalanced
    sampler = GANOversampler(
        random_state=0,
        augmentation_ratio=2.0,
        soft_labels=True,
        interpolation=0.5,
        **fast,
    )
    X_one, Y_one = sampler.fit_resample(X, y)
    original = skgan._model.iter_generate

    def in_pieces(*args, **kwargs):
        for start, rows in original(*args, **kwargs):
            for offset in range(0, len(rows), 7):
                yield start + offset, rows[offset : offset + 7]

    monkeypatch.setattr(skgan._model, "iter_generate", in_pieces)
    X_pieces, Y_pieces = sampler.fit_resample(X, y)
    assert len(X_one) - len(X) > 7 * 10
    np.testing.assert_array_equal(X_pieces, X_one)
    np.testing.assert_array_equal(Y_pieces, Y_one)
