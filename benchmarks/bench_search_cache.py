"""A grid search over augmentation_ratio with and without ``memory``.

``GridSearchCV`` with 5 folds over 4 ratios of a pipeline (GANOversampler,
logistic regression) on 2,000 x 20 numeric rows, 2 classes (90/10 %): without
``memory`` it trains 4 x 5 + 1 GANs, with it 5 + 1. Both searches run in the
same process, one after the other; the script checks that the scores and the
chosen ratio are identical and prints the two times and their ratio.

    python benchmarks/bench_search_cache.py
"""

import argparse
import tempfile
import time

import numpy as np


def search(X, y, memory):
    from imblearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    from skgan import GANOversampler

    pipe = make_pipeline(
        GANOversampler(random_state=0, memory=memory), LogisticRegression(max_iter=1000)
    )
    grid = {"ganoversampler__augmentation_ratio": [0.0, 0.5, 1.0, 2.0]}
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    start = time.perf_counter()
    fitted = GridSearchCV(pipe, grid, cv=cv, scoring="balanced_accuracy").fit(X, y)
    return fitted, time.perf_counter() - start


def main():
    from sklearn.datasets import make_classification

    X, y = make_classification(
        2000, 20, n_informative=8, weights=[0.9, 0.1], random_state=0
    )
    plain, t_plain = search(X, y, None)
    with tempfile.TemporaryDirectory() as location:
        cached, t_cached = search(X, y, location)
    same = (
        np.array_equal(
            plain.cv_results_["mean_test_score"], cached.cv_results_["mean_test_score"]
        )
        and plain.best_params_ == cached.best_params_
    )
    print(f"without memory: {t_plain:.1f} s (21 GAN fits)")
    print(f"with memory:    {t_cached:.1f} s (6 GAN fits)")
    print(f"speed-up: {t_plain / t_cached:.2f}x; identical results: {same}")
    print(f"scores: {np.round(cached.cv_results_['mean_test_score'], 4).tolist()}")
    if not same:
        raise SystemExit("the cached search differs from the plain one")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    main()
