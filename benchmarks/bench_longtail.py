"""Long-tailed digits: does a GAN's rare class learn from the frequent ones?
(issue 31)

Protocol (scikit-learn's 8x8 digits, 1,797 images, values 0-16). Each draw
(``--repeats``, seeded) shuffles which digit gets which count and takes that
many training images of each digit; the rest of the digits are the test set.
Imbalance profiles (``--profiles``):

- ``exp``: 60 images for the first class down to 3 for the last,
  geometrically (60, 43, 31, 23, 16, 12, 8, 6, 4, 3);
- ``step``: five classes of 50 images and five of 5.

Every method fills each class up to the largest class:

- ``none``: the real images only;
- ``ROS``: copies of random images of the class (RandomOverSampler);
- ``SMOTE``: SMOTE on the 64 pixels (``k_neighbors`` at most the smallest
  class less one);
- ``shift-rotate``: random rotations (within 15 degrees) and shifts (a pixel
  at most) of random images of the class;
- ``shift-rotate+ROS``: half of the fill from each;
- ``skgan``: ``GANOversampler(data_kind="image")`` with its defaults
  (``--skgan-params`` changes them; ``--label`` names the variant);
- ``skgan+shift-rotate``: half of the fill from each (the same GAN);
- ``skgan+ROS``: half of the fill from the GAN, half copies.

Classifiers (``bench_images``): the small CNN and a logistic regression on
the pixels. Measures: balanced accuracy on the test images, the mean recall
of the three rarest classes, and each method's rank per block (profile x
classifier x measure, on the mean over draws; 1 is best).

    python benchmarks/bench_longtail.py [--repeats 5] [--profiles exp step]
    python benchmarks/bench_longtail.py --methods skgan skgan+shift-rotate \\
        --skgan-params '{"max_steps": 300}' --label skgan-300 --out a.csv
    python benchmarks/bench_longtail.py --report base.csv a.csv
    python benchmarks/bench_longtail.py --memory /tmp/gans ...  # GANs cached
"""

import argparse
import csv
import json
import time

import numpy as np
from bench_images import CLASSIFIERS, one_hot

PROFILES = {
    "exp": [round(60 * (3 / 60) ** (i / 9)) for i in range(10)],
    "step": [50] * 5 + [5] * 5,
}
METHODS = [
    "none",
    "ROS",
    "SMOTE",
    "shift-rotate",
    "shift-rotate+ROS",
    "skgan",
    "skgan+shift-rotate",
    "skgan+ROS",
]
N_RARE = 3
# (first, second): the report gives their paired differences
PAIRS = [
    ("skgan+shift-rotate", "shift-rotate"),
    ("skgan+shift-rotate", "shift-rotate+ROS"),
    ("skgan+ROS", "ROS"),
    ("skgan", "ROS"),
    ("skgan", "SMOTE"),
]


def draw(y, profile, seed):
    """Training indices (class order) and counts per digit, and the test indices."""
    rng = np.random.RandomState(seed)
    counts = np.empty(10, int)
    counts[rng.permutation(10)] = PROFILES[profile]
    train = np.concatenate(
        [
            rng.choice(np.flatnonzero(y == c), counts[c], replace=False)
            for c in range(10)
        ]
    )
    return train, np.setdiff1d(np.arange(len(y)), train), counts


def copies(X, y, fill, rng):
    picks = np.concatenate(
        [rng.choice(np.flatnonzero(y == c), n) for c, n in enumerate(fill) if n]
    )
    return X[picks], y[picks]


def shift_rotate(X, y, fill, rng):
    from scipy import ndimage

    X_new, y_new = copies(X, y, fill, rng)
    images = []
    for image in X_new:
        image = ndimage.rotate(image, rng.uniform(-15, 15), reshape=False, order=1)
        image = ndimage.shift(image, rng.randint(-1, 2, 2), order=0)
        images.append(np.clip(image, 0, 16))
    return np.array(images).reshape(-1, 8, 8), y_new


def smote(X, y, fill, seed):
    from imblearn.over_sampling import SMOTE

    counts = np.bincount(y, minlength=10)
    sampler = SMOTE(
        sampling_strategy={c: int(counts[c] + fill[c]) for c in range(10)},
        k_neighbors=int(min(5, counts.min() - 1)),
        random_state=seed,
    )
    X_res, y_res = sampler.fit_resample(X.reshape(len(X), -1), y)
    return X_res[len(X) :].reshape(-1, 8, 8), y_res[len(X) :]


def halves(fill):
    first = fill // 2
    return first, fill - first


