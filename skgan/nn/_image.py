"""BigGAN-deep's generator and discriminator for images (Brock et al. 2019).

Images travel channels-first, ``(batch, n_channels, height, width)``, as
``torch.nn.functional.conv2d`` wants them. Both networks are stacks of
BigGAN-deep's residual bottleneck blocks (a 1x1 convolution to a quarter of
the channels, two 3x3 convolutions, a 1x1 convolution back), every
convolution spectrally normalised and orthogonally initialised:

- the generator concatenates the latent vector with a shared embedding of
  the label vector (BigGAN-deep's hierarchical latent: the whole ``z`` goes
  to every block) and maps that to a small feature map and to the gains and
  biases of every class-conditional batch normalization; its blocks double
  the feature map up to the image size, which any size is (the map starts at
  ``ceil(size / 2**k)`` and the result is cropped), and a ``tanh`` gives
  values in [-1, 1];
- the discriminator's blocks halve the feature map while it stays at least
  4 pixels on its shorter side; the map is summed over space and scored
  with projection conditioning (Miyato & Koyama 2018).

Either may hold one self-attention layer (SAGAN) after a chosen block.
"""

import math

import torch
from torch import nn

from skgan.nn._layers import (
    SNConv2d,
    SNLinear,
    _SpectralNorm,
    conditioning_layer,
    double_length,
    generator_config,
    halve_length,
    split_conditions,
)

# Feature maps are at least this many pixels on their shorter side: the
# generator starts from one, the discriminator stops downsampling at one.
_MIN_SIZE = 4
# A bottleneck block's 3x3 convolutions have this fraction of its channels.
_CHANNEL_RATIO = 4


def n_resolution_changes(height, width, n_blocks):
    """How many of ``n_blocks`` blocks double (or halve) the feature map: as
    many as keep its shorter side at least ``_MIN_SIZE`` pixels."""
    shortest = min(height, width)
    if shortest < 2 * _MIN_SIZE:
        return 0
    return min(n_blocks, int(math.log2(shortest / _MIN_SIZE)))


