"""``skgan demo`` (``python -m skgan demo``): a demo on data that ships with
scikit-learn.

The breast-cancer table is made imbalanced (1 malignant tumour for every 10
benign ones), then a logistic regression is cross-validated three ways: on the
training folds as they are, after SMOTE, and after GANOversampler. Only the
training folds are resampled; the held-out folds are scored with balanced
accuracy and G-mean (the geometric mean of the per-class recalls).

With matplotlib installed (``pip install "skgan[plot]"``) the demo also writes
a picture of the last fold's GAN (``skgan_demo.png``, or ``--plot PATH``;
``--no-plot`` skips it): its training history, the marginals of a few features
for the malignant class, and a PCA projection of real and synthetic rows.

Its options are parsed by :mod:`skgan._cli_parser`; :func:`run` runs it. This
module imports numpy, scikit-learn and torch: the command line imports it
only when the demo runs.
"""

import importlib.util
import os
import time

import numpy as np
from imblearn.metrics import geometric_mean_score
from imblearn.over_sampling import SMOTE
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skgan import GANOversampler


def _imbalanced_breast_cancer(ratio, random_state):
    """Every benign row and one malignant row for every ``ratio`` benign ones."""
    X, y = load_breast_cancer(return_X_y=True)
    y = 1 - y  # 1 = malignant, the minority class
    rng = np.random.RandomState(random_state)
    benign = np.flatnonzero(y == 0)
    malignant = rng.choice(np.flatnonzero(y == 1), len(benign) // ratio, replace=False)
    rows = np.sort(np.concatenate([benign, malignant]))
    return X[rows], y[rows]


# features drawn in the picture: mean radius, mean texture, mean concavity,
# worst area
_PICTURE_FEATURES = [0, 1, 6, 23]


def _write_picture(
    path,
    sampler,
    X,
    y,
    X_synthetic,
    y_synthetic,
    *,
    features,
    feature_names=None,
    class_names=None,
):
    """Save the history, marginals and projection of ``sampler`` as one image.

    ``X, y`` are the rows ``sampler`` was fitted on and ``X_synthetic,
    y_synthetic`` rows it generated. The figure is rendered by
    ``Figure.savefig`` (the Agg canvas for PNG), without pyplot, so
    matplotlib's global backend is left alone. Returns the absolute path.
    """
    from matplotlib.figure import Figure

    from skgan.plotting import plot_history, plot_marginals, plot_projection

    if class_names is not None:  # readable labels in titles and legends
        names = np.asarray(class_names, dtype=object)
        y, y_synthetic = names[np.asarray(y)], names[np.asarray(y_synthetic)]
    classes = np.unique(np.asarray(y_synthetic)).tolist()
    fig = Figure(figsize=(3.4 * max(len(features), 4), 4.5 + 3 * len(classes)))
    fig.set_layout_engine("constrained")
    grid = fig.add_gridspec(
        1 + len(classes), 2 * len(features), height_ratios=[1.6, *[1] * len(classes)]
    )
    half = len(features)
    plot_history(sampler, ax=fig.add_subplot(grid[0, :half]))
    plot_projection(
        X,
        y,
        X_synthetic,
        y_synthetic,
        ax=fig.add_subplot(grid[0, half:]),
        random_state=0,
    )
    axes = [
        fig.add_subplot(grid[1 + row, 2 * col : 2 * col + 2])
        for row in range(len(classes))
        for col in range(len(features))
    ]
    axes = plot_marginals(
        X,
        y,
        X_synthetic,
        y_synthetic,
        features=features,
        classes=classes,
        bins=15,
        axes=axes,
    )
    if feature_names is not None:
        for row, label in enumerate(classes):
            for col, j in enumerate(features):
                axes[row, col].set_title(f"{feature_names[j]} ({label})")
    fig.suptitle("GANOversampler on one training fold")
    path = os.path.abspath(path)
    fig.savefig(path, dpi=100)
    return path


def run(args):
    """Run the demo with the parsed options (``folds``, ``ratio``, ``plot``,
    ``no_plot``); return the exit status, 0."""
    X, y = _imbalanced_breast_cancer(args.ratio, random_state=0)
    print(
        f"breast cancer, made imbalanced: {len(y)} rows, {X.shape[1]} features, "
        f"{np.sum(y == 1)} malignant / {np.sum(y == 0)} benign; "
        f"{args.folds}-fold cross-validation, logistic regression\n"
    )
    samplers = {
        "no resampling": None,
        "SMOTE": SMOTE(random_state=0),
        "GANOversampler": GANOversampler(random_state=0),
    }
    results = {name: {"bal_acc": [], "g_mean": [], "seconds": []} for name in samplers}
    cv = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    for train, test in cv.split(X, y):
        for name, sampler in samplers.items():
            started = time.perf_counter()
            if sampler is None:
                X_fit, y_fit = X[train], y[train]
            else:
                X_fit, y_fit = sampler.fit_resample(X[train], y[train])
                if name == "GANOversampler":  # the last fold's GAN is pictured
                    n = len(train)
                    pictured = (X[train], y[train], X_fit[n:], y_fit[n:])
            seconds = time.perf_counter() - started
            model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
            predicted = model.fit(X_fit, y_fit).predict(X[test])
            results[name]["bal_acc"].append(balanced_accuracy_score(y[test], predicted))
            results[name]["g_mean"].append(geometric_mean_score(y[test], predicted))
            results[name]["seconds"].append(seconds)

    print(f"{'':16s} {'balanced accuracy':>18s} {'G-mean':>14s} {'resample time':>14s}")
    for name, r in results.items():
        print(
            f"{name:16s} {np.mean(r['bal_acc']):11.3f} ± {np.std(r['bal_acc']):.3f}"
            f" {np.mean(r['g_mean']):7.3f} ± {np.std(r['g_mean']):.3f}"
            f" {np.mean(r['seconds']):12.2f} s"
        )
    print("\n(mean ± standard deviation over the held-out folds)")
    if args.no_plot:
        return 0
    if importlib.util.find_spec("matplotlib") is None:
        print(
            'Install matplotlib (pip install "skgan[plot]") to also get a picture '
            "of the GAN: training history, marginals and a PCA projection."
        )
        return 0
    path = _write_picture(
        args.plot,
        samplers["GANOversampler"],
        *pictured,
        features=_PICTURE_FEATURES,
        feature_names=load_breast_cancer().feature_names,
        class_names=["benign", "malignant"],
    )
    print(f"picture of the last fold's GAN written to {path}")
    return 0
