"""Does GAN augmentation help an EEG classifier trained on few trials?

Protocol (issue 18). From the official TRAIN split of each development
recording (``SelfRegulationSCP1``: 6 channels, 896 steps decimated by block
means to 224; ``FingerMovements``: 28 channels, 50 steps) draw ``k`` trials
per class (``--per-class``, default 10 and 30; ``--repeats`` seeded draws),
standardize every channel with the subset's mean and standard deviation, add
as many synthetic trials as real ones, train a classifier on real +
synthetic, and score balanced accuracy on the whole official TEST split.

Methods: ``none``; the anchors of ``_eeg_augment`` (Gaussian noise, Fourier
surrogate, smooth time mask, channel dropout, mixup, SMOTE); ``skgan``,
``GANOversampler(augmentation_ratio=1.0).fit_resample`` (hard labels), and
``skgan-soft``, ``GANOversampler.augment`` (soft labels between every pair of
classes, as many trials). skgan runs with its defaults and one GAN per draw
(both skgan methods share it through ``memory``). ``skgan+ft-surrogate`` and
``skgan+time-mask`` (issue 31): GAN rows on top of classic augmentation, a
random half of the anchor's trials and skgan's trials for the others, as
many trials in all as one method adds. Classifiers: a compact
ShallowConvNet (``cnn``) and a Riemannian tangent-space pipeline
(``riemann``), see ``_eeg_models``.

    python benchmarks/bench_eeg.py [--repeats 5] [--per-class 10 30]
        [--datasets SelfRegulationSCP1 FingerMovements] [--epochs 150]
    python benchmarks/bench_eeg.py --fit-times   # default fits alone
    python benchmarks/bench_eeg.py --compare before.csv after.csv

It prints, per dataset x k x classifier, the mean (std) balanced accuracy of
every method, the methods' mean ranks over the blocks, and skgan's wins and
losses (per draw) against no augmentation and against the best anchor, and
writes every score to ``--out`` (CSV) when asked. ``--compare BEFORE.csv
AFTER.csv`` prints the paired differences of two such runs (same draws and
seeds, e.g. before and after a change): per block and over the blocks, the
mean difference and its standard error.
"""

import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _eeg_data  # noqa: E402
from _eeg_augment import ANCHORS  # noqa: E402
from _eeg_models import CLASSIFIERS  # noqa: E402

SKGAN = ("skgan", "skgan-soft")
# GAN rows on top of classic augmentation (issue 31): half of the added
# trials from the anchor, half from skgan (hard labels), as many in all
MIXES = {"skgan+ft-surrogate": "ft-surrogate", "skgan+time-mask": "time-mask"}
METHODS = ("none", *ANCHORS, *SKGAN, *MIXES)


def draw(X, codes, k, rng):
    """``k`` trials of every class, in class order."""
    rows = [
        rng.choice(np.flatnonzero(codes == c), k, replace=False)
        for c in np.unique(codes)
    ]
    return np.concatenate(rows)


def standardize(X_train, X_test):
    mean = X_train.mean(axis=(0, 1))
    std = X_train.std(axis=(0, 1))
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def skgan_sets(X, y, n_classes, seed, memory, timings, params):
    """Synthetic trials and soft labels of both skgan methods (one GAN)."""
    from skgan import GANOversampler

    sampler = GANOversampler(
        augmentation_ratio=1.0, random_state=seed, memory=memory, **params
    )
    start = time.perf_counter()
    X_res, y_res = sampler.fit_resample(X, y)
    timings.append(time.perf_counter() - start)
    hard = (X_res[len(X) :], np.eye(n_classes)[y_res[len(X) :]])
    per_pair = max(1, round(len(X) / n_classes**2))
    result = sampler.augment(X, y, samples_per_class=per_pair)
    n_real = len(X)
    soft = (
        result.x_train[n_real:, :, 0, :].astype(np.float64),
        result.y_train[n_real:].astype(np.float64),
    )
    return {"skgan": hard, "skgan-soft": soft}


