"""Hot path: how much of a fit is the networks' own work (issue 7).

The limit is a bare loop of the same networks (the generator and
discriminator a default ``GANOversampler`` builds for the data, the same
fused Adam optimizers) on random tensors already in memory: per step one
discriminator update on a real and a fake batch and one generator update, the
hinge losses and nothing else. Its time over the time of a whole
``GANOversampler.fit`` (validation, encoding, class-balanced batches by
index, the label-conditioned output activation, moment matching, the EMA,
the early-stopping checks, the loss history) is the share of the fit spent in
the networks' forward, backward and optimizer work. The bare loop runs as
many steps as the fit trained. Runs alternate (fit, bare, fit, bare, ...) and
the medians are compared, so machine noise hits both alike.

    python benchmarks/bench_hotpath.py                    # 5,000 x 20 numeric
    python benchmarks/bench_hotpath.py --categorical      # plus 4 categorical columns

skgan internals it uses, kept few so that a refactoring breaks little: the
fitted sampler's ``model_.kind`` and ``encoder_``, its training configuration
(``skgan._config.TrainingConfig.from_estimator``), ``DataKind.build_networks`` and
``skgan._adam.Adam`` (the optimizer a fit uses).
"""

import argparse
import time

import numpy as np


def make_data(categorical, n_samples=5000):
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples,
        20,
        n_informative=10,
        n_classes=3,
        weights=[0.8, 0.15, 0.05],
        random_state=0,
    )
    if not categorical:
        return X, y, None
    rng = np.random.RandomState(0)
    cats = rng.randint(0, 6, size=(n_samples, 4)).astype(object)
    X = np.concatenate([X.astype(object), cats], axis=1)
    return X, y, [20, 21, 22, 23]


def bare_loop(kind, encoder, n_classes, config, n_steps, seed=0):
    """The same networks and optimizers, on random tensors: the limit."""
    import torch

    from skgan._adam import Adam

    torch.manual_seed(seed)  # inside a forked RNG (below): no global change
    generator, discriminator = kind.build_networks(encoder, n_classes, config)
    batch = config.batch_size
    opt_g = Adam(generator.parameters(), config.generator_learning_rate)
    opt_d = Adam(list(discriminator.parameters()), config.discriminator_learning_rate)
    g_params = list(generator.parameters())
    real = torch.randn(batch, encoder.output_dim_)
    y = torch.eye(n_classes)[torch.randint(n_classes, (batch,))]
    start = time.perf_counter()
    for _ in range(n_steps):
        z = torch.randn(batch, config.latent_dim)
        fake = generator(z, y)
        scores = discriminator(torch.cat([real, fake.detach()]), torch.cat([y, y]))
        r, f = scores.chunk(2)
        loss = torch.relu(1 - r).mean() + torch.relu(1 + f).mean()
        opt_d.zero_grad()
        loss.backward()
        opt_d.step()
        g_loss = -discriminator(fake, y).mean()
        opt_g.zero_grad()
        g_loss.backward(inputs=g_params)
        opt_g.step()
    return time.perf_counter() - start


def main(repeats, categorical):
    import torch

    from skgan import GANOversampler
    from skgan._config import TrainingConfig

    X, y, cat = make_data(categorical)
    sampler = GANOversampler(
        random_state=0, categorical_features=cat if cat is not None else "auto"
    )
    print(
        f"{X.shape[0]} x {X.shape[1]} ({'with' if cat else 'no'} categorical columns), "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    )
    sampler.fit(X, y)  # warm-up: torch's one-time set-up
    kind, encoder = sampler.model_.kind, sampler.encoder_
    config = TrainingConfig.from_estimator(sampler, kind, X.shape)
    n_classes = len(sampler.classes_)
    fits, bares = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        sampler.fit(X, y)
        fits.append(time.perf_counter() - start)
        with torch.random.fork_rng():
            bares.append(bare_loop(kind, encoder, n_classes, config, sampler.n_steps_))
        print(f"fit {fits[-1]:6.2f} s   bare loop {bares[-1]:6.2f} s", flush=True)
    share = np.median(bares) / np.median(fits)
    print(
        f"median: fit {np.median(fits):.2f} s, bare loop {np.median(bares):.2f} s "
        f"({sampler.n_steps_} steps): the networks' own work is {share:.0%} of a fit"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--categorical", action="store_true")
    args = parser.parse_args()
    main(args.repeats, args.categorical)
