"""Residual MLP generator and discriminator for encoded tabular rows."""

from dataclasses import dataclass

import torch
from torch import nn

from skgan.nn._layers import (
    ConditionalNorm,
    SNLinear,
    class_conditions,
    conditioning_layer,
    generator_config,
)

NUMERIC = "numeric"
CATEGORICAL = "categorical"


@dataclass(frozen=True)
class Span:
    """A block of an encoded row, as the table encoder lays it out and the
    generator's output activation reads it: ``kind`` is "numeric" (values
    of standard-normal scale) or "categorical" (a one-hot block)."""

    kind: str
    width: int


class _GeneratorBlock(nn.Module):
    """Pre-activation residual block, conditioned at both normalizations.

    ``h``: (batch, in_width); ``gains``, ``biases``: two (batch, width) tensors
    each, for the first and the second normalization.
    """

    def __init__(self, in_width, out_width):
        super().__init__()
        self.norm1 = ConditionalNorm(in_width)
        self.linear1 = nn.Linear(in_width, out_width)
        self.norm2 = ConditionalNorm(out_width)
        self.linear2 = nn.Linear(out_width, out_width)
        self.skip = (
            nn.Identity() if in_width == out_width else nn.Linear(in_width, out_width)
        )

    @property
    def norm_widths(self):
        return [self.norm1.width, self.norm2.width]

    def forward(self, h, gains, biases):
        out = self.linear1(torch.relu(self.norm1(h, gains[0], biases[0])))
        out = self.linear2(torch.relu(self.norm2(out, gains[1], biases[1])))
        return self.skip(h) + out


class ResidualMLPGenerator(nn.Module):
    """Class-conditional residual MLP generator of encoded table rows.

    The label vector is embedded by a linear map (so soft labels interpolate
    between class embeddings). The embedding joins ``z`` at the input and sets
    the gain and bias of every normalization (BigGAN's shared class embedding
    and conditional normalization; one linear map computes them all). The
    output layer is one head per span of the encoded row, stacked into a
    single matrix: a numeric span's values, a categorical span's logits. A
    linear path from ``z`` to the output adds a Gaussian copula that the
    residual MLP refines.

    Parameters
    ----------
    latent_dim : int
        Size of the latent vector ``z``.
    n_classes : int
        Length of the label vectors ``y``.
    hidden_sizes : tuple of int
        Widths of the residual blocks (one block per width).
    spans : list of Span or (kind, width) pairs
        The layout of an encoded row: blocks of ``"numeric"`` values and of
        ``"categorical"`` one-hot columns, in order.
    embedding_dim : int, default=32
        Size of the label embedding.

    Attributes
    ----------
    config : dict
        The constructor's arguments, from which the network is rebuilt when a
        saved model is loaded.

    Examples
    --------
    >>> import torch
    >>> from skgan.nn import ResidualMLPGenerator
    >>> generator = ResidualMLPGenerator(
    ...     8, 2, (32, 32), [("numeric", 3), ("categorical", 4)])
    >>> generator(torch.randn(5, 8), torch.eye(2)[[0, 1, 1, 0, 1]]).shape
    torch.Size([5, 7])
    """

    # its layers without weights treat samples one by one (or in packs of
    # consecutive ones): skgan.nn._stacked may run several at once
    stackable = True

    def __init__(self, latent_dim, n_classes, hidden_sizes, spans, embedding_dim=32):
        super().__init__()
        # the constructor's arguments: what rebuilds the network (a saved model)
        self.config = generator_config(
            latent_dim,
            n_classes,
            hidden_sizes,
            embedding_dim,
            spans=[s if isinstance(s, Span) else Span(*s) for s in spans],
        )
        self.spans = list(self.config["spans"])
        self.embed = nn.Linear(n_classes, embedding_dim, bias=False)
        self.input = nn.Linear(latent_dim + embedding_dim, hidden_sizes[0])
        widths = [hidden_sizes[0], *hidden_sizes]
        self.blocks = nn.ModuleList(
            _GeneratorBlock(a, b) for a, b in zip(widths[:-1], widths[1:])
        )
        self.out_norm = ConditionalNorm(widths[-1])
        norm_widths = [w for b in self.blocks for w in b.norm_widths] + [widths[-1]]
        self._norm_widths = norm_widths
        self.condition = conditioning_layer(embedding_dim, norm_widths)
        self.head = nn.Linear(widths[-1], sum(s.width for s in self.spans))
        # A linear path from z to the output: encoded numeric columns are
        # Gaussian within a class, so a linear map of z is already a Gaussian
        # copula with the right tails; the residual MLP learns the rest.
        self.latent_skip = nn.Linear(latent_dim, self.head.out_features, bias=False)

    def forward(self, z, y):
        """Raw rows for latent vectors ``z`` at label vectors ``y``.

        Parameters
        ----------
        z : torch.Tensor of shape (batch, latent_dim)
            Latent vectors.
        y : torch.Tensor of shape (batch, n_classes)
            Label vectors: one-hot, or soft labels between classes.

        Returns
        -------
        rows : torch.Tensor of shape (batch, sum of the span widths)
            Numeric values and categorical logits, before any activation.
        """
        c = self.embed(y)
        gains, biases = class_conditions(
            y, self.embed, self.condition, self._norm_widths
        )
        h = self.input(torch.cat([z, c], dim=1))
        for k, block in enumerate(self.blocks):
            h = block(h, gains[2 * k : 2 * k + 2], biases[2 * k : 2 * k + 2])
        h = torch.relu(self.out_norm(h, gains[-1], biases[-1]))
        return self.head(h) + self.latent_skip(z)


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
            gumbel = -torch.log(-torch.log(u.clamp_(1e-10, 1.0 - 1e-7)))
            logits = block + gumbel
            if hard:
                block = nn.functional.one_hot(logits.argmax(1), span.width).to(
                    raw.dtype
                )
            else:
                block = torch.softmax(logits / tau, dim=1)
        parts.append(block)
    return torch.cat(parts, dim=1)


