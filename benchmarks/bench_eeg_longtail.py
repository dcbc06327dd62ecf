"""Long-tailed EEG: one class cut to a few trials (issue 31).

From the official TRAIN split of each development recording
(``SelfRegulationSCP1``, ``FingerMovements``; see ``bench_eeg.py``) draw
``--majority`` trials of every class but one, the rare class (the classes
take turns over the draws), which gets ``--rare`` trials (5 and 10 by
default); standardize every channel with the subset's statistics; fill the
rare class up to the others with each method; train a classifier and score
it on the whole official TEST split. ``--repeats`` seeded draws.

Methods (each fills the rare class to ``--majority`` trials):

- ``none``: the real trials only;
- ``ROS``: copies of random rare trials;
- ``SMOTE``: SMOTE on the flattened trials (``k_neighbors`` at most the rare
  count less one);
- ``ft-surrogate``, ``time-mask``: the ``_eeg_augment`` transform of random
  rare trials (classic augmentation);
- ``skgan``: ``GANOversampler()`` with its defaults (its
  ``sampling_strategy="auto"`` fills the rare class);
- ``skgan+ft-surrogate``, ``skgan+time-mask``: half of the fill from the
  GAN, half from the transform.

Classifiers (``_eeg_models``): the compact ShallowConvNet (``cnn``) and the
Riemannian tangent-space pipeline (``riemann``). Measures: balanced accuracy
and the rare class's recall on the test split.

    python benchmarks/bench_eeg_longtail.py [--repeats 5] [--rare 5 10]
    python benchmarks/bench_eeg_longtail.py --report out.csv
    python benchmarks/bench_eeg_longtail.py --datasets SelfRegulationSCP1 \
        --methods ROS time-mask skgan skgan+time-mask \
        --skgan-params '{"discriminator_augmentation": false}'

``--methods`` scores a subset (the rest are still drawn, so every draw is
the same); ``--skgan-params`` gives the GAN other parameters.
"""

import argparse
import csv
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _eeg_data  # noqa: E402
from _eeg_augment import ft_surrogate, smooth_time_mask  # noqa: E402
from _eeg_models import CLASSIFIERS  # noqa: E402
from bench_eeg import standardize  # noqa: E402

TRANSFORMS = {"ft-surrogate": ft_surrogate, "time-mask": smooth_time_mask}
METHODS = [
    "none",
    "ROS",
    "SMOTE",
    "ft-surrogate",
    "time-mask",
    "skgan",
    "skgan+ft-surrogate",
    "skgan+time-mask",
]
PAIRS = [
    ("skgan+ft-surrogate", "ft-surrogate"),
    ("skgan+time-mask", "time-mask"),
    ("skgan", "ROS"),
    ("skgan", "SMOTE"),
]


def draw(codes, majority, rare, rare_class, rng):
    rows = [
        rng.choice(
            np.flatnonzero(codes == c), rare if c == rare_class else majority, False
        )
        for c in np.unique(codes)
    ]
    return np.concatenate(rows)


def fills(X, y, rare_class, n_fill, n_classes, rng, seed, params=None):
    """Every method's added trials (n_fill of the rare class) and labels."""
    from imblearn.over_sampling import SMOTE

    from skgan import GANOversampler

    rare_rows = np.flatnonzero(y == rare_class)
    label = np.full(n_fill, rare_class)
    out = {"none": (X[:0], y[:0])}
    out["ROS"] = (X[rng.choice(rare_rows, n_fill)], label)
    counts = np.bincount(y, minlength=n_classes)
    smote = SMOTE(
        sampling_strategy={rare_class: counts[rare_class] + n_fill},
        k_neighbors=int(min(5, counts[rare_class] - 1)),
        random_state=seed,
    )
    flat, y_res = smote.fit_resample(X.reshape(len(X), -1), y)
    out["SMOTE"] = (flat[len(X) :].reshape(-1, *X.shape[1:]), y_res[len(X) :])
    for name, transform in TRANSFORMS.items():
        picks = rng.choice(rare_rows, n_fill)
        out[name] = (transform(X[picks], y[picks], n_classes, rng)[0], label)
    started = time.perf_counter()
    sampler = GANOversampler(random_state=seed, **(params or {}))
    X_res, y_res = sampler.fit_resample(X, y)
    fit_time = time.perf_counter() - started
    out["skgan"] = (X_res[len(X) :], y_res[len(X) :])
    half = n_fill // 2
    for name in TRANSFORMS:
        X_t, y_t = out[name]
        out[f"skgan+{name}"] = (
            np.concatenate([out["skgan"][0][:half], X_t[half:]]),
            label,
        )
    return out, fit_time


