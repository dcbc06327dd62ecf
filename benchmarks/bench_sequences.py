"""Does GAN augmentation help a classifier trained on a few sequences?

Two datasets, each with a small training set of 20 sequences per class and a
large held-out test set:

- ``sines``: 4 classes of 3-channel sequences of 64 steps; class ``k`` is a
  sine of 3 + k cycles per sequence give or take up to half a cycle (drawn
  per sequence), random phase and amplitude per channel, under Gaussian noise
  as strong as the signal (standard deviation 1).
- ``digits``: scikit-learn's 8x8 handwritten digits read as sequences of 8
  steps (rows) with 8 channels (columns), 10 classes.

Methods, each fitted on the training set only:

- ``none``: the 20 real sequences per class.
- ``jitter``: plus one copy of every sequence with Gaussian noise of 10 % of
  each channel's standard deviation (the usual time-series baseline).
- ``SMOTE``: plus as many SMOTE rows on the flattened sequences.
- ``skgan``: plus as many GAN sequences, ``fit_resample(augmentation_ratio=1)``
  (hard labels).
- ``skgan-soft``: ``augment()``'s interpolation grid with soft labels (as many
  synthetic sequences), given to the classifier as one row per class with a
  non-zero probability, weighted by it (``sample_weight``).

Classifiers: logistic regression on the log amplitude spectrum of every
channel (``spectrum``, phase-invariant, what one would use on sensor data), and
logistic regression (standardized) and a random forest on the flattened
sequences. The metric is balanced accuracy on the test set, averaged over
``--repeats`` draws of the training set. skgan uses its defaults (``"auto"``
convolutional networks and steps) unless ``--skgan-params`` (JSON) changes
them; the GAN is trained once per draw and reused by both skgan methods
through ``memory``.

    python benchmarks/bench_sequences.py [--repeats 5] [--per-class 20]
        [--skgan-params '{"max_steps": 600}']
"""

import argparse
import json
import tempfile
import time

import numpy as np

METHODS = ["none", "jitter", "SMOTE", "skgan", "skgan-soft"]


def sines(n_per_class, seed, n_classes=4, n_timesteps=64, n_channels=3):
    rng = np.random.RandomState(seed)
    t = np.arange(n_timesteps) / n_timesteps
    X, y = [], []
    for k in range(n_classes):
        phase = rng.uniform(0, 2 * np.pi, (n_per_class, 1, n_channels))
        amplitude = rng.uniform(0.7, 1.3, (n_per_class, 1, n_channels))
        freq = 3 + k + rng.uniform(-0.5, 0.5, (n_per_class, 1, 1))
        wave = amplitude * np.sin(2 * np.pi * freq * t[None, :, None] + phase)
        X.append(wave + rng.randn(n_per_class, n_timesteps, n_channels))
        y += [k] * n_per_class
    return np.concatenate(X).astype(np.float32), np.array(y)


def datasets(per_class, repeat):
    """Yield (name, X_train, y_train, X_test, y_test) for one repeat."""
    from sklearn.datasets import load_digits

    X_train, y_train = sines(per_class, seed=1000 + repeat)
    X_test, y_test = sines(500, seed=2000 + repeat)
    yield "sines", X_train, y_train, X_test, y_test
    digits = load_digits()
    X = digits.images.astype(np.float32)  # (n, 8 steps, 8 channels)
    y = digits.target
    rng = np.random.RandomState(repeat)
    train = np.concatenate(
        [
            rng.choice(np.flatnonzero(y == k), per_class, replace=False)
            for k in range(10)
        ]
    )
    test = np.setdiff1d(np.arange(len(y)), train)
    yield "digits", X[train], y[train], X[test], y[test]


