"""Does starting from related data help a GAN fitted on a few images? (issue 31)

Protocol (scikit-learn's 8x8 digits, 1,797 images, values 0-16):

- source: a ``GANOversampler(data_kind="image")`` with its defaults fitted on
  every image of digits 0-4 (about 900), once (``random_state=0``);
- target: ``--shots`` images of each of digits 5-9 drawn per seed
  (``--repeats`` draws); the other images of 5-9 are the test set;
- each method adds ``--ratio`` times the target images (every class alike):

  - ``none``: the real images only;
  - ``shift-rotate``: random rotations and shifts of the real images (as
    in ``bench_images.py``);
  - ``skgan``: ``GANOversampler`` with its defaults, fitted on the few
    images from scratch;
  - ``skgan-init``: the same with ``init=source`` (the source's generator
    adapted to the new classes; ``--init-params`` gives it other parameters);

- classifiers (``bench_images``): the small CNN and a logistic regression;
  balanced accuracy on the test images of 5-9, and CAS: the classifier
  trained on ``--shots`` synthetic images per class only, against the same
  classifier trained on the real ones.

``--out`` writes every score to a CSV file::

    python benchmarks/bench_transfer.py [--repeats 5] [--shots 5]
    python benchmarks/bench_transfer.py --init-params '{"max_steps": 200}'
    python benchmarks/bench_transfer.py \
        --skgan-params '{"discriminator_augmentation": false}'

``--skgan-params`` sets parameters of every GAN (the source's too),
``--init-params`` those of ``skgan-init`` only.
"""

import argparse
import csv
import json
import time

import numpy as np
from bench_images import CLASSIFIERS, cas_scores, one_hot, shift_rotate

SOURCE, TARGET = range(5), range(5, 10)
METHODS = ["none", "shift-rotate", "skgan", "skgan-init"]


def fit_source(X, y, params=None):
    from skgan import GANOversampler

    started = time.perf_counter()
    mask = np.isin(y, SOURCE)
    source = GANOversampler(data_kind="image", random_state=0, **(params or {}))
    source.fit(X[mask], y[mask])
    return source, time.perf_counter() - started


def draw(y, shots, seed):
    """Indices of ``shots`` images of each target class, and of the rest of
    the target classes' images."""
    rng = np.random.RandomState(seed)
    train = np.concatenate(
        [rng.choice(np.flatnonzero(y == c), shots, replace=False) for c in TARGET]
    )
    rest = np.setdiff1d(np.flatnonzero(np.isin(y, TARGET)), train)
    return train, rest


def run(X, y, source, shots, seed, ratio, init_params, params=None):
    from sklearn.metrics import balanced_accuracy_score

    from skgan import GANOversampler

    train, test = draw(y, shots, seed)
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
    rng = np.random.RandomState(seed)
    n_extra = ratio * shots
    extra, gans, fit_time = {}, {}, {}
    extra["none"] = (X_train[:0], one_hot(y_train[:0]))
    extra["shift-rotate"] = shift_rotate(X_train, y_train, n_extra, rng)
    for name, params in (
        ("skgan", dict(params or {})),
        ("skgan-init", {**(params or {}), "init": source, **init_params}),
    ):
        started = time.perf_counter()
        sampler = GANOversampler(
            data_kind="image", augmentation_ratio=ratio, random_state=seed, **params
        )
        X_res, y_res = sampler.fit_resample(X_train, y_train)
        fit_time[name] = time.perf_counter() - started
        extra[name] = (X_res[len(X_train) :], one_hot(y_res[len(X_train) :]))
        gans[name] = sampler
    rows = []
    for method in METHODS:
        X_aug = np.concatenate([X_train, extra[method][0]])
        Y_aug = np.concatenate([one_hot(y_train), extra[method][1]])
        for clf, train_clf in CLASSIFIERS.items():
            predict = train_clf(X_aug, Y_aug, seed)
            score = balanced_accuracy_score(y_test, predict(X_test))
            rows.append((seed, method, clf, "balanced_accuracy", score))
    labels = np.repeat(np.array(TARGET), shots)
    train_set, test_set = (X_train, y_train), (X_test, y_test)
    for name, sampler in gans.items():
        scores = cas_scores(sampler, labels, train_set, test_set, seed)
        for clf, (synthetic, real) in scores.items():
            rows.append((seed, name, clf, "cas", synthetic / real))
        rows.append((seed, name, "-", "fit_time", fit_time[name]))
    return rows


def report(rows):
    seeds = sorted({r[0] for r in rows})
    print(f"\n{len(seeds)} draws; mean (standard error over draws)")
    print("| method | CNN | logistic | CAS CNN | CAS logistic | fit (s) |")
    print("|---|---|---|---|---|---|")

    def cell(method, clf, measure, digits=3):
        values = [r[4] for r in rows if r[1:4] == (method, clf, measure)]
        if not values:
            return ""
        se = np.std(values, ddof=1) / np.sqrt(len(values)) if len(values) > 1 else 0
        return f"{np.mean(values):.{digits}f} ({se:.{digits}f})"

    for method in METHODS:
        print(
            f"| {method} | {cell(method, 'CNN', 'balanced_accuracy')} "
            f"| {cell(method, 'logistic', 'balanced_accuracy')} "
            f"| {cell(method, 'CNN', 'cas')} | {cell(method, 'logistic', 'cas')} "
            f"| {cell(method, '-', 'fit_time', 1)} |"
        )
    for clf in CLASSIFIERS:
        for other in ("skgan", "shift-rotate", "none"):
            diff = [
                a[4] - b[4]
                for a in rows
                for b in rows
                if a[1:4] == ("skgan-init", clf, "balanced_accuracy")
                and b[1:4] == (other, clf, "balanced_accuracy")
                and a[0] == b[0]
            ]
            se = np.std(diff, ddof=1) / np.sqrt(len(diff))
            wins = sum(d > 0 for d in diff)
            print(
                f"skgan-init - {other}, {clf}: {np.mean(diff):+.3f} (SE {se:.3f}), "
                f"better in {wins} of {len(diff)} draws"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--first-seed", type=int, default=0, help="draws first-seed, first-seed + 1..."
    )
    parser.add_argument("--shots", type=int, default=5)
    parser.add_argument("--ratio", type=int, default=4)
    parser.add_argument(
        "--skgan-params",
        default="{}",
        help="JSON: parameters of every GAN (the source, from scratch, init)",
    )
    parser.add_argument("--init-params", default="{}", help="JSON: init's only")
    parser.add_argument("--out", help="CSV file for every score")
    args = parser.parse_args()
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = X.reshape(-1, 8, 8)
    params = json.loads(args.skgan_params)
    source, seconds = fit_source(X, y, params)
    print(f"source: digits 0-4, {np.isin(y, SOURCE).sum()} images, fit {seconds:.1f} s")
    rows = []
    for seed in range(args.first_seed, args.first_seed + args.repeats):
        rows += run(
            X,
            y,
            source,
            args.shots,
            seed,
            args.ratio,
            json.loads(args.init_params),
            params,
        )
        print(f"draw {seed} done", flush=True)
    if args.out:
        with open(args.out, "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["seed", "method", "classifier", "measure", "value"])
            writer.writerows(rows)
    report(rows)


if __name__ == "__main__":
    main()
