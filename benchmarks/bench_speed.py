"""Time GANOversampler.fit_resample (defaults) against SMOTE in the same run.

5,000 rows x 20 numeric features, 3 classes (80/15/5 %). Each sampler runs
``--repeats`` times in a fresh process-level warm state (the first repeat
includes torch's one-time optimizer set-up); the table gives the best and the
median wall-clock time and the ratio to SMOTE taken in the same run.

    python benchmarks/bench_speed.py
"""

import argparse
import platform
import time

import numpy as np


def main(repeats=3, n_samples=5000, n_features=20):
    import torch
    from imblearn.over_sampling import SMOTE
    from sklearn.datasets import make_classification

    from skgan import GANOversampler

    X, y = make_classification(
        n_samples,
        n_features,
        n_informative=10,
        n_classes=3,
        weights=[0.8, 0.15, 0.05],
        random_state=0,
    )
    print(
        f"{n_samples} x {n_features}, classes {np.bincount(y).tolist()}; "
        f"{platform.processor() or platform.machine()}, "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    )
    timings = {}
    for name, make in [
        ("SMOTE", lambda: SMOTE(random_state=0)),
        ("GANOversampler", lambda: GANOversampler(random_state=0)),
    ]:
        times = []
        for _ in range(repeats):
            sampler = make()
            started = time.perf_counter()
            sampler.fit_resample(X, y)
            times.append(time.perf_counter() - started)
        timings[name] = times
        print(
            f"{name:16s} first {times[0]:7.2f} s  best {min(times):7.2f} s  "
            f"median {np.median(times):7.2f} s",
            flush=True,
        )
    ratio = np.median(timings["GANOversampler"]) / np.median(timings["SMOTE"])
    print(f"GANOversampler / SMOTE (median): {ratio:.0f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    main(parser.parse_args().repeats)
