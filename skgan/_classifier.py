"""AugmentedClassifier: resample the training data, then fit any classifier.

scikit-learn's own ``Pipeline`` cannot hold a sampler, and its classifiers
reject probability targets. ``AugmentedClassifier`` is a classifier that does
both jobs in ``fit``: it resamples with a sampler and fits a clone of the
estimator on the result, turning soft labels into weighted hard labels.
Prediction never resamples.
"""

import numpy as np
from sklearn import get_config
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.pipeline import Pipeline
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import (
    _check_sample_weight,
    _num_samples,
    check_is_fitted,
    column_or_1d,
    has_fit_parameter,
)

from skgan._oversampler import GANOversampler
from skgan._validation import is_dataframe, read_array_like


def _estimator_has(attr):
    def check(self):
        if hasattr(self, "estimator_"):
            return hasattr(self.estimator_, attr)
        return hasattr(self.estimator, attr)

    return check


def expand_soft_labels(X, Y, classes, sample_weight=None):
    """One row per (row, class) with non-zero probability, weighted by it.

    Parameters
    ----------
    X : {ndarray, dataframe} of shape (n_samples, ...)
        Rows (any trailing shape).
    Y : ndarray of shape (n_samples, n_classes)
        Label probabilities, columns in ``classes`` order.
    classes : ndarray of shape (n_classes,)
        The class of each column.
    sample_weight : ndarray of shape (n_samples,) or None
        Row weights, multiplied into the probabilities.

    Returns
    -------
    X_hard : {ndarray, dataframe} of shape (n_expanded, ...)
        The rows, each repeated once per class it has a probability for, in
        order (a one-hot row appears once).
    y_hard : ndarray of shape (n_expanded,)
        The class of each expanded row.
    weight : ndarray of shape (n_expanded,)
        Probability times the row's weight.
    """
    rows, cols = np.nonzero(Y)
    weight = Y[rows, cols].astype(np.float64)
    if sample_weight is not None:
        weight = weight * sample_weight[rows]
    X_hard = X.iloc[rows] if is_dataframe(X) else np.asarray(X)[rows]
    return X_hard, np.asarray(classes)[cols], weight


class AugmentedClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """A classifier trained on resampled data: a sampler, then an estimator.

    ``fit`` resamples ``(X, y)`` with a clone of ``sampler`` and fits a clone
    of ``estimator`` on the result; ``predict``, ``predict_proba``,
    ``decision_function`` and ``score`` use that fitted estimator on the data
    as it is (prediction never resamples). Use it as the last step of a plain
    :class:`sklearn.pipeline.Pipeline`, where a sampler cannot go, and search
    the sampler's parameters as ``<step>__sampler__<name>``.

    Soft labels reach any classifier that takes ``sample_weight``: a row
    whose label is a probability over classes (``soft_labels=True``, rows
    drawn between classes by ``interpolation``) becomes one row per class
    with a non-zero probability, weighted by that probability.

    Parameters
    ----------
    estimator : estimator object
        The classifier to fit on the resampled data (cloned). It may be a
        :class:`~sklearn.pipeline.Pipeline` (preprocessing fitted on the
        resampled rows); weights then go to its last step as
        ``<step>__sample_weight``.

    sampler : sampler object, default=None
        An imbalanced-learn sampler (anything with ``fit_resample``); None
        uses ``GANOversampler()``. Cloned at every ``fit``.

    Attributes
    ----------
    estimator_ : estimator object
        The fitted clone of ``estimator``.

    sampler_ : sampler object
        The fitted clone of ``sampler``.

    classes_ : ndarray of shape (n_classes,)
        The class labels.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names, when X was a DataFrame with string column names.

    See Also
    --------
    imblearn.pipeline.Pipeline : A pipeline that holds samplers as steps.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skgan import AugmentedClassifier, GANOversampler
    >>> X, y = make_classification(n_samples=200, weights=[0.9, 0.1], random_state=0)
    >>> sampler = GANOversampler(augmentation_ratio=0.5, soft_labels=True,
    ...                          interpolation=0.5, max_steps=20, random_state=0)
    >>> model = make_pipeline(
    ...     StandardScaler(), AugmentedClassifier(LogisticRegression(), sampler)
    ... ).fit(X, y)
    >>> model.predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"])],
        "sampler": [HasMethods(["fit_resample"]), None],
    }

    def __init__(self, estimator, sampler=None):
        self.estimator = estimator
        self.sampler = sampler

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Resample ``(X, y)`` and fit the estimator on the result.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Training data (any input the sampler accepts).

        y : array-like of shape (n_samples,)
            Class labels.

        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the real rows. Synthetic rows weigh the mean weight of
            the real rows (times their label probability, for soft labels).
            Needs a sampler that keeps the real rows first (over-samplers) or
            records ``sample_indices_`` (under-samplers).

        Returns
        -------
        self : AugmentedClassifier
            The fitted classifier.

        Raises
        ------
        ValueError
            If the sampler returns soft labels and the estimator's ``fit``
            takes no ``sample_weight``, or ``sample_weight`` cannot be matched
            to the resampled rows.

        Examples
        --------
        >>> from sklearn.datasets import make_classification
        >>> from sklearn.linear_model import LogisticRegression
        >>> from skgan import AugmentedClassifier, GANOversampler
        >>> X, y = make_classification(n_samples=200, weights=[0.9, 0.1],
        ...                            random_state=0)
        >>> model = AugmentedClassifier(
        ...     LogisticRegression(), GANOversampler(max_steps=20, random_state=0)
        ... ).fit(X, y)
        >>> model.sampler_.n_synthetic_  # the rows the estimator also saw
        {0: 0, 1: 158}
        """
        sampler = GANOversampler() if self.sampler is None else clone(self.sampler)
        estimator = clone(self.estimator)
        weight_param = _weight_parameter(estimator)
        takes_weight = weight_param is not None
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, np.empty(_num_samples(X))
            )
            if not takes_weight:
                raise ValueError(
                    f"{type(estimator).__name__}.fit takes no sample_weight; fit "
                    "AugmentedClassifier without sample_weight, or use an "
                    "estimator that accepts it."
                )
        X, y = read_array_like(X), read_array_like(y)
        if np.ndim(y) == 2 and np.shape(y)[1] == 1:
            y = column_or_1d(y, warn=True)  # a column vector, as classifiers warn
        X_res, y_res = sampler.fit_resample(X, y)
        n_real = _num_samples(X)
        weight = None
        if sample_weight is not None:
            weight = _resampled_weights(sampler, sample_weight, n_real, len(y_res))
        soft = np.ndim(y_res) == 2 and np.asarray(y_res).dtype.kind == "f"
        if soft:
            if not takes_weight:
                raise ValueError(
                    f"The sampler returns soft labels, which reach "
                    f"{type(estimator).__name__} only as sample weights, and its fit "
                    "takes no sample_weight. Use hard labels (soft_labels=False on "
                    "the sampler, and interpolation=0) or an estimator that accepts "
                    "sample_weight."
                )
            X_res, y_res, weight = expand_soft_labels(
                X_res, np.asarray(y_res), sampler.classes_, weight
            )
        if weight is None:
            estimator.fit(X_res, y_res)
        else:
            estimator.fit(X_res, y_res, **{weight_param: weight})
        self.sampler_ = sampler
        self.estimator_ = estimator
        self.classes_ = estimator.classes_
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(sampler, name):
                setattr(self, name, getattr(sampler, name))
        return self

    def predict(self, X):
        """Predict classes with the fitted estimator (no resampling).

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Data to classify.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted classes.

        Examples
        --------
        >>> from sklearn.datasets import make_classification
        >>> from sklearn.linear_model import LogisticRegression
        >>> from skgan import AugmentedClassifier, GANOversampler
        >>> X, y = make_classification(n_samples=200, weights=[0.9, 0.1],
        ...                            random_state=0)
        >>> model = AugmentedClassifier(
        ...     LogisticRegression(), GANOversampler(max_steps=20, random_state=0)
        ... ).fit(X, y)
        >>> model.predict(X[:5]).shape
        (5,)
        """
        check_is_fitted(self)
        return self.estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from the fitted estimator.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Data to classify.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities, columns in ``classes_`` order.
        """
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log class probabilities from the fitted estimator.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Data to classify.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log probabilities, columns in ``classes_`` order.
        """
        check_is_fitted(self)
        return self.estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision scores from the fitted estimator.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Data to classify.

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            The estimator's decision function.
        """
        check_is_fitted(self)
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        sampler = GANOversampler() if self.sampler is None else self.sampler
        tags.input_tags.sparse = False
        # missing values reach the estimator through the resampled rows
        tags.input_tags.allow_nan = (
            get_tags(self.estimator).input_tags.allow_nan
            and get_tags(sampler).input_tags.allow_nan
        )
        tags.input_tags.string = (
            get_tags(self.estimator).input_tags.string
            and get_tags(sampler).input_tags.string
        )
        return tags


def _weight_parameter(estimator):
    """The keyword of ``estimator.fit`` that takes row weights, or None.

    A Pipeline takes them for its last step as ``<step>__sample_weight``
    (or as ``sample_weight`` when metadata routing is on, routed to the steps
    that request it).
    """
    if has_fit_parameter(estimator, "sample_weight"):
        return "sample_weight"
    if isinstance(estimator, Pipeline):
        if get_config().get("enable_metadata_routing", False):
            return "sample_weight"
        name, last = estimator.steps[-1]
        if last is not None and last != "passthrough":
            inner = _weight_parameter(last)
            if inner is not None:
                return f"{name}__{inner}"
    return None


def _resampled_weights(sampler, sample_weight, n_real, n_resampled):
    """The user's weights carried over to the resampled rows."""
    indices = getattr(sampler, "sample_indices_", None)
    if indices is not None and len(indices) == n_resampled:
        return sample_weight[indices]
    if getattr(sampler, "_sampling_type", None) == "over-sampling":
        # over-samplers return the real rows first, then the synthetic ones
        extra = np.full(n_resampled - n_real, sample_weight.mean())
        return np.concatenate([sample_weight, extra])
    raise ValueError(
        f"Cannot tell which resampled rows {type(sampler).__name__} kept, so "
        "sample_weight cannot follow them. Use an over-sampler or a sampler that "
        "sets sample_indices_, or fit without sample_weight."
    )
