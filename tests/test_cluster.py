"""The README's recipe: a grid search run on a dask cluster through joblib."""

import logging
import os

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from tests.test_workflows import _pipeline


def _pid(estimator, X, y):
    """A 'score' that says which process fitted the candidate."""
    return os.getpid()


def _search_on_cluster(search, X, y):
    import joblib
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        with joblib.parallel_config(backend="dask"):
            search.fit(X, y)
        return set(client.run(os.getpid).values())


@pytest.mark.slow
def test_grid_search_on_a_dask_local_cluster(fast, imbalanced):
    X, y = imbalanced
    grid = {"ganoversampler__augmentation_ratio": [0.0, 0.5]}
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    scoring = {"bal_acc": "balanced_accuracy", "pid": _pid}

    def search():
        return GridSearchCV(
            _pipeline(fast), grid, cv=cv, scoring=scoring, refit="bal_acc", n_jobs=-1
        )

    local = search().fit(X, y)
    on_cluster = search()
    # dask's nanny writes OMP_NUM_THREADS=1 and friends into this process's
    # environment to hand them to its workers: give the environment back
    saved = dict(os.environ)
    try:
        worker_pids = _search_on_cluster(on_cluster, X, y)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    pids = {
        int(on_cluster.cv_results_[f"split{i}_test_pid"][j])
        for i in range(2)
        for j in range(2)
    }
    assert pids <= worker_pids and os.getpid() not in pids  # fitted on the workers
    np.testing.assert_array_equal(
        on_cluster.cv_results_["mean_test_bal_acc"],
        local.cv_results_["mean_test_bal_acc"],
    )
    assert on_cluster.best_params_ == local.best_params_
    assert on_cluster.best_estimator_.predict(X).shape == y.shape
