"""Requests for more rows than memory holds are refused before any work."""

import numpy as np
import pandas as pd
import pytest

from skgan import GANOversampler, _memory


def test_available_memory_is_a_positive_number_of_bytes():
    available = _memory.available_memory()
    assert available is None or available > 0


def test_row_bytes_counts_cells_and_labels():
    assert _memory.row_bytes((5,), np.float64, 2, False) == 5 * 8 + 2 * 4 + 8
    assert _memory.row_bytes((5,), np.float64, 3, True) == 5 * 8 + 3 * 4 + 3 * 4
    assert _memory.row_bytes((16, 1, 2), np.float32, 2, False) == 32 * 4 + 16
    assert _memory.row_bytes((3,), object, 2, False) == 3 * 32 + 16


def test_check_request_names_the_need_and_the_memory_available(monkeypatch):
    monkeypatch.setattr(_memory, "available_memory", lambda: 2 * 1024**3)
    _memory.check_request(1000, 100, "this", "Do less.")  # 100 KB: fine
    with pytest.raises(ValueError) as error:
        _memory.check_request(1e8, 100, "sample(n_samples=100000000)", "Do less.")
    message = str(error.value)
    assert "100,000,000 synthetic rows" in message
    assert "about 9.3 GB of memory; 2.0 GB is available. Do less." in message
    with pytest.raises(ValueError, match="an unbounded number of synthetic rows"):
        _memory.check_request(np.inf, 100, "this", "Do less.")


def test_unknown_available_memory_still_refuses_uncountable_requests(monkeypatch):
    monkeypatch.setattr(_memory, "available_memory", lambda: None)
    _memory.check_request(1e9, 100, "this", "Do less.")  # cannot tell: allowed
    with pytest.raises(ValueError, match="more than an exabyte"):
        _memory.check_request(1e300, 100, "this", "Do less.")


@pytest.mark.parametrize("ratio", [1e12, 1e300])
def test_a_huge_augmentation_ratio_is_refused_before_training(fast, imbalanced, ratio):
    X, y = imbalanced
    sampler = GANOversampler(augmentation_ratio=ratio, random_state=0, **fast)
    with pytest.raises(ValueError, match=r"augmentation_ratio=.* asks for") as error:
        sampler.fit_resample(X, y)
    assert "Lower augmentation_ratio" in str(error.value)


def test_a_request_just_over_the_available_memory_is_refused(
    fast, imbalanced, monkeypatch
):
    X, y = imbalanced  # 120 rows of 5 floats: 120 * 64 bytes before resampling
    monkeypatch.setattr(_memory, "available_memory", lambda: 100_000)
    GANOversampler(augmentation_ratio=1.0, random_state=0, **fast).fit_resample(X, y)
    sampler = GANOversampler(augmentation_ratio=10.0, random_state=0, **fast)
    with pytest.raises(ValueError, match="100,000 bytes|97.7 KB is available"):
        sampler.fit_resample(X, y)


def test_a_huge_sample_is_refused_and_the_sampler_still_samples(fast, imbalanced):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    with pytest.raises(ValueError, match=r"sample\(n_samples=10000000000000\)"):
        sampler.sample(10**13)
    with pytest.raises(ValueError, match="smaller calls to sample"):
        sampler.sample(10**13, y=1)
    assert sampler.sample(3, random_state=0)[0].shape == (3, 5)


def test_categorical_rows_are_counted_as_objects(fast, monkeypatch):
    X = pd.DataFrame({"a": np.arange(40.0), "b": list("xy") * 20})
    y = np.repeat([0, 1], [30, 10])
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    # 2 object cells of 32 bytes plus a 16-byte label: 80 bytes a row
    monkeypatch.setattr(_memory, "available_memory", lambda: 80 * 1000)
    sampler.sample(1000, random_state=0)
    with pytest.raises(ValueError, match="1,001 synthetic rows"):
        sampler.sample(1001, random_state=0)
