"""The GANs of a 5-fold cross-validation: trained at once against one by one.

On a suite-like table (1,000 x 20 numeric rows, 3 classes: 60/30/10 %) with
the default settings, in one run: the 5 folds' fits one after the other (no
cache; one fit is their mean time, and with early stopping the longest one
sets how long the GANs trained at once take), and ``prefit_folds`` with 5
folds (the GANs trained at once and stored in a cache, everything
included). The script checks that the prefitted GANs are those of the
separate fits (their histories are equal) and prints the times and the
ratios; only ratios within one run mean anything on a shared machine.

    python benchmarks/bench_folds.py [--folds 5] [--param name=value ...]

``--param`` sets a GANOversampler parameter (a Python literal), e.g.
``--param "generator_hidden_sizes=(32, 32)" --param batch_size=64`` for
small networks, where the steps' fixed cost weighs most.
"""

import argparse
import ast
import tempfile
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--param", action="append", default=[])
    args = parser.parse_args()
    from sklearn.base import clone
    from sklearn.datasets import make_classification
    from sklearn.model_selection import StratifiedKFold

    from skgan import GANOversampler, prefit_folds

    params = {}
    for item in args.param:
        name, _, value = item.partition("=")
        params[name.strip()] = ast.literal_eval(value.strip())
    X, y = make_classification(
        1000,
        20,
        n_informative=8,
        n_classes=3,
        weights=[0.6, 0.3, 0.1],
        random_state=0,
    )
    cv = StratifiedKFold(args.folds, shuffle=True, random_state=0)
    folds = [train for train, _ in cv.split(X, y)]
    sampler = GANOversampler(random_state=0, **params)

    separate, times = [], []
    for train in folds:
        start = time.perf_counter()
        separate.append(clone(sampler).fit(X[train], y[train]))
        times.append(time.perf_counter() - start)
    t_separate = sum(times)

    with tempfile.TemporaryDirectory() as cache:
        cached = clone(sampler).set_params(memory=cache)
        start = time.perf_counter()
        prefit_folds(cached, X, y, cv=cv, refit=False)
        t_batched = time.perf_counter() - start
        hits = [clone(cached).fit(X[train], y[train]) for train in folds]
    same = all(a.history_ == b.history_ for a, b in zip(separate, hits))
    steps = [s.n_steps_ for s in separate]

    k = args.folds
    t_mean, t_longest = t_separate / k, max(times)
    settings = params or "default"
    print(f"{k} folds of 1,000 x 20 numeric rows, 3 classes, settings: {settings}")
    print(f"steps per GAN (early stopping): {steps}")
    print(f"one fit (mean of the {k}):  {t_mean:7.1f} s")
    print(f"longest fit:              {t_longest:7.1f} s")
    print(f"{k} separate fits:         {t_separate:7.1f} s")
    print(f"{k} folds at once:         {t_batched:7.1f} s (prefit_folds)")
    print(f"at once / one fit:        {t_batched / t_mean:7.2f}x")
    print(f"at once / longest fit:    {t_batched / t_longest:7.2f}x")
    print(f"at once / separate fits:  {t_batched / t_separate:7.2f}x")
    print(f"same GANs as the separate fits: {same}")
    if not same:
        raise SystemExit("the prefitted GANs differ from the separate fits")
    return np.array([t_mean, t_longest, t_separate, t_batched])


if __name__ == "__main__":
    main()
