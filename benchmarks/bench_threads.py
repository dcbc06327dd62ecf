"""Threads and parallel searches: one grid search run five ways (issue 7).

``GridSearchCV`` over ``augmentation_ratio`` (5 folds x 2 ratios = 10 fits
plus the refit; no ``memory``, so every candidate trains) on 2,000 x 20 rows,
pipeline GANOversampler (300 steps) + logistic regression:

* ``n_jobs=1``: one fit at a time, each with all of torch's threads;
* ``n_jobs=2`` (loky, scikit-learn's default backend): two worker processes,
  each given its share of the cores by joblib, which the sampler keeps to;
* ``n_jobs=2`` with joblib's ``threading`` backend, sampler ``n_jobs=None``:
  two fits in one process, each with every thread (oversubscribed);
* the same with sampler ``n_jobs=1`` (the README's advice for that backend);
* ``n_jobs=-1`` on a dask ``LocalCluster`` of 2 one-thread workers (the
  README's cluster recipe).

Wall-clock times and the ratio to ``n_jobs=1``, all in one run; every way
must find the same best ratio.

    python benchmarks/bench_threads.py
"""

import argparse
import logging
import os
import time

import numpy as np


def search(n_jobs, sampler_jobs=None):
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    from skgan import GANOversampler

    pipe = make_pipeline(
        GANOversampler(max_steps=300, random_state=0, n_jobs=sampler_jobs),
        LogisticRegression(max_iter=1000),
    )
    return GridSearchCV(
        pipe,
        {"ganoversampler__augmentation_ratio": [0.0, 1.0]},
        cv=StratifiedKFold(5, shuffle=True, random_state=0),
        scoring="balanced_accuracy",
        n_jobs=n_jobs,
    )


def timed(make, X, y, backend=None):
    import joblib

    start = time.perf_counter()
    if backend is None:
        s = make().fit(X, y)
    else:
        with joblib.parallel_config(backend=backend):
            s = make().fit(X, y)
    return time.perf_counter() - start, s.best_params_, s.best_score_


def main():
    import torch
    from sklearn.datasets import make_classification

    from skgan import GANOversampler

    X, y = make_classification(
        2000, 20, n_informative=8, weights=[0.9, 0.1], random_state=0
    )
    print(
        f"{os.cpu_count()} cores, torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads; 2000 x 20, 11 fits of 300 steps"
    )
    GANOversampler(max_steps=5, random_state=0).fit(X, y)  # one-time set-up
    rows = [
        ("n_jobs=1", *timed(lambda: search(1), X, y)),
        ("n_jobs=2 (loky)", *timed(lambda: search(2), X, y)),
        (
            "n_jobs=2 threading, sampler n_jobs=None",
            *timed(lambda: search(2), X, y, "threading"),
        ),
        (
            "n_jobs=2 threading, sampler n_jobs=1",
            *timed(lambda: search(2, 1), X, y, "threading"),
        ),
    ]
    from dask.distributed import Client, LocalCluster

    saved = dict(os.environ)  # dask's nanny edits this process's environment
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster),
    ):
        rows.append(
            (
                "dask LocalCluster 2x1, n_jobs=-1",
                *timed(lambda: search(-1), X, y, "dask"),
            )
        )
    os.environ.clear()
    os.environ.update(saved)
    base = rows[0][1]
    for name, seconds, best, score in rows:
        print(
            f"{name:42s} {seconds:7.1f} s  {base / seconds:5.2f}x vs n_jobs=1  "
            f"best {best} ({score:.4f})"
        )
    assert len({str(r[2]) for r in rows}) == 1, "the ways disagree on the best ratio"
    assert np.isfinite([r[3] for r in rows]).all()


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    main()
