"""AugmentedClassifier: a sampler and any classifier in a plain sklearn Pipeline."""

import joblib
import numpy as np
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from skgan import AugmentedClassifier, GANOversampler
from skgan._classifier import expand_soft_labels
from tests.conftest import FAST


def _soft_sampler(**extra):
    params = dict(
        augmentation_ratio=0.5, soft_labels=True, interpolation=0.5, random_state=0
    )
    params.update(FAST)
    params.update(extra)
    return GANOversampler(**params)


class RecordingLogisticRegression(LogisticRegression):
    """Keeps what fit received, to check the expansion exactly."""

    def fit(self, X, y, sample_weight=None):
        self.seen_ = (np.asarray(X).copy(), np.asarray(y).copy(), sample_weight)
        return super().fit(X, y, sample_weight=sample_weight)


def test_expand_soft_labels_rows_and_weights():
    X = np.arange(8.0).reshape(4, 2)
    Y = np.array([[1, 0, 0], [0, 1, 0], [0.25, 0, 0.75], [0.5, 0.5, 0]], np.float32)
    X_hard, y_hard, weight = expand_soft_labels(
        X, Y, np.array(["a", "b", "c"]), np.array([1.0, 2.0, 2.0, 4.0])
    )
    np.testing.assert_array_equal(X_hard, X[[0, 1, 2, 2, 3, 3]])
    np.testing.assert_array_equal(y_hard, ["a", "b", "a", "c", "a", "b"])
    np.testing.assert_allclose(weight, [1.0, 2.0, 0.5, 1.5, 2.0, 2.0])


def test_soft_labels_reach_the_estimator_as_weights(imbalanced):
    X, y = imbalanced
    clf = AugmentedClassifier(
        RecordingLogisticRegression(max_iter=500), _soft_sampler()
    )
    clf.fit(X, y)
    X_seen, y_seen, weight = clf.estimator_.seen_
    X_res, Y_res = clf.sampler_.fit_resample(X, y)  # same seed, same rows
    rows, cols = np.nonzero(Y_res)
    assert len(X_seen) == len(rows) > len(X_res)  # interpolated rows split in two
    np.testing.assert_array_equal(X_seen, X_res[rows])
    np.testing.assert_array_equal(y_seen, clf.classes_[cols])
    np.testing.assert_allclose(weight, Y_res[rows, cols])
    np.testing.assert_array_equal(X_seen[: len(X)], X)  # real rows first, weight 1
    assert (weight[: len(X)] == 1).all()
    # total weight is one per resampled row
    assert weight.sum() == pytest.approx(len(X_res), rel=1e-6)


def test_user_sample_weight_is_combined(imbalanced):
    X, y = imbalanced
    sw = np.linspace(1.0, 3.0, len(y))
    clf = AugmentedClassifier(
        RecordingLogisticRegression(max_iter=500), _soft_sampler()
    )
    clf.fit(X, y, sample_weight=sw)
    _, _, weight = clf.estimator_.seen_
    np.testing.assert_allclose(weight[: len(y)], sw)
    X_res, Y_res = clf.sampler_.fit_resample(X, y)
    rows, cols = np.nonzero(Y_res[len(y) :])
    np.testing.assert_allclose(
        weight[len(y) :], sw.mean() * Y_res[len(y) :][rows, cols]
    )


@pytest.mark.parametrize(
    "sampler", [RandomOverSampler(random_state=0), RandomUnderSampler(random_state=0)]
)
def test_sample_weight_follows_indices_of_imblearn_samplers(imbalanced, sampler):
    X, y = imbalanced
    sw = np.arange(1.0, len(y) + 1)
    clf = AugmentedClassifier(RecordingLogisticRegression(max_iter=500), sampler)
    clf.fit(X, y, sample_weight=sw)
    _, _, weight = clf.estimator_.seen_
    np.testing.assert_array_equal(weight, sw[clf.sampler_.sample_indices_])


