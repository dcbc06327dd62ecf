"""Residual MLP generator and discriminator for encoded tabular rows."""

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from skgan._encoding import CATEGORICAL


class _ConditionalNorm(nn.Module):
    """LayerNorm whose gain and bias come from the condition (BigGAN's cBN).

    ``h``: (batch, width), ``c``: (batch, cond_dim) -> (batch, width).
    """

    def __init__(self, width, cond_dim):
        super().__init__()
        self.norm = nn.LayerNorm(width, elementwise_affine=False)
        self.gain = nn.Linear(cond_dim, width)
        self.bias = nn.Linear(cond_dim, width)
        nn.init.zeros_(self.gain.weight)
        nn.init.zeros_(self.gain.bias)
        nn.init.zeros_(self.bias.weight)
        nn.init.zeros_(self.bias.bias)

    def forward(self, h, c):
        return self.norm(h) * (1.0 + self.gain(c)) + self.bias(c)


class _GeneratorBlock(nn.Module):
    """Pre-activation residual block conditioned on ``c`` at both norms."""

    def __init__(self, in_width, out_width, cond_dim):
        super().__init__()
        self.norm1 = _ConditionalNorm(in_width, cond_dim)
        self.linear1 = nn.Linear(in_width, out_width)
        self.norm2 = _ConditionalNorm(out_width, cond_dim)
        self.linear2 = nn.Linear(out_width, out_width)
        self.skip = (
            nn.Identity() if in_width == out_width else nn.Linear(in_width, out_width)
        )
        self.act = nn.ReLU()

    def forward(self, h, c):
        out = self.linear1(self.act(self.norm1(h, c)))
        out = self.linear2(self.act(self.norm2(out, c)))
        return self.skip(h) + out


class ResidualMLPGenerator(nn.Module):
    """Class-conditional residual MLP generator.

    The label vector is embedded by a linear map (so soft labels interpolate
    between class embeddings); the embedding and ``z`` form the input, and the
    embedding sets the gain and bias of every block's normalisation (BigGAN's
    shared class embedding and conditional normalisation). One output head
    per span: numeric spans are linear, categorical spans give logits.

    ``z``: (batch, latent_dim), ``y``: (batch, n_classes) -> (batch, sum of
    span widths) raw outputs; see :func:`activate_spans`.
    """

    def __init__(self, latent_dim, n_classes, hidden_sizes, spans, embedding_dim=32):
        super().__init__()
        self.spans = list(spans)
        self.embed = nn.Linear(n_classes, embedding_dim, bias=False)
        cond_dim = embedding_dim
        self.input = nn.Linear(latent_dim + embedding_dim, hidden_sizes[0])
        widths = [hidden_sizes[0], *hidden_sizes]
        self.blocks = nn.ModuleList(
            _GeneratorBlock(a, b, cond_dim) for a, b in zip(widths[:-1], widths[1:])
        )
        self.out_norm = _ConditionalNorm(widths[-1], cond_dim)
        self.heads = nn.ModuleList(nn.Linear(widths[-1], s.width) for s in self.spans)

    def forward(self, z, y):
        c = self.embed(y)
        h = self.input(torch.cat([z, c], dim=1))
        for block in self.blocks:
            h = block(h, c)
        h = torch.relu(self.out_norm(h, c))
        return torch.cat([head(h) for head in self.heads], dim=1)


def activate_spans(raw, spans, *, tau=0.2, hard=False, generator=None):
    """Turn raw generator outputs into rows of the encoded space.

    Numeric spans pass through. Categorical logits get Gumbel noise (drawn
    with ``generator``): a relaxed one-hot ``softmax((logits + g) / tau)`` in
    training, an exact one-hot sample (``hard=True``) when sampling, so
    categories come out at the frequencies the generator learned.
    """
    if all(s.kind != CATEGORICAL for s in spans):
        return raw
    parts, start = [], 0
    for span in spans:
        block = raw[:, start : start + span.width]
        start += span.width
        if span.kind == CATEGORICAL:
            u = torch.rand(block.shape, generator=generator, device=block.device)
            gumbel = -torch.log(-torch.log(u.clamp_min(1e-10)).clamp_min(1e-10))
            logits = block + gumbel
            if hard:
                block = nn.functional.one_hot(logits.argmax(1), span.width).to(
                    raw.dtype
                )
            else:
                block = torch.softmax(logits / tau, dim=1)
        parts.append(block)
    return torch.cat(parts, dim=1)


class ResidualMLPDiscriminator(nn.Module):
    """Residual MLP critic with spectral norm and projection conditioning.

    ``score(x, y) = w . phi(x) + <E y, phi(x)>`` (Miyato & Koyama's
    projection); every linear map, the label embedding ``E`` included, is
    spectrally normalised.

    ``x``: (batch, input_dim), ``y``: (batch, n_classes) -> (batch,) scores.
    """

    def __init__(self, input_dim, n_classes, hidden_sizes):
        super().__init__()
        widths = [hidden_sizes[0], *hidden_sizes]
        self.input = spectral_norm(nn.Linear(input_dim, widths[0]))
        self.blocks = nn.ModuleList(
            _DiscriminatorBlock(a, b) for a, b in zip(widths[:-1], widths[1:])
        )
        self.act = nn.LeakyReLU(0.2)
        self.linear = spectral_norm(nn.Linear(widths[-1], 1))
        self.embed = spectral_norm(nn.Linear(n_classes, widths[-1], bias=False))

    def forward(self, x, y):
        h = self.input(x)
        for block in self.blocks:
            h = block(h)
        h = self.act(h)
        return self.linear(h).squeeze(1) + (self.embed(y) * h).sum(dim=1)


class _DiscriminatorBlock(nn.Module):
    """Pre-activation residual block with spectrally normalised linear maps."""

    def __init__(self, in_width, out_width):
        super().__init__()
        self.linear1 = spectral_norm(nn.Linear(in_width, out_width))
        self.linear2 = spectral_norm(nn.Linear(out_width, out_width))
        self.skip = (
            nn.Identity()
            if in_width == out_width
            else spectral_norm(nn.Linear(in_width, out_width))
        )
        self.act = nn.LeakyReLU(0.2)

    def forward(self, h):
        out = self.linear2(self.act(self.linear1(self.act(h))))
        return self.skip(h) + out