def _spread(n_blocks, n_changes, *, first):
    """Which of ``n_blocks`` blocks change the resolution, ``n_changes`` of
    them spread evenly: the first block of each group (the discriminator,
    as BigGAN-deep) or the last (the generator)."""
    if first:
        return [
            -(-(i + 1) * n_changes // n_blocks) > -(-i * n_changes // n_blocks)
            for i in range(n_blocks)
        ]
    return [
        (i + 1) * n_changes // n_blocks > i * n_changes // n_blocks
        for i in range(n_blocks)
    ]


def _orthogonal_init(module):
    """BigGAN's initialisation: orthogonal weights for every convolution and
    dense layer (the conditioning layer keeps its gains-at-one start)."""
    for layer in module.modules():
        if isinstance(layer, _SpectralNorm):
            nn.init.orthogonal_(layer.weight)
            if layer.bias is not None:
                nn.init.zeros_(layer.bias)


def _check_attention(attention, n_blocks):
    if attention is not None and not (
        isinstance(attention, int) and 0 <= attention < n_blocks
    ):
        raise ValueError(
            f"attention is the index of the block followed by self-attention, "
            f"in range({n_blocks}), or None; got {attention!r}."
        )


class ConditionalBatchNorm2d(nn.Module):
    """Batch normalization whose gain and bias are given per image (BigGAN's
    class-conditional batch normalization, the gains and biases computed
    elsewhere in one go). Running statistics are kept for sampling.

    ``h``: (batch, channels, height, width); ``gain``, ``bias``: (batch,
    channels).
    """

    def __init__(self, width):
        super().__init__()
        self.width = width
        self.norm = nn.BatchNorm2d(width, affine=False, eps=1e-4)

    def forward(self, h, gain, bias):
        return torch.addcmul(
            bias[:, :, None, None], self.norm(h), gain[:, :, None, None]
        )


class _SelfAttention(nn.Module):
    """SAGAN's self-attention (as in BigGAN): every position attends to all
    others; the result is added with a learned gain that starts at 0.
    ``x``: (batch, channels, height, width) -> the same shape."""

    def __init__(self, width):
        super().__init__()
        key, value = max(1, width // 8), max(1, width // 2)
        self.query = SNConv2d(width, key, 1, bias=False)
        self.key = SNConv2d(width, key, 1, bias=False)
        self.value = SNConv2d(width, value, 1, bias=False)
        self.output = SNConv2d(value, width, 1, bias=False)
        self.gain = nn.Parameter(torch.zeros(()))

    def forward(self, x):
        n, _, height, width = x.shape
        query = self.query(x).flatten(2)  # (n, key, positions)
        key = self.key(x).flatten(2)
        value = self.value(x).flatten(2)  # (n, value, positions)
        weights = torch.softmax(query.transpose(1, 2) @ key, dim=-1)
        attended = (value @ weights.transpose(1, 2)).view(n, -1, height, width)
        return x + self.gain * self.output(attended)


class _GeneratorBlock(nn.Module):
    """BigGAN-deep's generator block: four (conditional BN, ReLU, conv)
    stages, 1x1 to a quarter of the channels, 3x3, 3x3, 1x1 back, the
    feature map doubled between the first two; the skip drops channels
    (or, when the block widens, maps them by a 1x1 convolution) and is
    doubled too. ``gains``, ``biases``: four (batch, width) tensors each."""

    def __init__(self, in_width, out_width, upsample, bias=False):
        super().__init__()
        hidden = max(1, in_width // _CHANNEL_RATIO)
        self.upsample = upsample
        self.out_width = out_width
        self.norms = nn.ModuleList(
            ConditionalBatchNorm2d(w) for w in (in_width, hidden, hidden, hidden)
        )
        self.conv1 = SNConv2d(in_width, hidden, 1, bias=bias)
        self.conv2 = SNConv2d(hidden, hidden, 3, bias=bias)
        self.conv3 = SNConv2d(hidden, hidden, 3, bias=bias)
        self.conv4 = SNConv2d(hidden, out_width, 1, bias=bias)
        self.skip = (
            None
            if out_width <= in_width
            else SNConv2d(in_width, out_width, 1, bias=bias)
        )

    @property
    def norm_widths(self):
        return [norm.width for norm in self.norms]

    def _up(self, h):
        return double_length(double_length(h, -1), -2) if self.upsample else h

    def _stage(self, i, h, gains, biases):
        return torch.relu(self.norms[i](h, gains[i], biases[i]))

    def forward(self, x, gains, biases):
        h = self.conv1(self._stage(0, x, gains, biases))
        h = self._up(self._stage(1, h, gains, biases))
        h = self.conv3(self._stage(2, self.conv2(h), gains, biases))
        h = self.conv4(self._stage(3, h, gains, biases))
        skip = x[:, : self.out_width] if self.skip is None else self.skip(x)
        return h + self._up(skip)


class BigGANGenerator(nn.Module):
    """Class-conditional BigGAN-deep generator of images of any size.

    The label vector is embedded by a linear map shared by every block
    (soft labels interpolate between class embeddings) and concatenated with
    ``z``; a spectrally normalised dense layer maps that to a feature map of
    ``hidden_sizes[0]`` channels and ``ceil(height / 2**k) x ceil(width /
    2**k)`` pixels, ``k`` being the number of doublings that keep it at least
    4 pixels on its shorter side (and at most the number of blocks). Residual
    bottleneck blocks (one per entry of ``hidden_sizes``; the doublings are
    spread over them, the last block of each group doubling) take it to at
    least the image size, whose first ``height`` rows and ``width`` columns
    are kept. Every batch normalization takes its gain and bias from the
    embedding and ``z`` through one linear layer. A final batch
    normalization, ReLU, 3x3 convolution and ``tanh`` give the image.

    Parameters
    ----------
    latent_dim : int
        Size of the latent vector ``z``.
    n_classes : int
        Length of the label vectors ``y``.
    hidden_sizes : tuple of int
        Channels of the residual blocks (one block per entry).
    height, width : int
        Size of a generated image.
    n_channels : int
        Channels of a generated image.
    embedding_dim : int, default=32
        Size of the shared label embedding.
    attention : int or None, default=None
        Index of the block followed by a self-attention layer; None for none.
    block_bias : bool, default=False
        Whether the blocks' convolutions have biases. Every one of them is
        followed, on every path to the output, by a batch normalization,
        which removes a constant per channel: their gradient is zero but for
        rounding, which Adam, scaling each step by the gradient's own size,
        turns into steps as large as those of the weights that learn. They
        change no image and only make training depend on how a CPU rounds.
        True builds the generators saved by skgan before they were dropped.

    Attributes
    ----------
    config : dict
        The constructor's arguments, from which the network is rebuilt when a
        saved model is loaded.

    Raises
    ------
    ValueError
        If ``attention`` is not None or the index of a block.

    See Also
    --------
    BigGANDiscriminator : The matching critic.

    References
    ----------
    .. [1] A. Brock, J. Donahue, K. Simonyan, "Large Scale GAN Training for
       High Fidelity Natural Image Synthesis", ICLR 2019.

    Examples
    --------
    >>> import torch
    >>> from skgan.nn import BigGANGenerator
    >>> generator = BigGANGenerator(8, 3, (32, 32), height=8, width=8,
    ...                             n_channels=1)
    >>> generator(torch.randn(4, 8), torch.eye(3)[[0, 1, 2, 0]]).shape
    torch.Size([4, 1, 8, 8])
    """

    # batch normalization mixes the samples of a batch: trained one by one
    stackable = False

    def __init__(
        self,
        latent_dim,
        n_classes,
        hidden_sizes,
        height,
        width,
        n_channels,
        embedding_dim=32,
        attention=None,
        block_bias=False,
    ):
        super().__init__()
        _check_attention(attention, len(hidden_sizes))
        self.config = generator_config(
            latent_dim,
            n_classes,
            hidden_sizes,
            embedding_dim,
            height=int(height),
            width=int(width),
            n_channels=int(n_channels),
            attention=attention,
            block_bias=bool(block_bias),
        )
        self.size = (int(height), int(width))
        n_up = n_resolution_changes(height, width, len(hidden_sizes))
        self.start = (math.ceil(height / 2**n_up), math.ceil(width / 2**n_up))
        widths = [hidden_sizes[0], *hidden_sizes]
        self.embed = nn.Linear(n_classes, embedding_dim, bias=False)
        code_dim = embedding_dim + latent_dim
        self.input = SNLinear(code_dim, widths[0] * math.prod(self.start))
        self.blocks = nn.ModuleList(
            _GeneratorBlock(a, b, upsample, bias=block_bias)
            for a, b, upsample in zip(
                widths[:-1], widths[1:], _spread(len(hidden_sizes), n_up, first=False)
            )
        )
        self.attention_after = attention
        self.attention = (
            None if attention is None else _SelfAttention(widths[attention + 1])
        )
        self.out_norm = ConditionalBatchNorm2d(widths[-1])
        self._norm_widths = [w for b in self.blocks for w in b.norm_widths]
        self._norm_widths.append(widths[-1])
        self.condition = conditioning_layer(code_dim, self._norm_widths)
        self.output = SNConv2d(widths[-1], n_channels, 3)
        _orthogonal_init(self)
        nn.init.orthogonal_(self.embed.weight)

    def forward(self, z, y):
        """Images for latent vectors ``z`` at label vectors ``y``.

        Parameters
        ----------
        z : torch.Tensor of shape (batch, latent_dim)
            Latent vectors.
        y : torch.Tensor of shape (batch, n_classes)
            Label vectors: one-hot, or soft labels between classes.

        Returns
        -------
        images : torch.Tensor of shape (batch, n_channels, height, width)
            Channels first, values in [-1, 1].
        """
        code = torch.cat([self.embed(y), z], dim=1)
        gains, biases = split_conditions(self.condition(code), self._norm_widths)
        h = self.input(code).view(len(z), -1, *self.start)
        for i, block in enumerate(self.blocks):
            h = block(h, gains[4 * i : 4 * i + 4], biases[4 * i : 4 * i + 4])
            if i == self.attention_after:
                h = self.attention(h)
        h = torch.relu(self.out_norm(h, gains[-1], biases[-1]))
        height, width = self.size
        return torch.tanh(self.output(h)[:, :, :height, :width])


class _DiscriminatorBlock(nn.Module):
    """BigGAN-deep's discriminator block: (ReLU, conv) stages 1x1 to a
    quarter of the output channels, 3x3, 3x3, then ReLU, (average-pool), 1x1
    to the output channels; the skip is pooled and widened by concatenating
    a 1x1 convolution of itself (or narrowed by one)."""

    def __init__(self, in_width, out_width, downsample):
        super().__init__()
        hidden = max(1, out_width // _CHANNEL_RATIO)
        self.downsample = downsample
        self.conv1 = SNConv2d(in_width, hidden, 1)
        self.conv2 = SNConv2d(hidden, hidden, 3)
        self.conv3 = SNConv2d(hidden, hidden, 3)
        self.conv4 = SNConv2d(hidden, out_width, 1)
        self.widen = out_width > in_width
        self.skip = None
        if out_width != in_width:  # the channels to add, or all of them
            extra = out_width - in_width if self.widen else out_width
            self.skip = SNConv2d(in_width, extra, 1)

    def _down(self, h):
        return halve_length(halve_length(h, -1), -2) if self.downsample else h

    def forward(self, x):
        h = self.conv2(torch.relu(self.conv1(torch.relu(x))))
        h = self.conv4(self._down(torch.relu(self.conv3(torch.relu(h)))))
        skip = self._down(x)
        if self.skip is not None:
            extra = self.skip(skip)
            skip = torch.cat([skip, extra], dim=1) if self.widen else extra
        return h + skip


class BigGANDiscriminator(nn.Module):
    """BigGAN-deep's critic of images, with spectral norm and projection
    conditioning.

    A 3x3 convolution maps the image to ``hidden_sizes[0]`` channels;
    residual bottleneck blocks (one per entry of ``hidden_sizes``) halve the
    feature map while its shorter side stays at least 4 pixels (the first
    block of each group halving, odd sizes rounded up); after a ReLU the map
    is summed over space to ``phi(x)`` and scored as ``w . phi(x) + <E y,
    phi(x)>`` (Miyato & Koyama's projection). With ``pack_size > 1`` packs
    of that many consecutive images of one class are stacked along the
    channels and scored together (PacGAN), as skgan's other critics do.

    Parameters
    ----------
    n_channels : int
        Channels of an image.
    height, width : int
        Size of an image.
    n_classes : int
        Length of the label vectors.
    hidden_sizes : tuple of int
        Channels of the residual blocks (one block per entry).
    pack_size : int, default=1
        Images scored together.
    attention : int or None, default=None
        Index of the block followed by a self-attention layer; None for none.

    Raises
    ------
    ValueError
        If ``attention`` is not None or the index of a block.

    See Also
    --------
    BigGANGenerator : The matching generator.

    Examples
    --------
    >>> import torch
    >>> from skgan.nn import BigGANDiscriminator
    >>> critic = BigGANDiscriminator(1, 8, 8, 3, (32, 32))
    >>> critic(torch.randn(4, 1, 8, 8), torch.eye(3)[[0, 1, 2, 0]]).shape
    torch.Size([4])
    """

    # its 2-D convolutions have no stacked version: trained one by one
    stackable = False

    def __init__(
        self,
        n_channels,
        height,
        width,
        n_classes,
        hidden_sizes,
        pack_size=1,
        attention=None,
    ):
        super().__init__()
        _check_attention(attention, len(hidden_sizes))
        self.pack_size = pack_size
        n_down = n_resolution_changes(height, width, len(hidden_sizes))
        widths = [hidden_sizes[0], *hidden_sizes]
        self.input = SNConv2d(n_channels * pack_size, widths[0], 3)
        self.blocks = nn.ModuleList(
            _DiscriminatorBlock(a, b, downsample)
            for a, b, downsample in zip(
                widths[:-1], widths[1:], _spread(len(hidden_sizes), n_down, first=True)
            )
        )
        self.attention_after = attention
        self.attention = (
            None if attention is None else _SelfAttention(widths[attention + 1])
        )
        self.linear = SNLinear(widths[-1], 1)
        self.embed = SNLinear(n_classes, widths[-1], bias=False)
        _orthogonal_init(self)

    def forward(self, x, y):
        """Scores of packs of images ``x`` at their label vectors ``y``.

        Parameters
        ----------
        x : torch.Tensor of shape (batch, n_channels, height, width)
            Images, channels first; ``batch`` a multiple of ``pack_size``
            (a pack is consecutive images of one class).
        y : torch.Tensor of shape (batch, n_classes)
            Their label vectors.

        Returns
        -------
        scores : torch.Tensor of shape (batch // pack_size,)
            Higher for images that look real.
        """
        if self.pack_size > 1:
            x = x.reshape(-1, self.pack_size * x.shape[1], *x.shape[2:])
            y = y.reshape(-1, self.pack_size, y.shape[1]).mean(dim=1)
        h = self.input(x)
        for i, block in enumerate(self.blocks):
            h = block(h)
            if i == self.attention_after:
                h = self.attention(h)
        h = torch.relu(h).sum(dim=(2, 3))
        return self.linear(h).squeeze(1) + (self.embed(y) * h).sum(dim=1)
