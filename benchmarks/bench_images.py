"""Does GAN augmentation help a classifier trained on a few images?

scikit-learn's 8x8 handwritten digits (1,797 images, 10 classes, values 0-16),
made scarce: ``--per-class`` images of every class (10 and 30 by default) are
drawn for training, the rest is the test set; ``--repeats`` seeded draws.

Augmentations, each fitted on the training images only and each adding
``--ratio`` times the training set (every class alike):

- ``none``: the real images only.
- ``shift-rotate``: random rotations (within 15 degrees) and shifts (one
  pixel at most) of random training images of the class (scipy.ndimage).
- ``mixup``: convex mixtures of two random training images with the same
  mixture of their one-hot labels, the weight drawn from Beta(0.4, 0.4)
  (Zhang et al. 2018); soft labels (weighted rows for the logistic
  regression).
- ``SMOTE``: SMOTE on the 64 pixels (imbalanced-learn).
- ``skgan``: ``GANOversampler(data_kind="image", augmentation_ratio=ratio)``
  with its defaults (BigGAN-deep networks, 600 steps, DiffAugment on).
- ``skgan-noDA``: the same without DiffAugment
  (``discriminator_augmentation=False``).
- ``skgan+shift-rotate``: GAN rows on top of classic augmentation (issue
  31): a random half of shift-rotate's images and skgan's for the others,
  as many in all.

Classifiers: a small CNN (three 3x3 convolutions, 400 Adam steps of 64
images, soft-target cross-entropy) and a logistic regression on the pixels.
The measure is balanced accuracy on the test images, and each method's rank
per draw (1 = best). Also reported, for each GAN:

- CAS (classification accuracy score, Ravuri & Vinyals 2019): each
  classifier trained on ``per-class`` synthetic images per class only, scored
  on the real test images, against the same classifier trained on the same
  number of real images (the training set), as a ratio;
- per-class C2ST: :func:`skgan.metrics.c2st_auc` of a class's test images
  against as many synthetic images of that class (0.5: indistinguishable),
  the mean over classes, with SMOTE's images and the real training images
  as references;
- the fit time.

``--fit-time`` times default fits instead: on the first draw of each
``--per-class`` and on all 1,797 digits. ``--skgan-params`` (JSON) gives both
GANs other parameters; ``--methods`` runs some methods only; ``--out`` writes
every score to a CSV file, and ``--compare BEFORE.csv AFTER.csv`` prints the
paired differences of two such runs (same draws and seeds): per block and
overall, the mean difference and its standard error.

    python benchmarks/bench_images.py [--repeats 5] [--per-class 10 30]
    python benchmarks/bench_images.py --fit-time
    python benchmarks/bench_images.py --methods skgan --out after.csv \
        --skgan-params '{"max_steps": 300}'
    python benchmarks/bench_images.py --compare before.csv after.csv
"""

import argparse
import csv
import json
import time

import numpy as np

N_CLASSES = 10
METHODS = [
    "none",
    "shift-rotate",
    "mixup",
    "SMOTE",
    "skgan",
    "skgan-noDA",
    "skgan+shift-rotate",
]
GANS = {"skgan": "auto", "skgan-noDA": False}


def draw(X, y, per_class, seed):
    """Indices of ``per_class`` training images per class and of the rest."""
    rng = np.random.RandomState(seed)
    train = np.concatenate(
        [
            rng.choice(np.flatnonzero(y == c), per_class, replace=False)
            for c in range(10)
        ]
    )
    return train, np.setdiff1d(np.arange(len(y)), train)


def one_hot(y):
    return np.eye(N_CLASSES, dtype=np.float32)[y]


def shift_rotate(X, y, n_extra, rng):
    from scipy import ndimage

    picks = np.concatenate(
        [rng.choice(np.flatnonzero(y == c), n_extra) for c in np.unique(y)]
    )
    images = []
    for i in picks:
        image = ndimage.rotate(X[i], rng.uniform(-15, 15), reshape=False, order=1)
        image = ndimage.shift(image, rng.randint(-1, 2, 2), order=0)
        images.append(np.clip(image, 0, 16))
    return np.array(images), one_hot(y[picks])


