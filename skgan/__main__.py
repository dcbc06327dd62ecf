"""``python -m skgan``: a demo on data that ships with scikit-learn.

The breast-cancer table is made imbalanced (1 malignant tumour for every 10
benign ones), then a logistic regression is cross-validated three ways: on the
training folds as they are, after SMOTE, and after GANOversampler. Only the
training folds are resampled; the held-out folds are scored with balanced
accuracy and G-mean (the geometric mean of the per-class recalls).
"""

import argparse
import sys
import time

import numpy as np
from imblearn.metrics import geometric_mean_score
from imblearn.over_sampling import SMOTE
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgan import GANOversampler


def _imbalanced_breast_cancer(ratio, random_state):
    """Every benign row and one malignant row for every ``ratio`` benign ones."""
    X, y = load_breast_cancer(return_X_y=True)
    y = 1 - y  # 1 = malignant, the minority class
    rng = np.random.RandomState(random_state)
    benign = np.flatnonzero(y == 0)
    malignant = rng.choice(np.flatnonzero(y == 1), len(benign) // ratio, replace=False)
    rows = np.sort(np.concatenate([benign, malignant]))
    return X[rows], y[rows]


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m skgan", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds")
    parser.add_argument(
        "--ratio", type=int, default=10, help="benign rows per malignant row"
    )
    args = parser.parse_args(argv)

    X, y = _imbalanced_breast_cancer(args.ratio, random_state=0)
    print(
        f"breast cancer, made imbalanced: {len(y)} rows, {X.shape[1]} features, "
        f"{np.sum(y == 1)} malignant / {np.sum(y == 0)} benign; "
        f"{args.folds}-fold cross-validation, logistic regression\n"
    )
    samplers = {
        "no resampling": None,
        "SMOTE": SMOTE(random_state=0),
        "GANOversampler": GANOversampler(random_state=0),
    }
    results = {name: {"bal_acc": [], "g_mean": [], "seconds": []} for name in samplers}
    cv = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    for train, test in cv.split(X, y):
        for name, sampler in samplers.items():
            started = time.perf_counter()
            if sampler is None:
                X_fit, y_fit = X[train], y[train]
            else:
                X_fit, y_fit = sampler.fit_resample(X[train], y[train])
            seconds = time.perf_counter() - started
            model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
            predicted = model.fit(X_fit, y_fit).predict(X[test])
            results[name]["bal_acc"].append(balanced_accuracy_score(y[test], predicted))
            results[name]["g_mean"].append(geometric_mean_score(y[test], predicted))
            results[name]["seconds"].append(seconds)

    print(f"{'':16s} {'balanced accuracy':>18s} {'G-mean':>14s} {'resample time':>14s}")
    for name, r in results.items():
        print(
            f"{name:16s} {np.mean(r['bal_acc']):11.3f} ± {np.std(r['bal_acc']):.3f}"
            f" {np.mean(r['g_mean']):7.3f} ± {np.std(r['g_mean']):.3f}"
            f" {np.mean(r['seconds']):12.2f} s"
        )
    print("\n(mean ± standard deviation over the held-out folds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
