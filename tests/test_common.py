"""scikit-learn's and imbalanced-learn's estimator checks, with small GAN settings.

Every check passes, on the newest releases and on the minimum versions.
(scikit-learn 1.6.1's check_positive_only_tag_during_fit subtracts a float
in place from int32 X, which numpy refuses, unless the estimator's tags allow
NaN: then X is float64. GANOversampler allows NaN, so it passes there too.)
"""

import os
import subprocess
import sys

import numpy as np
import pytest
from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.datasets import load_iris
from sklearn.utils import get_tags
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from skgan import GANOversampler

from .conftest import FAST

ESTIMATORS = [GANOversampler(random_state=0, **FAST)]


def _as_list(mark):
    """A parametrize mark with its values in a list: imbalanced-learn's
    ``parametrize_with_checks`` (and scikit-learn's before 1.7) passes a
    generator, which pytest deprecates."""
    names, values = mark.args
    return pytest.mark.parametrize(names, list(values), **mark.kwargs)


@_as_list(sklearn_checks(ESTIMATORS))
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@_as_list(imblearn_checks(ESTIMATORS))
def test_imblearn_compatible_estimator(estimator, check):
    check(estimator)


def test_negative_input_fits_on_every_scikit_learn():
    """What check_positive_only_tag_during_fit means, checked here on every
    scikit-learn: the positive_only tag is False, so negative values fit,
    floats and the integer codes the categorical tag makes the check use."""
    X, y = load_iris(return_X_y=True)
    assert not get_tags(ESTIMATORS[0]).input_tags.positive_only
    codes = np.round(X - X.min()).astype(np.int32)
    codes -= codes.mean().astype(np.int32)
    for negative in (X - X.mean(), codes):
        assert negative.min() < 0
        GANOversampler(random_state=0, **FAST).fit(negative, y)


@pytest.mark.slow
def test_the_checks_are_collected_without_pytest_deprecation_warnings():
    """parametrize takes the checks as a list: pytest deprecates generators."""
    here = os.path.dirname(os.path.abspath(__file__))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "error::pytest.PytestDeprecationWarning",
            os.path.join(here, "test_common.py"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=os.path.dirname(here),
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "PytestRemovedIn" not in result.stdout + result.stderr
