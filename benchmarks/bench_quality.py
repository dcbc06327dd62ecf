"""Held-out quality of GANOversampler against no resampling and SMOTE.

For each dataset (bundled with scikit-learn, made imbalanced by keeping a
fraction of the minority classes) and each classifier, a stratified k-fold
cross-validation resamples the training folds only and scores the held-out
fold with balanced accuracy and the geometric mean of per-class recalls
(G-mean). Samplers are ranked per (dataset, classifier, metric); the table
gives each sampler's mean rank (1 is best) and the mean scores. The C2ST AUC
of GANOversampler's synthetic rows (per class, against the training rows)
is reported too.

    python benchmarks/bench_quality.py            # all datasets
    python benchmarks/bench_quality.py --quick    # 3 folds, 2 datasets
"""

import argparse
import time
import warnings

import numpy as np


def _imbalance(X, y, keep, rng):
    """Keep every row of the largest class and a fraction ``keep`` of others."""
    classes, counts = np.unique(y, return_counts=True)
    major = classes[np.argmax(counts)]
    rows = []
    for c, k in zip(classes, keep):
        idx = np.flatnonzero(y == c)
        n = len(idx) if c == major else max(6, int(round(k * len(idx))))
        rows.append(rng.choice(idx, n, replace=False))
    rows = np.sort(np.concatenate(rows))
    return X[rows], y[rows]


def datasets(rng):
    from sklearn.datasets import (
        load_breast_cancer,
        load_digits,
        load_wine,
        make_classification,
    )

    X, y = load_breast_cancer(return_X_y=True)
    yield "breast_cancer (1:10)", *_imbalance(X, 1 - y, [0.0, 0.1], rng)
    X, y = load_wine(return_X_y=True)
    yield "wine (3 classes)", *_imbalance(X, y, [1.0, 0.6, 0.25], rng)
    X, y = load_digits(return_X_y=True)
    keep = np.isin(y, [1, 3, 5, 7])
    yield "digits 1/3/5/7", *_imbalance(X[keep], y[keep], [1.0, 1.0, 0.3, 0.1], rng)
    X, y = make_classification(
        2000,
        12,
        n_informative=6,
        n_classes=3,
        n_clusters_per_class=2,
        weights=[0.85, 0.12, 0.03],
        flip_y=0.0,
        random_state=3,
    )
    yield "make_classification (85/12/3)", X, y


def classifiers():
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    yield "logreg", make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    yield "knn", make_pipeline(StandardScaler(), KNeighborsClassifier(5))
    yield "tree", DecisionTreeClassifier(max_depth=6, random_state=0)


def samplers(seed, gan_params=None):
    from imblearn.over_sampling import SMOTE

    from skgan import GANOversampler

    yield "none", None
    yield "SMOTE", SMOTE(k_neighbors=3, random_state=seed)
    yield "GAN", GANOversampler(random_state=seed, **(gan_params or {}))


def main(quick=False, gan_params=None):
    from imblearn.metrics import geometric_mean_score
    from scipy.stats import rankdata
    from sklearn.metrics import balanced_accuracy_score
    from sklearn.model_selection import StratifiedKFold

    from skgan.metrics import c2st_auc

    rng = np.random.RandomState(0)
    data = list(datasets(rng))[: 2 if quick else None]
    n_splits = 3 if quick else 5
    scores = {}  # (dataset, clf, metric) -> {sampler: [fold scores]}
    c2st, fit_times = [], []
    for name, X, y in data:
        cv = StratifiedKFold(n_splits, shuffle=True, random_state=0)
        for fold, (tr, te) in enumerate(cv.split(X, y)):
            for sname, sampler in samplers(fold, gan_params):
                t = time.perf_counter()
                if sampler is None:
                    X_res, y_res = X[tr], y[tr]
                else:
                    X_res, y_res = sampler.fit_resample(X[tr], y[tr])
                if sname == "GAN":
                    fit_times.append(time.perf_counter() - t)
                    for c in np.unique(y[tr]):
                        real = X[tr][y[tr] == c]
                        syn = X_res[len(tr) :][y_res[len(tr) :] == c]
                        if len(real) >= 10 and len(syn) >= 10:
                            syn, _ = sampler.sample(len(real), y=c, random_state=1)
                            c2st.append((name, c, c2st_auc(real, syn, cv=3)))
                for cname, clf in classifiers():
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        pred = clf.fit(X_res, y_res).predict(X[te])
                    for metric, fn in [
                        ("bal_acc", balanced_accuracy_score),
                        ("g_mean", geometric_mean_score),
                    ]:
                        scores.setdefault((name, cname, metric), {}).setdefault(
                            sname, []
                        ).append(fn(y[te], pred))
        print(f"done {name}", flush=True)
    names = [s for s, _ in samplers(0)]
    ranks = {s: [] for s in names}
    means = {(s, m): [] for s in names for m in ("bal_acc", "g_mean")}
    header = f"\n{'dataset':32s} {'clf':7s} {'metric':8s} "
    print(header + " ".join(f"{s:>7s}" for s in names))
    for (dname, cname, metric), by in scores.items():
        row = [np.mean(by[s]) for s in names]
        for s, r in zip(names, rankdata([-v for v in row])):
            ranks[s].append(r)
        for s, v in zip(names, row):
            means[(s, metric)].append(v)
        print(
            f"{dname:32s} {cname:7s} {metric:8s} " + " ".join(f"{v:7.3f}" for v in row)
        )
    print("\nmean rank (bal_acc and g_mean, all datasets and classifiers):")
    for s in names:
        bal_acc = np.mean(means[(s, "bal_acc")])
        print(
            f"  {s:6s} rank {np.mean(ranks[s]):.2f}  bal_acc {bal_acc:.3f}"
            f"  g_mean {np.mean(means[(s, 'g_mean')]):.3f}"
        )
    aucs = np.array([a for *_, a in c2st])
    print(
        f"\nGAN C2ST AUC per class: median {np.median(aucs):.3f}, "
        f"max {aucs.max():.3f}, share <= 0.65: {np.mean(aucs <= 0.65):.2f}"
    )
    print(f"GAN fit_resample time per fold: mean {np.mean(fit_times):.1f}s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--gan", default="", help='GANOversampler parameters, e.g. "max_steps=500"'
    )
    args = parser.parse_args()
    main(args.quick, eval(f"dict({args.gan})"))
