"""scikit-learn's and imbalanced-learn's estimator checks, with small GAN settings.

Every check passes: no expected failures are declared.
"""

from imblearn.utils.estimator_checks import parametrize_with_checks as imblearn_checks
from sklearn.utils.estimator_checks import parametrize_with_checks as sklearn_checks

from skgan import GANOversampler

from .conftest import FAST

ESTIMATORS = [GANOversampler(random_state=0, **FAST)]


@sklearn_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@imblearn_checks(ESTIMATORS)
def test_imblearn_compatible_estimator(estimator, check):
    check(estimator)