class _DiscriminatorBlock(nn.Module):
    """Pre-activation residual block of spectrally normalized linear maps."""

    def __init__(self, in_width, out_width):
        super().__init__()
        self.linear1 = SNLinear(in_width, out_width)
        self.linear2 = SNLinear(out_width, out_width)
        self.skip = (
            nn.Identity() if in_width == out_width else SNLinear(in_width, out_width)
        )
        self.act = nn.LeakyReLU(0.2)

    def forward(self, h):
        out = self.linear2(self.act(self.linear1(self.act(h))))
        return self.skip(h) + out


class ResidualMLPDiscriminator(nn.Module):
    """Residual MLP critic of encoded table rows, with spectral norm and
    projection conditioning.

    ``score(x, y) = w . phi(x) + <E y, phi(x)>`` (Miyato & Koyama's
    projection); every linear map, the label embedding ``E`` included, is
    spectrally normalized. With ``pack_size > 1`` the critic scores packs of
    that many consecutive rows of one class together (PacGAN, as in CTGAN),
    which lets it see a pack's spread and so penalise mode collapse.

    Parameters
    ----------
    input_dim : int
        Width of an encoded row.
    n_classes : int
        Length of the label vectors.
    hidden_sizes : tuple of int
        Widths of the residual blocks (one block per width).
    pack_size : int, default=1
        Rows scored together.

    Examples
    --------
    >>> import torch
    >>> from skgan.nn import ResidualMLPDiscriminator
    >>> critic = ResidualMLPDiscriminator(7, 2, (32,), pack_size=2)
    >>> critic(torch.randn(6, 7), torch.eye(2)[[0, 0, 1, 1, 0, 0]]).shape
    torch.Size([3])
    """

    # its layers without weights treat samples one by one (or in packs of
    # consecutive ones): skgan.nn._stacked may run several at once
    stackable = True

    def __init__(self, input_dim, n_classes, hidden_sizes, pack_size=1):
        super().__init__()
        self.pack_size = pack_size
        widths = [hidden_sizes[0], *hidden_sizes]
        self.input = SNLinear(input_dim * pack_size, widths[0])
        self.blocks = nn.ModuleList(
            _DiscriminatorBlock(a, b) for a, b in zip(widths[:-1], widths[1:])
        )
        self.act = nn.LeakyReLU(0.2)
        self.linear = SNLinear(widths[-1], 1)
        self.embed = SNLinear(n_classes, widths[-1], bias=False)

    def forward(self, x, y):
        """Scores of packs of rows ``x`` at their label vectors ``y``.

        Parameters
        ----------
        x : torch.Tensor of shape (batch, input_dim)
            Encoded rows, ``batch`` a multiple of ``pack_size`` (a pack is
            consecutive rows of one class).
        y : torch.Tensor of shape (batch, n_classes)
            Their label vectors.

        Returns
        -------
        scores : torch.Tensor of shape (batch // pack_size,)
            Higher for rows that look real.
        """
        if self.pack_size > 1:
            x = x.reshape(-1, self.pack_size * x.shape[1])
            y = y.reshape(-1, self.pack_size, y.shape[1]).mean(dim=1)
        h = self.input(x)
        for block in self.blocks:
            h = block(h)
        h = self.act(h)
        return self.linear(h).squeeze(1) + (self.embed(y) * h).sum(dim=1)
