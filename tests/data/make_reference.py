"""Record the reference outputs that tests/test_reference.py compares with.

Run from the repository root::

    python tests/data/make_reference.py            # record reference.json
    python tests/data/make_reference.py --save-files

The first form runs a few seeded fits (a numeric table, a mixed DataFrame,
sequences in both layouts, grey images), draws from every saved model file
``tests/data/v*_*.skgan``, and writes what they returned, as values, to
``reference.json`` (with the library versions and the CPU that recorded
them). The tests compare new outputs with these values within the tolerance
of :mod:`tests.rounding`, which holds on any CPU: re-record only on purpose,
after a change that is meant to change the rows, and say so in the commit.

``--save-files`` also saves the seeded fits' samplers as model files of the
current file format, ``v{FORMAT_VERSION}_{kind}.skgan``, where none exists
yet; files of earlier formats are never rewritten (they show that old files
keep loading).
"""

import glob
import json
import os
import platform
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.rounding import canonical  # noqa: E402

# Small settings and one thread (the suite must stay quick; thread counts
# change how a convolution splits its sums), and few steps: over 20 steps
# rounding differences between CPUs stay at rounding size (tests/rounding.py).
SETTINGS = dict(
    max_steps=20,
    latent_dim=8,
    generator_hidden_sizes=(16, 16),
    discriminator_hidden_sizes=(16,),
    batch_size=32,
    pack_size=4,
    n_jobs=1,
    random_state=0,
)


def table():
    from sklearn.datasets import make_classification

    return make_classification(
        n_samples=150,
        n_features=6,
        weights=[0.7, 0.2, 0.1],
        n_informative=4,
        n_classes=3,
        random_state=0,
    )


def mixed():
    import pandas as pd

    rng = np.random.RandomState(1)
    n = 120
    y = pd.Series(np.where(rng.rand(n) < 0.3, "yes", "no"), name="label")
    X = pd.DataFrame(
        {
            "age": rng.randint(18, 80, n),
            "income": rng.lognormal(10, 1, n),
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n)),
            "city": rng.choice(["Oslo", "Lima", "Pune"], n).astype(object),
            "member": rng.rand(n) < 0.4,
            "const": np.full(n, 7),
        },
        index=pd.RangeIndex(100, 100 + n),
    )
    return X, y


def sequences(four_d=False):
    rng = np.random.RandomState(2)
    t = np.linspace(0, 1, 20)
    y = np.repeat([0, 1], 15)
    X = np.stack(
        [
            np.stack(
                [np.sin(2 * np.pi * (2 + c) * t + rng.rand()) for _ in range(3)], -1
            )
            + 0.1 * rng.normal(size=(20, 3))
            for c in y
        ]
    ).astype(np.float32)
    if four_d:
        X = X[:, :, None, :]
    return X, y


def images():
    """60 of scikit-learn's 8x8 digits (0, 1 and 2), grey, in [0, 1]."""
    from sklearn.datasets import load_digits

    X, y = load_digits(n_class=3, return_X_y=True)
    rows = np.concatenate([np.flatnonzero(y == c)[:20] for c in range(3)])
    return (X[rows] / 16).astype(np.float32).reshape(-1, 8, 8), y[rows]


def outputs():
    """Name -> ``(values, n_steps, sampler)`` of each seeded run: the arrays
    (or DataFrames and Series) it returned, the steps trained (None for a
    draw from a fitted sampler) and the fitted sampler whose model file
    ``--save-files`` writes (or None)."""
    from skgan import GANOversampler

    results = {}
    X, y = table()
    sampler = GANOversampler(augmentation_ratio=0.5, **SETTINGS)
    results["table_fit_resample"] = (
        sampler.fit_resample(X, y),
        sampler.n_steps_,
        sampler,
    )
    results["table_sample_soft"] = (
        sampler.sample(y=[[0.5, 0.25, 0.25], [0, 1, 0]], random_state=3),
        None,
        None,
    )
    soft = GANOversampler(
        augmentation_ratio=1.0, soft_labels=True, interpolation=0.5, **SETTINGS
    )
    results["table_soft_interpolation"] = (soft.fit_resample(X, y), soft.n_steps_, None)

    X, y = mixed()
    sampler = GANOversampler(augmentation_ratio=0.5, **SETTINGS)
    results["mixed_fit_resample"] = (
        sampler.fit_resample(X, y),
        sampler.n_steps_,
        sampler,
    )
    results["mixed_sample"] = (sampler.sample(25, random_state=4), None, None)

    # five steps: a convolutional GAN amplifies rounding sooner
    # (tests/rounding.py)
    short = {**SETTINGS, "max_steps": 5}
    X, y = sequences()
    sampler = GANOversampler(augmentation_ratio=0.5, **short)
    results["sequence_fit_resample"] = (
        sampler.fit_resample(X, y),
        sampler.n_steps_,
        sampler,
    )
    X4, y4 = sequences(four_d=True)
    augmenter = GANOversampler(**short)
    result = augmenter.augment(X4, y4, samples_per_class=2)
    results["sequence_augment"] = (
        (result.x_train, result.y_train, np.float64(result.scale)),
        augmenter.n_steps_,
        None,
    )

    # two steps: another CPU can move an image generator's weight the other
    # way from the first step on (tests/rounding.py)
    X, y = images()
    sampler = GANOversampler(
        augmentation_ratio=0.25, data_kind="image", **{**SETTINGS, "max_steps": 2}
    )
    results["image_fit_resample"] = (
        sampler.fit_resample(X, y),
        sampler.n_steps_,
        sampler,
    )
    return results


def model_files():
    """The saved model files, ``{"v1_table": path, ...}``."""
    paths = sorted(glob.glob(os.path.join(HERE, "v*_*.skgan")))
    return {os.path.basename(p)[: -len(".skgan")]: p for p in paths}


def loaded_sample(path):
    """What the tests draw from a saved model file."""
    from skgan import GANOversampler

    return GANOversampler.load(path).sample(12, random_state=5)


def record(values, n_steps=None):
    return {"n_steps": n_steps, "values": [canonical(v) for v in values]}


def main():
    import pandas
    import sklearn
    import torch

    from skgan._persistence import FORMAT_VERSION

    results = outputs()
    if "--save-files" in sys.argv[1:]:
        for name, (_, _, sampler) in results.items():
            path = os.path.join(HERE, f"v{FORMAT_VERSION}_{name.split('_')[0]}.skgan")
            if sampler is not None and not os.path.exists(path):
                sampler.save(path)
    reference = {
        "recorded_with": {
            "torch": torch.__version__,
            "numpy": np.__version__,
            "pandas": pandas.__version__,
            "sklearn": sklearn.__version__,
            "cpu_capability": torch.backends.cpu.get_cpu_capability(),
            "machine": platform.machine(),
            "processor": _processor(),
        },
        "outputs": {
            name: record(values, n_steps)
            for name, (values, n_steps, _) in results.items()
        },
        "loaded_samples": {
            name: record(loaded_sample(path)) for name, path in model_files().items()
        },
    }
    with open(os.path.join(HERE, "reference.json"), "w") as file:
        json.dump(reference, file, separators=(",", ":"), sort_keys=True)
        file.write("\n")
    print(json.dumps(reference["recorded_with"], indent=1))


def _processor():
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