def augmented(method, X, y, repeat, memory, params=None):
    """Return (X_aug, y_aug, sample_weight or None, seconds) for one method."""
    params = params or {}
    from imblearn.over_sampling import SMOTE

    from skgan import GANOversampler

    start = time.perf_counter()
    n, classes = len(X), np.unique(y)
    weight = None
    if method == "none":
        X_aug, y_aug = X, y
    elif method == "jitter":
        rng = np.random.RandomState(repeat)
        noise = rng.normal(size=X.shape) * 0.1 * X.std(axis=(0, 1))
        X_aug, y_aug = np.concatenate([X, X + noise]), np.concatenate([y, y])
    elif method == "SMOTE":
        flat = X.reshape(n, -1)
        target = {k: 2 * int((y == k).sum()) for k in classes}
        X_flat, y_aug = SMOTE(
            sampling_strategy=target, random_state=repeat
        ).fit_resample(flat, y)
        X_aug = X_flat.reshape(-1, *X.shape[1:])
    elif method == "skgan":
        sampler = GANOversampler(
            augmentation_ratio=1.0, random_state=repeat, memory=memory, **params
        )
        X_aug, y_aug = sampler.fit_resample(X, y)
    else:  # skgan-soft: the seed's workflow, soft labels as weights
        per_pair = max(1, round(n / len(classes) ** 2))
        result = GANOversampler(random_state=repeat, memory=memory, **params).augment(
            X, y, samples_per_class=per_pair
        )
        soft = result.y_synthetic
        rows, cols = np.nonzero(soft)
        X_syn = result.x_synthetic[:, :, 0, :]
        X_aug = np.concatenate([X, X_syn[rows]])
        y_aug = np.concatenate([y, classes[cols]])
        weight = np.concatenate([np.ones(n), soft[rows, cols]])
    return X_aug, y_aug, weight, time.perf_counter() - start


def log_spectrum(X):
    """(n, time * channels) flattened sequences -> log amplitude spectra."""
    return np.log1p(np.abs(np.fft.rfft(X, axis=1)))


def classifiers(seed, shape):
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    def spectrum(flat):
        return log_spectrum(flat.reshape(len(flat), *shape)).reshape(len(flat), -1)

    return {
        "spectrum": make_pipeline(
            FunctionTransformer(spectrum),
            StandardScaler(),
            LogisticRegression(max_iter=2000),
        ),
        "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
        "forest": RandomForestClassifier(300, random_state=seed, n_jobs=1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--per-class", type=int, default=20)
    parser.add_argument(
        "--skgan-params",
        type=json.loads,
        default={},
        help="GANOversampler parameters other than the defaults, as JSON",
    )
    args = parser.parse_args()
    from sklearn.metrics import balanced_accuracy_score

    scores, times = {}, {}
    with tempfile.TemporaryDirectory() as memory:
        for repeat in range(args.repeats):
            for name, X, y, X_test, y_test in datasets(args.per_class, repeat):
                for method in METHODS:
                    X_aug, y_aug, weight, seconds = augmented(
                        method, X, y, repeat, memory, args.skgan_params
                    )
                    times.setdefault((name, method), []).append(seconds)
                    for clf_name, clf in classifiers(repeat, X.shape[1:]).items():
                        last = clf.steps[-1][0] + "__" if hasattr(clf, "steps") else ""
                        fit_params = (
                            {} if weight is None else {last + "sample_weight": weight}
                        )
                        clf.fit(X_aug.reshape(len(X_aug), -1), y_aug, **fit_params)
                        pred = clf.predict(X_test.reshape(len(X_test), -1))
                        scores.setdefault((name, clf_name, method), []).append(
                            balanced_accuracy_score(y_test, pred)
                        )
            print(f"repeat {repeat + 1}/{args.repeats} done", flush=True)
    print(
        f"\nBalanced accuracy on held-out data, {args.per_class} training sequences "
        f"per class, mean (std) over {args.repeats} draws\n"
    )
    print("| dataset | classifier | " + " | ".join(METHODS) + " |")
    print("|---|---|" + "---|" * len(METHODS))
    for name in ("sines", "digits"):
        for clf_name in ("spectrum", "logreg", "forest"):
            cells = []
            for method in METHODS:
                values = np.array(scores[(name, clf_name, method)])
                cells.append(f"{values.mean():.3f} ({values.std():.3f})")
            print(f"| {name} | {clf_name} | " + " | ".join(cells) + " |")
    print("\nAugmentation time per draw, seconds (skgan-soft reuses skgan's GAN)\n")
    for name in ("sines", "digits"):
        cells = [f"{method} {np.mean(times[(name, method)]):.2f}" for method in METHODS]
        print(f"- {name}: " + ", ".join(cells))


if __name__ == "__main__":
    main()
