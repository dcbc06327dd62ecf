"""How a default fit's cost grows with the data (issue 30's scaling table).

For each shape below, random data of that shape (2 classes, an equal number of
samples each) is fitted twice with the defaults but ``max_steps``: once with
``--short`` steps and once with ``--long`` steps. The difference gives the
cost of one step, the rest the fixed cost (validation, encoding, building the
networks, sampling); the default fit's time is estimated as the fixed cost
plus the default ``max_steps`` times the step (tables stop early: their
figure is an upper bound). The table also gives both networks' parameter
counts and the default steps.

Axes (the others held at the first value in brackets):

- sequence length 64 to 2,048 (8 channels, 40 samples);
- sequence channels 2 to 64 (256 steps, 40 samples);
- number of samples 20 to 5,000 (sequences of 256 x 8);
- image side 8 to 64, 1 and 3 channels (100 images);
- table width 5 to 500 columns (1,000 rows).

    python benchmarks/bench_cost.py                       # every axis
    python benchmarks/bench_cost.py --axes image --short 5 --long 15   # quick

skgan internals it uses: the fitted sampler's ``model_.kind`` and
``encoder_``, ``skgan._config.TrainingConfig.from_estimator`` and
``DataKind.build_networks`` (to count the discriminator's parameters, which
a fitted sampler does not keep).
"""

import argparse
import time

import numpy as np

AXES = {
    "length": [(n, 8) for n in (64, 128, 256, 512, 1024, 2048)],
    "channels": [(256, c) for c in (2, 4, 8, 16, 32, 64)],
    "samples": [20, 100, 500, 1000, 5000],
    "image": [(s, c) for c in (1, 3) for s in (8, 16, 32, 64)],
    "table": [5, 20, 50, 100, 200, 500],
}


def make(axis, value, rng):
    """``(X, y, data_kind, label)`` for one point of an axis."""
    if axis in ("length", "channels"):
        n_steps, n_channels = value
        X = rng.standard_normal((40, n_steps, n_channels)).cumsum(1) / 10
        return X, np.repeat([0, 1], 20), "sequence", f"{n_steps} x {n_channels}"
    if axis == "samples":
        X = rng.standard_normal((value, 256, 8)).cumsum(1) / 10
        return X, np.arange(value) % 2, "sequence", f"{value} x 256 x 8"
    if axis == "image":
        side, n_channels = value
        X = rng.uniform(0, 1, (100, side, side, n_channels))
        return X, np.arange(100) % 2, "image", f"{side} x {side} x {n_channels}"
    X = rng.standard_normal((1000, value))
    return X, np.arange(1000) % 2, "table", f"1000 x {value}"


def n_parameters(module):
    return sum(p.numel() for p in module.parameters())


def measure(X, y, data_kind, short, long):
    from skgan import GANOversampler
    from skgan._config import TrainingConfig

    times = {}
    for steps in (short, long):
        sampler = GANOversampler(data_kind=data_kind, max_steps=steps, random_state=0)
        if data_kind == "table":
            sampler.set_params(early_stopping=False)
        started = time.perf_counter()
        sampler.fit_resample(X, y)
        times[steps] = time.perf_counter() - started
    step = (times[long] - times[short]) / (long - short)
    fixed = max(0.0, times[short] - short * step)
    default = GANOversampler(data_kind=data_kind)
    kind, encoder = sampler.model_.kind, sampler.encoder_
    config = TrainingConfig.from_estimator(default, kind, X.shape)
    generator, discriminator = kind.build_networks(encoder, 2, config)
    return {
        "step_ms": 1000 * step,
        "fixed_s": fixed,
        "steps": config.max_steps,
        "fit_s": fixed + config.max_steps * step,
        "g_params": n_parameters(generator),
        "d_params": n_parameters(discriminator),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--axes", nargs="+", default=list(AXES), choices=list(AXES))
    parser.add_argument("--short", type=int, default=10)
    parser.add_argument("--long", type=int, default=40)
    args = parser.parse_args()
    import torch

    print(
        f"torch threads: {torch.get_num_threads()}; steps {args.short} and {args.long}"
    )
    print(
        "\n| axis | data | G params | D params | ms / step | fixed (s) "
        "| default steps | default fit (s, estimated) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for axis in args.axes:
        for value in AXES[axis]:
            X, y, data_kind, label = make(axis, value, np.random.default_rng(0))
            r = measure(X, y, data_kind, args.short, args.long)
            print(
                f"| {axis} | {label} | {r['g_params']:,} | {r['d_params']:,} "
                f"| {r['step_ms']:.1f} | {r['fixed_s']:.2f} | {r['steps']} "
                f"| {r['fit_s']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
