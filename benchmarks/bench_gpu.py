"""GPU against CPU on the same machine (issue 20): the GPU targets.

1. ``fit_resample`` with defaults on 5,000 x 20 numeric rows, 3 classes
   (``bench_speed.py``'s data), with ``device="cuda"`` and ``device="cpu"``,
   ``--repeats`` times each after a warm-up fit on each device; the ratio of
   the medians (target: CUDA >= 10x faster).
2. ``fit_resample`` with defaults on 1,000,000 x 50 (``bench_scale.py``'s
   data) on CUDA, end to end (target: <= 5 s), with its parts: encoding,
   training and sampling.

Both with and without early stopping (``early_stopping=False`` trains the
full ``max_steps``), so that step cost and training length read apart::

    python benchmarks/bench_gpu.py              # needs a CUDA device

Without CUDA the script says so and exits with status 1.
"""

import argparse
import sys
import time

import numpy as np


def _timed(make, X, y, repeats):
    import torch

    times = []
    for _ in range(repeats):
        sampler = make()
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        start = time.perf_counter()
        sampler.fit_resample(X, y)
        times.append(time.perf_counter() - start)
    return float(np.median(times)), sampler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-million", action="store_true")
    args = parser.parse_args()
    import torch
    from sklearn.datasets import make_classification

    from skgan import GANOversampler

    if not torch.cuda.is_available():
        print("no CUDA device: nothing to measure")
        sys.exit(1)
    print(
        f"torch {torch.__version__}, {torch.cuda.get_device_name()}, "
        f"{torch.get_num_threads()} CPU threads"
    )
    X, y = make_classification(
        5000,
        20,
        n_informative=10,
        n_classes=3,
        weights=[0.8, 0.15, 0.05],
        random_state=0,
    )
    for early_stopping in ("auto", False):
        medians = {}
        for device in ("cuda", "cpu"):

            def make(device=device):
                return GANOversampler(
                    device=device, early_stopping=early_stopping, random_state=0
                )

            GANOversampler(device=device, max_steps=5, random_state=0).fit(X, y)
            medians[device], sampler = _timed(make, X, y, args.repeats)
            print(
                f"5,000 x 20, early_stopping={early_stopping!r}, {device:4s}: "
                f"median {medians[device]:6.2f} s ({sampler.n_steps_} steps)",
                flush=True,
            )
        print(f"  CPU / CUDA: {medians['cpu'] / medians['cuda']:.1f}x")
    if args.skip_million:
        return
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from bench_scale import make_data

    X, y = make_data(1_000_000)
    for early_stopping in ("auto", False):
        sampler = GANOversampler(
            device="cuda", early_stopping=early_stopping, random_state=0
        )
        torch.cuda.synchronize()
        start = time.perf_counter()
        X_res, _ = sampler.fit_resample(X, y)
        total = time.perf_counter() - start
        start = time.perf_counter()
        sampler.fit(X, y)
        fit = time.perf_counter() - start
        print(
            f"1,000,000 x 50, early_stopping={early_stopping!r}, cuda: fit_resample "
            f"{total:6.2f} s (fit {fit:.2f} s, {sampler.n_steps_} steps; "
            f"{len(X_res) - len(X):,} synthetic rows)",
            flush=True,
        )


if __name__ == "__main__":
    main()
