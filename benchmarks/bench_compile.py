"""Does ``torch.compile`` pay for its compile time on the CPU? (issue 20)

The default table networks (widths 128, batch 256, pack 8, 20 numeric
columns, 3 classes) run the training step of ``skgan._training`` (a
discriminator update on a real and a fake batch, then a generator update on
the same fake batch) eagerly and with the discriminator's loss, the
generator's forward pass and the generator's loss compiled by
``torch.compile`` (inductor). The report gives the time of the first steps
(compilation included) and the time per step after that, and how many
default fits (``--steps`` steps each) a process must run before compiling
pays::

    python benchmarks/bench_compile.py
"""

import argparse
import time


def run(compiled, n_steps, batch=256, width=128, n_features=20, n_classes=3):
    import torch

    from skgan._adam import Adam
    from skgan._losses import hinge_discriminator, hinge_generator
    from skgan.nn import ResidualMLPDiscriminator, ResidualMLPGenerator

    torch.manual_seed(0)
    generator = ResidualMLPGenerator(
        32, n_classes, (width, width), [("numeric", n_features)]
    )
    discriminator = ResidualMLPDiscriminator(
        n_features, n_classes, (width, width), pack_size=8
    )
    opt_g = Adam(generator.parameters(), 1e-3)
    opt_d = Adam(discriminator.parameters(), 1e-3)
    g_params = list(generator.parameters())
    data = torch.randn(1000, n_features)
    eye = torch.eye(n_classes)

    def d_loss(real, fake, y):
        scores = discriminator(torch.cat([real, fake]), torch.cat([y, y]))
        real_scores, fake_scores = scores.chunk(2)
        return hinge_discriminator(real_scores, fake_scores)

    def forward(z, y):
        return generator(z, y)

    def g_loss(fake, y):
        return hinge_generator(discriminator(fake, y))

    if compiled:
        d_loss, forward, g_loss = (torch.compile(f) for f in (d_loss, forward, g_loss))

    def step():
        index = torch.randint(len(data), (batch,))
        classes = torch.randint(n_classes, (batch // 8,)).repeat_interleave(8)
        y = eye[classes]
        fake = forward(torch.randn(batch, 32), y)
        loss = d_loss(data[index], fake.detach(), y)
        opt_d.zero_grad()
        loss.backward()
        opt_d.step()
        discriminator.eval().requires_grad_(False)
        loss = g_loss(fake, y)
        discriminator.train().requires_grad_(True)
        opt_g.zero_grad()
        loss.backward(inputs=g_params)
        opt_g.step()

    start = time.perf_counter()
    for _ in range(3):
        step()
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(n_steps):
        step()
    return first, (time.perf_counter() - start) / n_steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args()
    import torch

    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads")
    eager_first, eager = run(False, 200)
    compiled_first, compiled = run(True, 200)
    print(
        f"eager     first 3 steps {eager_first:7.2f} s, then {eager * 1e3:.2f} ms/step"
    )
    print(
        f"compiled  first 3 steps {compiled_first:7.2f} s, then "
        f"{compiled * 1e3:.2f} ms/step"
    )
    saved = (eager - compiled) * args.steps
    if saved > 0:
        print(
            f"a {args.steps}-step fit saves {saved:.2f} s: compiling pays after "
            f"{compiled_first / saved:.0f} fits in one process"
        )
    else:
        print("compiled steps are not faster: compiling never pays")


if __name__ == "__main__":
    main()
