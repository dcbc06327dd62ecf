"""How many synthetic rows, and at which label vectors."""

import numpy as np
import pytest

from skgan._counts import synthetic_counts, synthetic_labels


def test_counts_balance_then_add_a_share():
    balancing, extra = synthetic_counts(np.array([100, 40, 10]), [0, 60, 90], 0.5)
    np.testing.assert_array_equal(balancing, [0, 60, 90])
    np.testing.assert_array_equal(extra, [50, 50, 50])


@pytest.mark.parametrize("interpolation", [0.0, 0.4, 1.0])
def test_labels_are_probability_rows_class_by_class(interpolation):
    balancing, extra = np.array([0, 30, 50]), np.array([10, 10, 10])
    labels = synthetic_labels(balancing, extra, interpolation, np.random.RandomState(0))
    assert labels.dtype == np.float32 and labels.shape == (110, 3)
    np.testing.assert_allclose(labels.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(
        np.bincount(labels.argmax(axis=1), minlength=3), balancing + extra
    )
    soft = (labels > 0).sum(axis=1) == 2
    assert soft.sum() == 3 * round(interpolation * 10)
    assert (labels[soft].max(axis=1) > 0.5).all()


def test_one_class_never_interpolates():
    labels = synthetic_labels(
        np.array([0]), np.array([5]), 1.0, np.random.RandomState(0)
    )
    np.testing.assert_array_equal(labels, np.ones((5, 1), np.float32))


def test_interpolated_labels_keep_their_class_largest_in_float32():
    # found by reading the code with tests/test_fuzz.py's count property in
    # mind: 0.5 * u for u just below 1 rounds to 0.5 in float32, a tie that
    # argmax broke towards the other class when it came first
    class AlmostOne(np.random.RandomState):
        def random_sample(self, size=None):
            return np.full(size, 1.0 - 2.0**-40)

    labels = synthetic_labels(np.array([0, 0]), np.array([0, 4]), 1.0, AlmostOne(0))
    assert (labels[:, 1] > labels[:, 0]).all()
    np.testing.assert_array_equal(labels.argmax(axis=1), [1, 1, 1, 1])