def half_and_half(first, second, seed):
    """A random half of the rows of ``first``, the other rows of ``second``:
    both sets hold one row per real trial, in the trials' class order, so
    the mix keeps every class's count."""
    (X_a, Y_a), (X_b, Y_b) = first, second
    assert np.array_equal(Y_a.argmax(1), Y_b.argmax(1)), "classes out of step"
    take = np.random.RandomState(seed).permutation(len(X_a)) < len(X_a) // 2
    return np.where(take[:, None, None], X_a, X_b), np.where(take[:, None], Y_a, Y_b)


def run_block(name, k, repeats, epochs, methods, classifiers, memory, params):
    from sklearn.metrics import balanced_accuracy_score

    X_all, labels, X_test_all, labels_test = _eeg_data.load(name)
    classes, codes = np.unique(labels, return_inverse=True)
    codes_test = np.searchsorted(classes, labels_test)
    n_classes = len(classes)
    scores = {(c, m): [] for c in classifiers for m in methods}
    timings = []
    for repeat in range(repeats):
        rng = np.random.RandomState(1000 * repeat + k)
        rows = draw(X_all, codes, k, rng)
        X, X_test = standardize(X_all[rows], X_test_all)
        y = codes[rows]
        synthetic = {"none": (X[:0], np.zeros((0, n_classes)))}
        needed = set(methods) | {MIXES[m] for m in methods if m in MIXES}
        for method, augment in ANCHORS.items():
            if method in needed:
                synthetic[method] = augment(X, y, n_classes, rng)
        if any(m in methods for m in (*SKGAN, *MIXES)):
            synthetic.update(
                skgan_sets(X, y, n_classes, repeat, memory, timings, params)
            )
        for mix, anchor in MIXES.items():
            if mix in methods:
                synthetic[mix] = half_and_half(
                    synthetic[anchor], synthetic["skgan"], repeat
                )
        real = (X, np.eye(n_classes)[y])
        for method in methods:
            X_syn, Y_syn = synthetic[method]
            X_train = np.concatenate([real[0], X_syn])
            Y_train = np.concatenate([real[1], Y_syn])
            for classifier in classifiers:
                fit = CLASSIFIERS[classifier]
                kwargs = {"epochs": epochs} if classifier == "cnn" else {}
                predicted = fit(X_train, Y_train, X_test, seed=repeat, **kwargs)
                scores[classifier, method].append(
                    balanced_accuracy_score(codes_test, predicted)
                )
    return scores, timings


def ranks(means):
    """Rank of every method in a block (1 = best; ties share the mean rank)."""
    from scipy.stats import rankdata

    methods = list(means)
    values = -np.array([means[m] for m in methods])
    return dict(zip(methods, rankdata(values)))


def report(results, methods, classifiers):
    lines = []
    for classifier in classifiers:
        lines.append(f"\n## {classifier}\n")
        header = "| dataset | k | " + " | ".join(methods) + " |"
        lines += [header, "|" + "---|" * (len(methods) + 2)]
        block_ranks = []
        wins = {m: [0, 0, 0, 0] for m in SKGAN if m in methods}
        for (name, k), (scores, _) in results.items():
            means = {m: np.mean(scores[classifier, m]) for m in methods}
            best = max(means.values())
            cells = []
            for m in methods:
                text = f"{means[m]:.3f} ({np.std(scores[classifier, m]):.3f})"
                cells.append(f"**{text}**" if means[m] == best else text)
            lines.append(f"| {name} | {k} | " + " | ".join(cells) + " |")
            block_ranks.append(ranks(means))
            anchors = [m for m in methods if m in ANCHORS]
            best_anchor = max(anchors, key=means.get) if anchors else None
            for m in wins:
                ours = np.array(scores[classifier, m])
                if "none" in methods:
                    none = np.array(scores[classifier, "none"])
                    wins[m][0] += int((ours > none).sum())
                    wins[m][1] += int((ours < none).sum())
                if best_anchor:
                    other = np.array(scores[classifier, best_anchor])
                    wins[m][2] += int((ours > other).sum())
                    wins[m][3] += int((ours < other).sum())
        mean_ranks = {m: np.mean([r[m] for r in block_ranks]) for m in methods}
        lines.append("")
        lines.append(
            "Mean rank over the blocks: "
            + ", ".join(
                f"{m} {mean_ranks[m]:.2f}" for m in sorted(methods, key=mean_ranks.get)
            )
        )
        for m, (w, lost, wa, la) in wins.items():
            lines.append(
                f"{m}: against none {w} wins / {lost} losses; against the best anchor "
                f"of each block {wa} wins / {la} losses (per draw)."
            )
    return "\n".join(lines)


