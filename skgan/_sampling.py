"""Draw rows from a fitted generator: eval mode, no grad, exact counts, batched."""

import torch

from skgan._utils import make_generator


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


def iter_generate(
    generator, labels, *, activate, latent_dim, truncation, seed, batch_size=8192
):
    """Generate one row per label vector, batch by batch.

    ``labels``: (m, n_classes) float32 numpy. Yields ``(start, rows)``: float32
    numpy rows in the encoded space for ``labels[start : start + len(rows)]``
    (the same rows whatever the caller does between batches), so a caller can
    decode each batch into its output and keep memory bounded.
    ``activate(raw, y, torch_generator)`` finishes each row given its label
    vector (e.g. one-hot samples for categorical blocks). Runs on the
    generator's device with a private ``torch.Generator`` seeded by ``seed``.
    """
    device = next(generator.parameters()).device
    torch_generator = make_generator(seed, device)
    generator.eval()
    for start in range(0, len(labels), batch_size):
        with torch.no_grad():
            y = torch.as_tensor(labels[start : start + batch_size], device=device)
            z = latent_noise(len(y), latent_dim, truncation, torch_generator, device)
            rows = activate(generator(z, y), y, torch_generator).cpu().numpy()
        yield start, rows
