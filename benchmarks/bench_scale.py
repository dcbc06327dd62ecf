"""Scale: fit_resample on up to 1,000,000 x 50 numeric rows (issue 7).

For each size n the table gives, measured in a fresh process each:

* the peak extra resident memory of ``fit_resample`` (the high-water mark of
  the process, reset just before the call, minus its size before the call),
  as a multiple of the input array's size; the output array alone is
  ``(n + synthetic) / n`` times the input. A small fit first pays torch's
  one-time set-up, which does not grow with the data;
* the time to encode the rows (the encoder's ``fit_transform``), to train
  (the rest of ``fit``: a fixed number of steps, not growing with n) and to
  draw and decode ``n`` synthetic rows with ``sample``; and the whole
  ``fit_resample``;
* time per million rows, to read linearity off.

Data: two Gaussian classes (90 % / 10 %), 50 float64 columns of mixed shapes
(normal, log-normal, rounded integers), so ``fit_resample`` with defaults
balances by generating 0.8 n rows.

    python benchmarks/bench_scale.py                    # 100k, 300k, 1M
    python benchmarks/bench_scale.py --sizes 1000000
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np


def make_data(n, d=50, seed=0):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.1).astype(np.int64)
    X = rng.standard_normal((n, d))
    X += y[:, None] * np.linspace(0.5, 1.5, d)  # the minority class is shifted
    third = d // 3
    X[:, :third] = np.exp(X[:, :third])  # skewed columns
    X[:, third : 2 * third] = np.round(3 * X[:, third : 2 * third])  # integers
    return X, y


def _rss():
    with open("/proc/self/status") as f:
        fields = dict(line.split(":", 1) for line in f)
    return int(fields["VmRSS"].split()[0]) * 1024, int(
        fields["VmHWM"].split()[0]
    ) * 1024


def _reset_peak():
    with open("/proc/self/clear_refs", "w") as f:  # resets VmHWM (Linux >= 4.0)
        f.write("5")


def one_size(n):
    """Run in a child process: measurements for one size, as JSON."""

    from skgan import GANOversampler
    from skgan._kinds.table import TabularEncoder

    # torch's one-time set-up (imports, thread pools, the optimizer's first
    # call) is paid by a small fit first: it is not proportional to the data
    GANOversampler(max_steps=2, random_state=0).fit_resample(*make_data(1000))
    X, y = make_data(n)
    record = {"n": n, "input_mb": X.nbytes / 2**20}

    start = time.perf_counter()
    TabularEncoder().fit_transform(X, y, 2, np.random.RandomState(0))
    record["encode_s"] = time.perf_counter() - start

    import gc

    gc.collect()
    base, _ = _rss()
    _reset_peak()
    start = time.perf_counter()
    sampler = GANOversampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    record["fit_resample_s"] = time.perf_counter() - start
    _, peak = _rss()
    record["peak_extra_mb"] = (peak - base) / 2**20
    record["output_mb"] = X_res.nbytes / 2**20
    record["n_synthetic"] = len(y_res) - n
    assert np.array_equal(X_res[:n], X)
    del X_res, y_res
    gc.collect()

    start = time.perf_counter()
    sampler.fit(X, y)
    record["fit_s"] = time.perf_counter() - start
    record["train_s"] = record["fit_s"] - record["encode_s"]
    start = time.perf_counter()
    sampler.sample(n, random_state=0)
    record["sample_s"] = time.perf_counter() - start
    record["n_steps"] = sampler.n_steps_
    print(json.dumps(record))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        return one_size(args.child)
    import torch

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, 50 columns")
    rows = []
    for n in map(int, args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(
            f"n={r['n']:>9,}  input {r['input_mb']:7.0f} MB  peak extra "
            f"{r['peak_extra_mb']:7.0f} MB = {r['peak_extra_mb'] / r['input_mb']:.2f}x "
            f"(output alone {r['output_mb'] / r['input_mb']:.2f}x)  encode "
            f"{r['encode_s']:6.2f} s  train {r['train_s']:6.2f} s ({r['n_steps']} "
            f"steps)  sample n {r['sample_s']:6.2f} s  fit_resample "
            f"{r['fit_resample_s']:6.2f} s",
            flush=True,
        )
    print("\nper million rows: encode / sample n")
    for r in rows:
        m = r["n"] / 1e6
        print(
            f"n={r['n']:>9,}  {r['encode_s'] / m:6.2f} s / {r['sample_s'] / m:6.2f} s"
        )


if __name__ == "__main__":
    main()
