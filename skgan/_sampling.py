"""Draw rows from a fitted generator: eval mode, no grad, exact counts, batched."""

import numpy as np
import torch


def latent_noise(n, latent_dim, truncation, generator, device):
    """``z``: (n, latent_dim) standard normal, or truncated to [-t, t].

    Truncation is by the inverse CDF (no rejection loop): values are drawn
    uniformly in probability between Phi(-t) and Phi(t).
    """
    if truncation is None:
        return torch.randn(n, latent_dim, generator=generator, device=device)
    normal = torch.distributions.Normal(0.0, 1.0)
    lo = normal.cdf(torch.tensor(-float(truncation)))
    u = torch.rand(n, latent_dim, generator=generator, device=device)
    u = lo + (1.0 - 2.0 * lo) * u
    return normal.icdf(u.clamp(1e-7, 1.0 - 1e-7))


def generate(
    generator, labels, *, activate, latent_dim, truncation, seed, batch_size=8192
):
    """Generate one row per label vector.

    ``labels``: (m, n_classes) float32 numpy -> (m, ...) float32 numpy rows in
    the encoded space. ``activate(raw, y, torch_generator)`` finishes each
    row given its label vector (e.g. one-hot samples for categorical blocks).
    Runs on the generator's device with a private ``torch.Generator`` seeded
    by ``seed``. See :func:`iter_generate` to decode batch by batch.
    """
    chunks = [
        chunk
        for _, chunk in iter_generate(
            generator,
            labels,
            activate=activate,
            latent_dim=latent_dim,
            truncation=truncation,
            seed=seed,
            batch_size=batch_size,
        )
    ]
    if not chunks:
        return np.zeros((0,), dtype=np.float32)
    return np.concatenate(chunks, axis=0)


def iter_generate(
    generator, labels, *, activate, latent_dim, truncation, seed, batch_size=8192
):
    """Yield ``(start, rows)`` batch by batch: the rows for
    ``labels[start : start + len(rows)]``, as :func:`generate` returns them
    (the same rows whatever the caller does between batches), so a caller can
    decode each batch into its output and keep memory bounded.
    """
    device = next(generator.parameters()).device
    torch_generator = torch.Generator(device=device)
    torch_generator.manual_seed(seed)
    generator.eval()
    for start in range(0, len(labels), batch_size):
        with torch.no_grad():
            y = torch.as_tensor(labels[start : start + batch_size], device=device)
            z = latent_noise(len(y), latent_dim, truncation, torch_generator, device)
            rows = activate(generator(z, y), y, torch_generator).cpu().numpy()
        yield start, rows