def mixup(X, y, n_extra, rng):
    n = n_extra * N_CLASSES
    i, j = rng.randint(len(X), size=n), rng.randint(len(X), size=n)
    weight = rng.beta(0.4, 0.4, size=n).astype(np.float32)
    images = weight[:, None, None] * X[i] + (1 - weight[:, None, None]) * X[j]
    labels = weight[:, None] * one_hot(y[i]) + (1 - weight[:, None]) * one_hot(y[j])
    return images, labels


def smote(X, y, n_extra, seed):
    from imblearn.over_sampling import SMOTE

    per_class = np.bincount(y)
    strategy = {c: int(per_class[c] + n_extra) for c in range(N_CLASSES)}
    k = int(min(5, per_class.min() - 1))
    X_res, y_res = SMOTE(
        sampling_strategy=strategy, k_neighbors=k, random_state=seed
    ).fit_resample(X.reshape(len(X), -1), y)
    return X_res[len(X) :].reshape(-1, 8, 8), one_hot(y_res[len(X) :])


def train_cnn(X, Y, seed, steps=400, batch=64):
    """A small CNN on images (n, 8, 8) in [0, 16] with soft targets (n, 10)."""
    import torch

    with torch.random.fork_rng():
        torch.manual_seed(seed)
        net = torch.nn.Sequential(
            torch.nn.Conv2d(1, 32, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.Conv2d(32, 32, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(32, 64, 3, padding=1),
            torch.nn.ReLU(),
            torch.nn.Flatten(),
            torch.nn.Dropout(0.3),
            torch.nn.Linear(64 * 16, N_CLASSES),
        )
        x = torch.as_tensor(X / 16.0, dtype=torch.float32).unsqueeze(1)
        t = torch.as_tensor(Y, dtype=torch.float32)
        optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4)
        for _ in range(steps):
            index = torch.randint(len(x), (batch,))
            loss = torch.sum(-t[index] * torch.log_softmax(net(x[index]), 1), 1).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    net.eval()

    def predict(images):
        with torch.no_grad():
            x = torch.as_tensor(images / 16.0, dtype=torch.float32).unsqueeze(1)
            return net(x).argmax(1).numpy()

    return predict


def train_logistic(X, Y, seed):
    """Logistic regression on the pixels; soft labels as weighted rows."""
    from sklearn.linear_model import LogisticRegression

    rows, labels = np.nonzero(Y)
    model = LogisticRegression(max_iter=3000, random_state=seed)
    model.fit(
        X[rows].reshape(len(rows), -1) / 16.0, labels, sample_weight=Y[rows, labels]
    )
    return lambda images: model.predict(images.reshape(len(images), -1) / 16.0)


CLASSIFIERS = {"CNN": train_cnn, "logistic": train_logistic}


def run(X, y, per_class, seed, ratio, methods=METHODS, params=None):
    """Scores of ``methods`` and every classifier, and each GAN's CAS, C2ST and
    fit time, for one draw; ``params``: the GANs' other parameters."""
    from sklearn.metrics import balanced_accuracy_score

    from skgan import GANOversampler
    from skgan.metrics import c2st_auc

    train, test = draw(X, y, per_class, seed)
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
    rng = np.random.RandomState(seed)
    n_extra = ratio * per_class
    extra, gans, fit_time = {}, {}, {}
    extra["none"] = (X_train[:0], one_hot(y_train[:0]))
    extra["shift-rotate"] = shift_rotate(X_train, y_train, n_extra, rng)
    extra["mixup"] = mixup(X_train, y_train, n_extra, rng)
    extra["SMOTE"] = smote(X_train, y_train, n_extra, seed)
    for name, setting in GANS.items():
        mixed = name == "skgan" and "skgan+shift-rotate" in methods
        if name not in methods and not mixed:
            continue
        started = time.perf_counter()
        sampler = GANOversampler(
            **{
                "data_kind": "image",
                "augmentation_ratio": ratio,
                "discriminator_augmentation": setting,
                "random_state": seed,
                **(params or {}),
            }
        )
        X_res, y_res = sampler.fit_resample(X_train, y_train)
        fit_time[name] = time.perf_counter() - started
        extra[name] = (X_res[len(X_train) :], one_hot(y_res[len(X_train) :]))
        gans[name] = sampler
    if "skgan+shift-rotate" in methods:
        (X_a, Y_a), (X_b, Y_b) = extra["shift-rotate"], extra["skgan"]
        assert np.array_equal(Y_a.argmax(1), Y_b.argmax(1)), "classes out of step"
        take = np.random.RandomState(seed).permutation(len(X_a)) < len(X_a) // 2
        extra["skgan+shift-rotate"] = (
            np.where(take[:, None, None], X_a, X_b),
            np.where(take[:, None], Y_a, Y_b),
        )
    scores = {}
    for method in methods:
        X_aug = np.concatenate([X_train, extra[method][0]])
        Y_aug = np.concatenate([one_hot(y_train), extra[method][1]])
        for clf, train_clf in CLASSIFIERS.items():
            predict = train_clf(X_aug, Y_aug, seed)
            scores[method, clf] = balanced_accuracy_score(y_test, predict(X_test))
    cas, c2st = {}, {}
    labels = np.repeat(np.arange(N_CLASSES), per_class)
    train_set, test_set = (X_train, y_train), (X_test, y_test)
    for name, sampler in gans.items():
        for clf, pair in cas_scores(sampler, labels, train_set, test_set, seed).items():
            cas[name, clf] = pair
        c2st[name] = np.mean(
            [
                c2st_auc(
                    X_test[y_test == c],
                    sampler.sample((y_test == c).sum(), y=c, random_state=seed)[0],
                )
                for c in range(N_CLASSES)
            ]
        )
    X_smote, Y_smote = smote(X_train, y_train, 200, seed)
    c2st["SMOTE"] = np.mean(
        [
            c2st_auc(X_test[y_test == c], X_smote[Y_smote.argmax(1) == c])
            for c in range(N_CLASSES)
        ]
    )
    c2st["real training images"] = np.mean(
        [
            c2st_auc(X_test[y_test == c], X_train[y_train == c], cv=min(5, per_class))
            for c in range(N_CLASSES)
        ]
    )
    return scores, cas, c2st, fit_time


def cas_scores(sampler, labels, train_set, test_set, seed):
    """CAS of a fitted sampler: ``{classifier: (synthetic, real)}``, the test
    accuracy of each classifier trained on synthetic images at ``labels``
    only, and of the same classifier trained on the real training images."""
    (X_train, y_train), (X_test, y_test) = train_set, test_set
    X_syn, _ = sampler.sample(y=labels, random_state=seed)
    scores = {}
    for clf, train_clf in CLASSIFIERS.items():
        synthetic = np.mean(train_clf(X_syn, one_hot(labels), seed)(X_test) == y_test)
        real = np.mean(train_clf(X_train, one_hot(y_train), seed)(X_test) == y_test)
        scores[clf] = (synthetic, real)
    return scores


def ranks(values):
    """Rank 1 for the largest value; ties share their mean rank."""
    order = -np.asarray(values)
    return np.array([np.sum(order < v) + (np.sum(order == v) + 1) / 2 for v in order])


def report(per_class, results, methods=METHODS):
    print(f"\n### {per_class} training images per class, {len(results)} draws\n")
    print(
        "| method | "
        + " | ".join(f"{c} bal. acc. | {c} mean rank" for c in CLASSIFIERS)
        + " |"
    )
    print("|---|" + "---|---|" * len(CLASSIFIERS))
    rank = {
        clf: np.mean([ranks([r[0][m, clf] for m in methods]) for r in results], axis=0)
        for clf in CLASSIFIERS
    }
    for k, method in enumerate(methods):
        cells = []
        for clf in CLASSIFIERS:
            values = [r[0][method, clf] for r in results]
            cells.append(
                f"{np.mean(values):.3f} ± {np.std(values):.3f} | {rank[clf][k]:.1f}"
            )
        print(f"| {method} | " + " | ".join(cells) + " |")
    print(
        "\n| GAN | "
        + " | ".join(f"CAS {c} (synthetic / real = ratio)" for c in CLASSIFIERS)
        + " | per-class C2ST AUC | fit time (s) |"
    )
    print("|---|" + "---|" * (len(CLASSIFIERS) + 2))
    for name in [g for g in GANS if g in methods]:
        cells = []
        for clf in CLASSIFIERS:
            syn = np.mean([r[1][name, clf][0] for r in results])
            real = np.mean([r[1][name, clf][1] for r in results])
            cells.append(f"{syn:.3f} / {real:.3f} = {syn / real:.2f}")
        auc = np.mean([r[2][name] for r in results])
        fit = np.mean([r[3][name] for r in results])
        print(f"| {name} | " + " | ".join(cells) + f" | {auc:.3f} | {fit:.1f} |")
    for name in ("SMOTE", "real training images"):
        if not any(g in methods for g in GANS):
            break
        auc = np.mean([r[2][name] for r in results])
        print(
            f"| ({name}) | " + " | ".join("" for _ in CLASSIFIERS) + f" | {auc:.3f} | |"
        )


def time_default_fit(per_class, params):
    """Default fits, timed: the first draw of each ``per_class``, then all
    the digits."""
    import torch
    from sklearn.datasets import load_digits

    from skgan import GANOversampler

    X, y = load_digits(return_X_y=True)
    X = X.reshape(-1, 8, 8)
    for k in per_class:
        train, _ = draw(X, y, k, 0)
        started = time.perf_counter()
        sampler = GANOversampler(data_kind="image", random_state=0, **params)
        sampler.fit(X[train], y[train])
        print(
            f"default fit on {k} digits per class: "
            f"{time.perf_counter() - started:.1f} s ({sampler.n_steps_} steps)",
            flush=True,
        )
    started = time.perf_counter()
    sampler = GANOversampler(data_kind="image", random_state=0, **params).fit(X, y)
    print(
        f"default fit on all {len(X)} digits: {time.perf_counter() - started:.1f} s "
        f"({sampler.n_steps_} steps, {torch.get_num_threads()} torch thread(s))"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--per-class", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--ratio", type=int, default=4)
    parser.add_argument("--fit-time", action="store_true")
    parser.add_argument("--methods", nargs="+", default=METHODS, choices=METHODS)
    parser.add_argument(
        "--skgan-params",
        type=json.loads,
        default={},
        help="the GANs' parameters other than the defaults, as JSON",
    )
    parser.add_argument("--out", help="CSV file for every score")
    parser.add_argument("--compare", nargs=2, metavar="CSV")
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return
    if args.fit_time:
        time_default_fit(args.per_class, args.skgan_params)
        return
    import torch
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    X = X.reshape(-1, 8, 8)
    print(f"torch threads: {torch.get_num_threads()}; ratio {args.ratio}")
    rows = []
    for per_class in args.per_class:
        results = []
        for seed in range(args.repeats):
            started = time.perf_counter()
            result = run(
                X, y, per_class, seed, args.ratio, args.methods, args.skgan_params
            )
            results.append(result)
            rows.extend(score_rows(per_class, seed, result))
            took = time.perf_counter() - started
            print(f"  {per_class}/class draw {seed}: {took:.0f} s", flush=True)
        report(per_class, results, args.methods)
    if args.out:
        with open(args.out, "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["per_class", "seed", "measure", "method", "value"])
            writer.writerows(rows)


def score_rows(per_class, seed, result):
    """CSV rows of one draw: balanced accuracies, CAS ratios, fit times."""
    scores, cas, _, fit_time = result
    rows = [
        (per_class, seed, f"bal_acc_{clf}", method, value)
        for (method, clf), value in scores.items()
    ]
    rows += [
        (per_class, seed, f"cas_{clf}", name, syn / real)
        for (name, clf), (syn, real) in cas.items()
    ]
    rows += [(per_class, seed, "fit_time", n, t) for n, t in fit_time.items()]
    return rows


def compare(before, after):
    """Paired differences (after - before) of the measures both runs have."""
    from _paired import paired_table

    print(paired_table(before, after, pair="seed", blocks=("per_class",)))


if __name__ == "__main__":
    main()