def run(
    name, majority, rare, repeats, epochs, classifiers, methods=METHODS, params=None
):
    from sklearn.metrics import balanced_accuracy_score, recall_score

    X_all, labels, X_test_all, labels_test = _eeg_data.load(name)
    classes, codes = np.unique(labels, return_inverse=True)
    codes_test = np.searchsorted(classes, labels_test)
    n_classes = len(classes)
    rows = []
    for repeat in range(repeats):
        rare_class = repeat % n_classes
        rng = np.random.RandomState(1000 * repeat + rare)
        index = draw(codes, majority, rare, rare_class, rng)
        X, X_test = standardize(X_all[index], X_test_all)
        y = codes[index]
        extra, fit_time = fills(
            X, y, rare_class, majority - rare, n_classes, rng, repeat, params
        )
        rows.append((name, rare, repeat, "skgan", "-", "fit_time", fit_time))
        for method in methods:
            X_new, y_new = extra[method]
            X_train = np.concatenate([X, X_new])
            Y_train = np.eye(n_classes)[np.concatenate([y, y_new])]
            for classifier in classifiers:
                kwargs = {"epochs": epochs} if classifier == "cnn" else {}
                predicted = CLASSIFIERS[classifier](
                    X_train, Y_train, X_test, seed=repeat, **kwargs
                )
                bal = balanced_accuracy_score(codes_test, predicted)
                recall = recall_score(
                    codes_test, predicted, labels=[rare_class], average=None
                )[0]
                rows.append((name, rare, repeat, method, classifier, "bal_acc", bal))
                rows.append(
                    (name, rare, repeat, method, classifier, "rare_recall", recall)
                )
        print(f"{name} rare={rare} draw {repeat} done", flush=True)
    return rows


def read(paths):
    from _paired import read_rows

    return read_rows(paths, {"rare": int, "repeat": int, "value": float})


def report(rows):
    from scipy.stats import rankdata

    blocks = list(dict.fromkeys((r[0], r[1]) for r in rows if r[4] != "-"))
    classifiers = list(dict.fromkeys(r[4] for r in rows if r[4] != "-"))
    methods = [m for m in METHODS if any(r[3] == m for r in rows)]

    def values(block, method, classifier, measure):
        return {
            r[2]: r[6]
            for r in rows
            if (r[0], r[1]) == block and r[3:6] == (method, classifier, measure)
        }

    for measure in ("bal_acc", "rare_recall"):
        print(f"\n{measure}: mean over draws (mean rank over the blocks last)")
        print("| classifier | dataset | rare | " + " | ".join(methods) + " |")
        print("|---|---|---|" + "---|" * len(methods))
        for classifier in classifiers:
            total = np.zeros(len(methods))
            for block in blocks:
                means = [
                    np.mean(list(values(block, m, classifier, measure).values()))
                    for m in methods
                ]
                total += rankdata(-np.array(means)) / len(blocks)
                cells = " | ".join(f"{v:.3f}" for v in means)
                print(f"| {classifier} | {block[0]} | {block[1]} | {cells} |")
            ranks = " | ".join(f"{v:.1f}" for v in total)
            print(f"| {classifier} | mean rank | | {ranks} |")
    print("\npaired differences over draws: mean (standard error), wins of the first")
    for first, second in PAIRS:
        if first not in methods or second not in methods:
            continue
        for classifier in classifiers:
            every = []
            for block in blocks:
                a = values(block, first, classifier, "bal_acc")
                b = values(block, second, classifier, "bal_acc")
                d = np.array([a[k] - b[k] for k in sorted(a) if k in b])
                every.append(d)
                se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0
                print(
                    f"- {first} - {second}, {classifier}, {block[0]} rare={block[1]}: "
                    f"{d.mean():+.3f} ({se:.3f}), {(d > 0).sum()} of {len(d)}"
                )
            d = np.concatenate(every)
            better = sum(x.mean() > 0 for x in every)
            se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0
            print(
                f"- {first} - {second}, {classifier}, all blocks: {d.mean():+.3f} "
                f"({se:.3f}); better in {better} of {len(every)} blocks"
            )
    times = [r[6] for r in rows if r[5] == "fit_time"]
    if times:
        print(f"\nskgan fit: median {np.median(times):.1f} s over {len(times)} fits")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", nargs="+", default=list(_eeg_data.DEVELOPMENT_SETS)
    )
    parser.add_argument("--majority", type=int, default=30)
    parser.add_argument("--rare", nargs="+", type=int, default=[5, 10])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=150)
    parser.add_argument("--classifiers", nargs="+", default=list(CLASSIFIERS))
    parser.add_argument("--methods", nargs="+", default=METHODS, choices=METHODS)
    parser.add_argument(
        "--skgan-params",
        type=json.loads,
        default={},
        help="the GAN's parameters other than the defaults, as JSON",
    )
    parser.add_argument("--out", help="CSV file for every score")
    parser.add_argument("--report", nargs="+", metavar="CSV")
    args = parser.parse_args()
    if args.report:
        report(read(args.report))
        return
    rows = []
    for name in args.datasets:
        for rare in args.rare:
            rows += run(
                name,
                args.majority,
                rare,
                args.repeats,
                args.epochs,
                args.classifiers,
                args.methods,
                args.skgan_params,
            )
    if args.out:
        with open(args.out, "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(
                [
                    "dataset",
                    "rare",
                    "repeat",
                    "method",
                    "classifier",
                    "measure",
                    "value",
                ]
            )
            writer.writerows(rows)
    report(rows)


if __name__ == "__main__":
    main()
