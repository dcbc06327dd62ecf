"""Write the reference outputs that tests/test_reference.py checks.

Run from the repository root, ``python tests/data/make_reference.py``, to
record the digests of a few seeded fits (a numeric table, a mixed DataFrame,
sequences in both layouts) and to save one ``.skgan`` model of each kind.
The files were written before the data-kind refactor (format version 1), so
the tests show that outputs stayed bit-identical and that old files load.
Re-run it only on purpose: it replaces what the tests compare against.
``--digests-only`` updates the digests of the seeded fits (after a change to
the default training, say) and leaves the version-1 files and the samples
drawn from them as they are.
"""

import hashlib
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

# Small settings and one thread: conv outputs are reproducible only at equal
# thread counts, and the suite must stay quick.
SETTINGS = dict(
    max_steps=30,
    latent_dim=8,
    generator_hidden_sizes=(16, 16),
    discriminator_hidden_sizes=(16,),
    batch_size=32,
    pack_size=4,
    n_jobs=1,
    random_state=0,
)


def digest(*values):
    """SHA-256 of arrays, DataFrames and Series: values, dtypes, index."""
    h = hashlib.sha256()
    for value in values:
        if hasattr(value, "columns"):  # DataFrame
            h.update(repr(list(value.columns)).encode())
            h.update(repr([str(d) for d in value.dtypes]).encode())
            h.update(repr(value.index.tolist()).encode())
            for column in value.columns:
                h.update(repr(value[column].tolist()).encode())
        elif hasattr(value, "to_numpy"):  # Series
            h.update(repr((value.name, str(value.dtype))).encode())
            h.update(repr(value.index.tolist()).encode())
            h.update(repr(value.tolist()).encode())
        else:
            array = np.asarray(value)
            h.update(repr((array.dtype.str, array.shape)).encode())
            if array.dtype == object:
                h.update(repr(array.tolist()).encode())
            else:
                h.update(np.ascontiguousarray(array).tobytes())
    return h.hexdigest()


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


def outputs():
    """Name -> (digest, sampler) of each reference run."""
    from skgan import GANOversampler

    results = {}
    X, y = table()
    sampler = GANOversampler(augmentation_ratio=0.5, **SETTINGS)
    results["table_fit_resample"] = (digest(*sampler.fit_resample(X, y)), sampler)
    results["table_sample_soft"] = (
        digest(*sampler.sample(y=[[0.5, 0.25, 0.25], [0, 1, 0]], random_state=3)),
        None,
    )
    soft = GANOversampler(
        augmentation_ratio=1.0, soft_labels=True, interpolation=0.5, **SETTINGS
    )
    results["table_soft_interpolation"] = (digest(*soft.fit_resample(X, y)), None)

    X, y = mixed()
    sampler = GANOversampler(augmentation_ratio=0.5, **SETTINGS)
    results["mixed_fit_resample"] = (digest(*sampler.fit_resample(X, y)), sampler)
    results["mixed_sample"] = (digest(*sampler.sample(25, random_state=4)), None)

    X, y = sequences()
    sampler = GANOversampler(augmentation_ratio=0.5, **SETTINGS)
    results["sequence_fit_resample"] = (digest(*sampler.fit_resample(X, y)), sampler)
    X4, y4 = sequences(four_d=True)
    result = GANOversampler(**SETTINGS).augment(X4, y4, samples_per_class=2)
    results["sequence_augment"] = (
        digest(result.x_train, result.y_train, np.float64(result.scale)),
        None,
    )
    return results


def main():
    import pandas
    import sklearn
    import torch

    results = outputs()
    if "--digests-only" in sys.argv[1:]:
        path = os.path.join(HERE, "reference.json")
        with open(path) as file:
            record = json.load(file)
        record["digests"] = {name: d for name, (d, _) in results.items()}
        with open(path, "w") as file:
            json.dump(record, file, indent=1, sort_keys=True)
            file.write("\n")
        return
    record = {
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "pandas_version": pandas.__version__,
        "sklearn_version": sklearn.__version__,
        "digests": {name: d for name, (d, _) in results.items()},
        "loaded_samples": {},
    }
    for name, (_, sampler) in results.items():
        if sampler is None:
            continue
        kind = name.split("_")[0]
        sampler.save(os.path.join(HERE, f"v1_{kind}.skgan"))
        record["loaded_samples"][kind] = digest(*sampler.sample(12, random_state=5))
    with open(os.path.join(HERE, "reference.json"), "w") as file:
        json.dump(record, file, indent=1, sort_keys=True)
        file.write("\n")
    json.dump(record, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