def test_soft_label_weights_reach_the_last_step_of_a_pipeline(imbalanced):
    X, y = imbalanced
    pipe = Pipeline(
        [("scale", StandardScaler()), ("lr", RecordingLogisticRegression(max_iter=500))]
    )
    clf = AugmentedClassifier(pipe, _soft_sampler()).fit(X, y)
    _, y_seen, weight = clf.estimator_.named_steps["lr"].seen_
    X_res, Y_res = clf.sampler_.fit_resample(X, y)
    rows, cols = np.nonzero(Y_res)
    np.testing.assert_allclose(weight, Y_res[rows, cols])
    np.testing.assert_array_equal(y_seen, clf.classes_[cols])
    # a pipeline ending in an estimator without sample_weight: the same clear error
    with pytest.raises(ValueError, match="Use hard labels"):
        AugmentedClassifier(
            make_pipeline(StandardScaler(), KNeighborsClassifier(3)), _soft_sampler()
        ).fit(X, y)


def test_hard_labels_need_no_sample_weight(imbalanced):
    X, y = imbalanced
    clf = AugmentedClassifier(
        KNeighborsClassifier(3), GANOversampler(random_state=0, **FAST)
    ).fit(X, y)
    assert clf.predict(X).shape == y.shape
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2])
    assert clf.predict_proba(X).shape == (len(y), 3)
    assert not hasattr(clf, "decision_function")  # kNN has none
    assert clf.score(X, y) > 0.8


def test_soft_labels_without_sample_weight_is_a_clear_error(imbalanced):
    X, y = imbalanced
    clf = AugmentedClassifier(KNeighborsClassifier(3), _soft_sampler())
    with pytest.raises(ValueError, match="Use hard labels"):
        clf.fit(X, y)


def test_default_sampler_is_a_gan_and_prediction_never_resamples(
    imbalanced, monkeypatch
):
    X, y = imbalanced
    clf = AugmentedClassifier(LogisticRegression(max_iter=500))
    monkeypatch.setattr(GANOversampler, "__init__", _fast_init(GANOversampler.__init__))
    clf.fit(X, y)
    assert isinstance(clf.sampler_, GANOversampler)
    calls = []
    monkeypatch.setattr(GANOversampler, "fit_resample", lambda *a, **k: calls.append(1))
    clf.predict(X), clf.predict_proba(X), clf.decision_function(X), clf.score(X, y)
    assert calls == []


def _fast_init(init):
    def fast_init(self, **params):
        init(self, **{**FAST, **params})

    return fast_init


@pytest.mark.slow
def test_plain_pipeline_grid_search_and_persistence(imbalanced, tmp_path):
    X, y = imbalanced
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            (
                "clf",
                AugmentedClassifier(LogisticRegression(max_iter=500), _soft_sampler()),
            ),
        ]
    )
    search = GridSearchCV(
        pipe,
        {
            "clf__sampler__augmentation_ratio": [0.0, 1.0],
            "clf__sampler__interpolation": [0.0, 0.5],
        },
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        scoring="balanced_accuracy",
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    path = tmp_path / "model.joblib"
    joblib.dump(search.best_estimator_, path)
    loaded = joblib.load(path)
    np.testing.assert_array_equal(loaded.predict(X), search.predict(X))
    np.testing.assert_array_equal(loaded.predict_proba(X), search.predict_proba(X))


def test_cross_validate_with_smote(imbalanced):
    X, y = imbalanced
    scores = cross_validate(
        make_pipeline(
            StandardScaler(),
            AugmentedClassifier(LogisticRegression(max_iter=500), SMOTE(k_neighbors=3)),
        ),
        X,
        y,
        cv=StratifiedKFold(3, shuffle=True, random_state=0),
        scoring="balanced_accuracy",
    )
    assert (scores["test_score"] > 0.8).all()


@parametrize_with_checks(
    [AugmentedClassifier(LogisticRegression(), GANOversampler(random_state=0, **FAST))],
    expected_failed_checks=lambda estimator: {
        "check_sample_weight_equivalence_on_dense_data": (
            "the sampler sees no weights: the synthetic rows for repeated rows and "
            "for weighted rows differ"
        )
    },
)
def test_sklearn_classifier_checks(estimator, check):
    check(estimator)