def read_scores(paths):
    """``results`` as ``main`` builds it, from the CSV files of ``--out``."""
    import csv

    results = {}
    for path in paths:
        with open(path) as file:
            for row in csv.DictReader(file):
                block = row["dataset"], int(row["k"])
                scores = results.setdefault(block, ({}, []))[0]
                key = row["classifier"], row["method"]
                scores.setdefault(key, []).append(float(row["balanced_accuracy"]))
    return results


def fit_times(datasets, per_class):
    """The issue's speed measure: one default ``fit_resample`` per dataset x k
    (the first draw), timed, with torch's default threads."""
    from skgan import GANOversampler

    for name in datasets:
        X_all, labels, X_test_all, _ = _eeg_data.load(name)
        classes, codes = np.unique(labels, return_inverse=True)
        for k in per_class:
            rows = draw(X_all, codes, k, np.random.RandomState(k))
            X, _ = standardize(X_all[rows], X_test_all)
            sampler = GANOversampler(augmentation_ratio=1.0, random_state=0)
            start = time.perf_counter()
            sampler.fit_resample(X, codes[rows])
            seconds = time.perf_counter() - start
            print(f"{name} k={k} {X.shape}: fit_resample {seconds:.1f} s", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", nargs="+", default=list(_eeg_data.DEVELOPMENT_SETS)
    )
    parser.add_argument("--per-class", nargs="+", type=int, default=[10, 30])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--classifiers", nargs="+", default=list(CLASSIFIERS))
    parser.add_argument("--out", help="CSV file for every score")
    parser.add_argument(
        "--skgan-params",
        type=json.loads,
        default={},
        help="GANOversampler parameters other than the defaults, as JSON: "
        "'{\"max_steps\": 400}'",
    )
    parser.add_argument(
        "--fit-times", action="store_true", help="only time default fits and stop"
    )
    parser.add_argument(
        "--report",
        nargs="+",
        metavar="CSV",
        help="print the tables of earlier runs' --out files (e.g. one run per "
        "dataset, run side by side) and stop",
    )
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar="CSV",
        help="print the paired differences of two --out files and stop",
    )
    args = parser.parse_args()
    if args.compare:
        from _paired import paired_table

        print(paired_table(*args.compare, pair="repeat", blocks=("dataset", "k")))
        return
    if args.report:
        results = read_scores(args.report)
        methods = [
            m
            for m in METHODS
            if any(m == key[1] for r in results.values() for key in r[0])
        ]
        classifiers = [
            c
            for c in CLASSIFIERS
            if any(c == key[0] for r in results.values() for key in r[0])
        ]
        print(report(results, methods, classifiers))
        return
    if args.fit_times:
        fit_times(args.datasets, args.per_class)
        return
    results = {}
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as memory:
        for name in args.datasets:
            for k in args.per_class:
                t0 = time.perf_counter()
                results[name, k] = run_block(
                    name,
                    k,
                    args.repeats,
                    args.epochs,
                    args.methods,
                    args.classifiers,
                    memory,
                    args.skgan_params,
                )
                timings = results[name, k][1]
                fit = (
                    f", skgan fit_resample {np.median(timings):.1f} s (median)"
                    if timings
                    else ""
                )
                print(
                    f"{name} k={k}: {time.perf_counter() - t0:.0f} s{fit}", flush=True
                )
    if args.out:
        with open(args.out, "w") as file:
            file.write("dataset,k,classifier,method,repeat,balanced_accuracy\n")
            for (name, k), (scores, _) in results.items():
                for (classifier, method), values in scores.items():
                    for repeat, value in enumerate(values):
                        file.write(
                            f"{name},{k},{classifier},{method},{repeat},{value:.6f}\n"
                        )
    print(report(results, args.methods, args.classifiers))
    print(
        f"\nTotal {time.perf_counter() - start:.0f} s; {args.repeats} draws per block, "
        f"{args.epochs} CNN epochs."
    )


if __name__ == "__main__":
    main()