def run(X, y, profile, seed, methods, params, label, memory=None):
    from sklearn.metrics import balanced_accuracy_score, recall_score

    from skgan import GANOversampler

    train, test, counts = draw(y, profile, seed)
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
    fill = counts.max() - counts
    rng = np.random.RandomState(seed)
    extra, fit_time = {}, None
    extra["none"] = (X_train[:0], y_train[:0])
    extra["ROS"] = copies(X_train, y_train, fill, rng)
    extra["SMOTE"] = smote(X_train, y_train, fill, seed)
    extra["shift-rotate"] = shift_rotate(X_train, y_train, fill, rng)
    a, b = halves(fill)
    parts = [shift_rotate(X_train, y_train, a, rng), copies(X_train, y_train, b, rng)]
    extra["shift-rotate+ROS"] = tuple(np.concatenate(p) for p in zip(*parts))
    if any(m.startswith("skgan") for m in methods):
        started = time.perf_counter()
        sampler = GANOversampler(
            data_kind="image", random_state=seed, memory=memory, **params
        )
        X_res, y_res = sampler.fit_resample(X_train, y_train)
        fit_time = time.perf_counter() - started
        extra["skgan"] = (X_res[len(X_train) :], y_res[len(X_train) :])
        # the GAN's half: its first rows of each class
        X_gan, y_gan = extra["skgan"]
        keep = np.concatenate(
            [np.flatnonzero(y_gan == c)[: a[c]] for c in range(10) if a[c]]
        )
        parts = [(X_gan[keep], y_gan[keep]), shift_rotate(X_train, y_train, b, rng)]
        extra["skgan+shift-rotate"] = tuple(np.concatenate(p) for p in zip(*parts))
        parts = [(X_gan[keep], y_gan[keep]), copies(X_train, y_train, b, rng)]
        extra["skgan+ROS"] = tuple(np.concatenate(p) for p in zip(*parts))
    rare = np.argsort(counts, kind="stable")[:N_RARE]
    rows = []
    for method in methods:
        X_new, y_new = extra[method]
        X_aug = np.concatenate([X_train, X_new])
        Y_aug = one_hot(np.concatenate([y_train, y_new]))
        name = (
            method.replace("skgan", label, 1) if method.startswith("skgan") else method
        )
        for clf, train_clf in CLASSIFIERS.items():
            predicted = train_clf(X_aug, Y_aug, seed)(X_test)
            recalls = recall_score(y_test, predicted, labels=rare, average=None)
            rows.append(
                (
                    profile,
                    seed,
                    name,
                    clf,
                    "bal_acc",
                    balanced_accuracy_score(y_test, predicted),
                )
            )
            rows.append((profile, seed, name, clf, "rare_recall", np.mean(recalls)))
        if method.startswith("skgan") and fit_time is not None:
            rows.append((profile, seed, name, "-", "fit_time", fit_time))
    return rows


def read(paths):
    from _paired import read_rows

    return read_rows(paths, {"seed": int, "value": float})


def report(rows):
    from scipy.stats import rankdata

    methods = list(dict.fromkeys(r[2] for r in rows))
    profiles = list(dict.fromkeys(r[0] for r in rows))
    blocks = [
        (p, c, m)
        for p in profiles
        for c in CLASSIFIERS
        for m in ("bal_acc", "rare_recall")
    ]
    table = {}
    for p, c, m in blocks:
        for method in methods:
            values = [
                r[5] for r in rows if r[0] == p and r[2] == method and r[3:5] == (c, m)
            ]
            table[p, c, m, method] = (np.mean(values), np.std(values), len(values))
    print("| profile | classifier | measure | " + " | ".join(methods) + " |")
    print("|---|---|---|" + "---|" * len(methods))
    mean_ranks = {
        (c, m): np.zeros(len(methods))
        for c in CLASSIFIERS
        for m in ("bal_acc", "rare_recall")
    }
    for p, c, m in blocks:
        means = [table[p, c, m, method][0] for method in methods]
        mean_ranks[c, m] += rankdata(-np.array(means)) / len(profiles)
        cells = [
            f"{table[p, c, m, x][0]:.3f} ± {table[p, c, m, x][1]:.3f}" for x in methods
        ]
        print(f"| {p} | {c} | {m} | " + " | ".join(cells) + " |")
    print("\nmean rank over the profiles (1 = best)")
    print("| classifier | measure | " + " | ".join(methods) + " |")
    print("|---|---|" + "---|" * len(methods))
    for (c, m), r in mean_ranks.items():
        print(f"| {c} | {m} | " + " | ".join(f"{v:.1f}" for v in r) + " |")
    print("\npaired differences over draws: mean (standard error), wins of the first")
    for first, second in PAIRS:
        if first not in methods or second not in methods:
            continue
        for p, c, m in blocks:
            a = {
                r[1]: r[5]
                for r in rows
                if r[0] == p and r[2] == first and r[3:5] == (c, m)
            }
            b = {
                r[1]: r[5]
                for r in rows
                if r[0] == p and r[2] == second and r[3:5] == (c, m)
            }
            d = np.array([a[k] - b[k] for k in sorted(a) if k in b])
            se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else 0.0
            print(
                f"- {first} - {second}, {p}, {c}, {m}: {d.mean():+.3f} ({se:.3f}), "
                f"{(d > 0).sum()} of {len(d)}"
            )
    times = [r[5] for r in rows if r[4] == "fit_time"]
    for method in methods:
        t = [r[5] for r in rows if r[4] == "fit_time" and r[2] == method]
        if t:
            print(f"{method}: fit {np.mean(t):.1f} s (mean of {len(t)})")
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profiles", nargs="+", default=list(PROFILES))
    parser.add_argument("--methods", nargs="+", default=METHODS, choices=METHODS)
    parser.add_argument("--skgan-params", default="{}", help="JSON")
    parser.add_argument("--label", default="skgan", help="the skgan variant's name")
    parser.add_argument("--out", help="CSV file for every score")
    parser.add_argument(
        "--memory",
        help="a folder caching the GANs: variants that change only how rows "
        "are drawn (truncation, ...) reuse them",
    )
    parser.add_argument("--report", nargs="+", metavar="CSV")
    args = parser.parse_args()
    if args.report:
        report(read(args.report))
        return
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = X.reshape(-1, 8, 8)
    params = json.loads(args.skgan_params)
    rows = []
    for profile in args.profiles:
        for seed in range(args.repeats):
            rows += run(
                X, y, profile, seed, args.methods, params, args.label, args.memory
            )
            print(f"{profile} draw {seed} done", flush=True)
    if args.out:
        with open(args.out, "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(
                ["profile", "seed", "method", "classifier", "measure", "value"]
            )
            writer.writerows(rows)
    report(rows)


if __name__ == "__main__":
    main()
