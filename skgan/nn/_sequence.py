"""1-D convolutional generator and discriminator for multichannel sequences.

Sequences travel channels-first, ``(batch, n_channels, n_timesteps)``, as
``torch.nn.Conv1d`` wants them. Both networks are BigGAN's residual designs
cut down to one dimension: the generator upsamples a short feature map to the
sequence length, its normalizations conditioned on the label vector; the
discriminator is spectrally normalized, downsamples, pools over time and
scores with projection conditioning.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

from skgan.nn._layers import (
    ConditionalNorm1d,
    SNConv1d,
    SNLinear,
    class_conditions,
    conditioning_layer,
    double_length,
    generator_config,
    halve_length,
)

# The generator starts from a feature map at least this long: high
# frequencies are hard to make by upsampling a short map (nearest-neighbour
# upsampling and 3-wide convolutions smooth them away).
_MIN_GENERATOR_LENGTH = 16
# The discriminator stops downsampling below this length.
_MIN_DISCRIMINATOR_LENGTH = 4
# The discriminator's last feature map is average-pooled to at most this many
# steps and read whole by a dense layer: it sees the entire sequence (long
# periods, the order of events) whatever its convolutions' receptive field.
_POOLED_LENGTH = 16


def n_resolution_changes(n_timesteps, n_blocks, min_length):
    """How many of ``n_blocks`` residual blocks halve (or double) the length:
    as many as keep the shortest feature map at least ``min_length`` long."""
    if n_timesteps < 2 * min_length:
        return 0
    return min(n_blocks, int(math.log2(n_timesteps / min_length)))


class _GeneratorBlock(nn.Module):
    """BigGAN's up-block: norm, ReLU, (upsample), conv, norm, ReLU, conv, plus
    a (1x1 conv, upsampled) skip. ``gains``, ``biases``: two (batch, width)
    tensors each, for the two normalizations."""

    def __init__(self, in_width, out_width, upsample):
        super().__init__()
        self.upsample = upsample
        self.norm1 = ConditionalNorm1d(in_width)
        self.conv1 = nn.Conv1d(in_width, out_width, 3, padding=1)
        self.norm2 = ConditionalNorm1d(out_width)
        self.conv2 = nn.Conv1d(out_width, out_width, 3, padding=1)
        self.skip = (
            nn.Identity()
            if in_width == out_width
            else nn.Conv1d(in_width, out_width, 1)
        )

    @property
    def norm_widths(self):
        return [self.norm1.width, self.norm2.width]

    def _up(self, h):
        return double_length(h) if self.upsample else h

    def forward(self, h, gains, biases):
        out = self._up(torch.relu(self.norm1(h, gains[0], biases[0])))
        out = self.conv2(torch.relu(self.norm2(self.conv1(out), gains[1], biases[1])))
        return self.skip(self._up(h)) + out


class ConvSequenceGenerator(nn.Module):
    """Class-conditional 1-D convolutional generator of multichannel sequences.

    The label vector is embedded by a linear map (soft labels interpolate
    between class embeddings); with ``z`` it sets a feature map of
    ``hidden_sizes[0]`` channels and length ``ceil(n_timesteps / 2**k)`` (at
    least 16 steps, or ``n_timesteps`` if shorter), which ``k`` residual
    blocks double back to at least ``n_timesteps`` (the first ``n_timesteps``
    steps are kept). Every normalization takes its gain
    and bias from the label embedding (BigGAN's conditional normalization);
    a final 3-wide convolution maps to ``n_channels``.

    Parameters
    ----------
    latent_dim : int
        Size of the latent vector ``z``.
    n_classes : int
        Length of the label vectors ``y``.
    hidden_sizes : tuple of int
        Channels of the residual blocks (one block per entry).
    n_timesteps : int
        Length of a generated sequence.
    n_channels : int
        Channels of a generated sequence.
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
    >>> from skgan.nn import ConvSequenceGenerator
    >>> generator = ConvSequenceGenerator(8, 2, (16, 16), n_timesteps=50,
    ...                                   n_channels=3)
    >>> generator(torch.randn(4, 8), torch.eye(2)[[0, 1, 1, 0]]).shape
    torch.Size([4, 3, 50])
    """

    # its layers without weights treat samples one by one (or in packs of
    # consecutive ones): skgan.nn._stacked may run several at once
    stackable = True

    def __init__(
        self,
        latent_dim,
        n_classes,
        hidden_sizes,
        n_timesteps,
        n_channels,
        embedding_dim=32,
    ):
        super().__init__()
        # the constructor's arguments: what rebuilds the network (a saved model)
        self.config = generator_config(
            latent_dim,
            n_classes,
            hidden_sizes,
            embedding_dim,
            n_timesteps=int(n_timesteps),
            n_channels=int(n_channels),
        )
        self.n_timesteps = n_timesteps
        n_up = n_resolution_changes(
            n_timesteps, len(hidden_sizes), _MIN_GENERATOR_LENGTH
        )
        self.start_length = math.ceil(n_timesteps / 2**n_up)
        widths = [hidden_sizes[0], *hidden_sizes]
        self.embed = nn.Linear(n_classes, embedding_dim, bias=False)
        self.input = nn.Linear(
            latent_dim + embedding_dim, widths[0] * self.start_length
        )
        self.blocks = nn.ModuleList(
            _GeneratorBlock(a, b, upsample=i < n_up)
            for i, (a, b) in enumerate(zip(widths[:-1], widths[1:]))
        )
        self.out_norm = ConditionalNorm1d(widths[-1])
        norm_widths = [w for b in self.blocks for w in b.norm_widths] + [widths[-1]]
        self._norm_widths = norm_widths
        self.condition = conditioning_layer(embedding_dim, norm_widths)
        self.output = nn.Conv1d(widths[-1], n_channels, 3, padding=1)

    def forward(self, z, y):
        """Sequences for latent vectors ``z`` at label vectors ``y``.

        Parameters
        ----------
        z : torch.Tensor of shape (batch, latent_dim)
            Latent vectors.
        y : torch.Tensor of shape (batch, n_classes)
            Label vectors: one-hot, or soft labels between classes.

        Returns
        -------
        sequences : torch.Tensor of shape (batch, n_channels, n_timesteps)
            Channels first, in the scaled space the networks learn.
        """
        c = self.embed(y)
        gains, biases = class_conditions(
            y, self.embed, self.condition, self._norm_widths
        )
        h = self.input(torch.cat([z, c], dim=1)).view(len(z), -1, self.start_length)
        for i, block in enumerate(self.blocks):
            h = block(h, gains[2 * i : 2 * i + 2], biases[2 * i : 2 * i + 2])
        h = torch.relu(self.out_norm(h, gains[-1], biases[-1]))
        return self.output(h)[:, :, : self.n_timesteps]


class _DiscriminatorBlock(nn.Module):
    """BigGAN's down-block without normalization: LeakyReLU, SN conv,
    LeakyReLU, SN conv, (average-pool), plus a (1x1 SN conv, pooled) skip."""

    def __init__(self, in_width, out_width, downsample):
        super().__init__()
        self.downsample = downsample
        self.conv1 = SNConv1d(in_width, out_width, 3)
        self.conv2 = SNConv1d(out_width, out_width, 3)
        self.skip = (
            nn.Identity() if in_width == out_width else SNConv1d(in_width, out_width, 1)
        )
        self.act = nn.LeakyReLU(0.2)

    def _down(self, h):
        return halve_length(h) if self.downsample else h

    def forward(self, h):
        out = self._down(self.conv2(self.act(self.conv1(self.act(h)))))
        return self._down(self.skip(h)) + out


class ConvSequenceDiscriminator(nn.Module):
    """1-D convolutional critic of sequences, with spectral norm and
    projection conditioning.

    Residual blocks of spectrally normalized convolutions halve the length
    while it stays at least 4 steps; the feature map is pooled to at most 16
    steps, read by a dense layer to ``phi(x)`` and scored as
    ``w . phi(x) + <E y, phi(x)>`` (Miyato & Koyama's projection). With
    ``pack_size > 1`` packs of that many consecutive sequences of one class
    are stacked along the channels and scored together (PacGAN), as the
    tabular critic does.

    Parameters
    ----------
    n_channels : int
        Channels of a sequence.
    n_timesteps : int
        Length of a sequence.
    n_classes : int
        Length of the label vectors.
    hidden_sizes : tuple of int
        Channels of the residual blocks (one block per entry).
    pack_size : int, default=1
        Sequences scored together.

    Examples
    --------
    >>> import torch
    >>> from skgan.nn import ConvSequenceDiscriminator
    >>> critic = ConvSequenceDiscriminator(3, 50, 2, (16, 16))
    >>> critic(torch.randn(4, 3, 50), torch.eye(2)[[0, 1, 1, 0]]).shape
    torch.Size([4])
    """

    # its layers without weights treat samples one by one (or in packs of
    # consecutive ones): skgan.nn._stacked may run several at once
    stackable = True

    def __init__(self, n_channels, n_timesteps, n_classes, hidden_sizes, pack_size=1):
        super().__init__()
        self.pack_size = pack_size
        n_down = n_resolution_changes(
            n_timesteps, len(hidden_sizes), _MIN_DISCRIMINATOR_LENGTH
        )
        widths = [hidden_sizes[0], *hidden_sizes]
        self.input = SNConv1d(n_channels * pack_size, widths[0], 3)
        self.blocks = nn.ModuleList(
            _DiscriminatorBlock(a, b, downsample=i < n_down)
            for i, (a, b) in enumerate(zip(widths[:-1], widths[1:]))
        )
        self.act = nn.LeakyReLU(0.2)
        length = n_timesteps
        for _ in range(n_down):
            length = math.ceil(length / 2)
        self.pooled_length = min(length, _POOLED_LENGTH)
        self.dense = SNLinear(widths[-1] * self.pooled_length, widths[-1])
        self.linear = SNLinear(widths[-1], 1)
        self.embed = SNLinear(n_classes, widths[-1], bias=False)

    def forward(self, x, y):
        """Scores of packs of sequences ``x`` at their label vectors ``y``.

        Parameters
        ----------
        x : torch.Tensor of shape (batch, n_channels, n_timesteps)
            Sequences, channels first; ``batch`` a multiple of ``pack_size``
            (a pack is consecutive sequences of one class).
        y : torch.Tensor of shape (batch, n_classes)
            Their label vectors.

        Returns
        -------
        scores : torch.Tensor of shape (batch // pack_size,)
            Higher for sequences that look real.
        """
        if self.pack_size > 1:
            x = x.reshape(-1, self.pack_size * x.shape[1], x.shape[2])
            y = y.reshape(-1, self.pack_size, y.shape[1]).mean(dim=1)
        h = self.input(x)
        for block in self.blocks:
            h = block(h)
        h = F.adaptive_avg_pool1d(self.act(h), self.pooled_length)
        h = self.act(self.dense(h.flatten(1)))
        return self.linear(h).squeeze(1) + (self.embed(y) * h).sum(dim=1)
