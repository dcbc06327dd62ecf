"""Building blocks shared by skgan's networks.

Small GANs on tabular data are dominated by per-operator overhead on a CPU, so
these layers do what ``torch.nn.utils.parametrizations.spectral_norm`` and
BigGAN's conditional batch norm do with as few operators as possible.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


class _SpectralNorm(nn.Module):
    """Holds ``weight`` and the power-iteration vectors of its spectral norm.

    The weight, of any shape ``(out, ...)``, is treated as the matrix
    ``weight.flatten(1)`` (for a convolution: outputs x inputs*kernel, as
    ``torch.nn.utils.parametrizations.spectral_norm`` does).
    """

    def __init__(self, weight_shape, bias, eps):
        super().__init__()
        self.eps = eps
        out_features, in_features = weight_shape[0], math.prod(weight_shape[1:])
        self.weight = nn.Parameter(torch.empty(weight_shape))
        self.bias = nn.Parameter(torch.empty(out_features)) if bias else None
        # nn.Linear / nn.Conv1d's default initialisation
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1.0 / math.sqrt(in_features)
            nn.init.uniform_(self.bias, -bound, bound)
        u = F.normalize(torch.randn(out_features), dim=0, eps=eps)
        v = F.normalize(torch.randn(in_features), dim=0, eps=eps)
        self.register_buffer("u", u)
        self.register_buffer("v", v)

    def normalized_weight(self):
        """The weight divided by its estimated spectral norm.

        In training mode one power iteration refines the singular vectors
        first; in eval mode the stored ones are used, so scoring a batch
        without advancing the estimate is ``module.eval()``.
        """
        w = self.weight
        matrix = w.flatten(1)
        if self.training:
            with torch.no_grad():
                v = torch.mv(matrix.t(), self.u)
                v = v / v.norm().clamp_min(self.eps)
                u = torch.mv(matrix, v)
                u = u / u.norm().clamp_min(self.eps)
                self.u.copy_(u)
                self.v.copy_(v)
        else:
            u, v = self.u, self.v
        return w / torch.dot(u, torch.mv(matrix, v))


class SNLinear(_SpectralNorm):
    """Linear layer with spectral normalization (Miyato et al., 2018).

    The weight is divided by an estimate of its largest singular value, kept
    up to date by one power iteration per training-mode forward pass, as in
    ``torch.nn.utils.parametrizations.spectral_norm`` but without the
    parametrization machinery. ``x``: (batch, in_features) -> (batch,
    out_features).
    """

    def __init__(self, in_features, out_features, bias=True, eps=1e-12):
        super().__init__((out_features, in_features), bias, eps)

    def forward(self, x):
        return F.linear(x, self.normalized_weight(), self.bias)


class SNConv1d(_SpectralNorm):
    """1-D convolution with spectral normalization, "same" padding.

    ``x``: (batch, in_channels, length) -> (batch, out_channels, length) for an
    odd ``kernel_size``.
    """

    def __init__(self, in_channels, out_channels, kernel_size=3, bias=True, eps=1e-12):
        super().__init__((out_channels, in_channels, kernel_size), bias, eps)
        self.padding = kernel_size // 2

    def forward(self, x):
        return F.conv1d(x, self.normalized_weight(), self.bias, padding=self.padding)


class SNConv2d(_SpectralNorm):
    """2-D convolution with spectral normalization, "same" padding.

    ``x``: (batch, in_channels, height, width) -> (batch, out_channels,
    height, width) for an odd ``kernel_size``.
    """

    def __init__(self, in_channels, out_channels, kernel_size=3, bias=True, eps=1e-12):
        shape = (out_channels, in_channels, kernel_size, kernel_size)
        super().__init__(shape, bias, eps)
        self.padding = kernel_size // 2

    def forward(self, x):
        return F.conv2d(x, self.normalized_weight(), self.bias, padding=self.padding)


class ConditionalNorm(nn.Module):
    """LayerNorm whose gain and bias are given per row (BigGAN's conditional
    normalization, with the gains and biases computed elsewhere in one go).

    ``h``: (batch, width), ``gain``, ``bias``: (batch, width).
    """

    def __init__(self, width):
        super().__init__()
        self.width = width

    def forward(self, h, gain, bias):
        return torch.addcmul(bias, F.layer_norm(h, (self.width,)), gain)


class ConditionalNorm1d(nn.Module):
    """:class:`ConditionalNorm` for sequences: each row's feature map
    (channels, length) is normalized as a whole (GroupNorm with one group),
    then scaled and shifted per channel with the row's gain and bias.

    ``h``: (batch, width, length), ``gain``, ``bias``: (batch, width).
    """

    def __init__(self, width):
        super().__init__()
        self.width = width

    def forward(self, h, gain, bias):
        return torch.addcmul(bias.unsqueeze(2), F.group_norm(h, 1), gain.unsqueeze(2))


def generator_config(latent_dim, n_classes, hidden_sizes, embedding_dim, **shape):
    """A generator's constructor arguments as plain values (its ``config``,
    what rebuilds it when a saved model is loaded); ``shape`` holds the
    arguments that describe its output."""
    return dict(
        latent_dim=int(latent_dim),
        n_classes=int(n_classes),
        hidden_sizes=tuple(int(w) for w in hidden_sizes),
        embedding_dim=int(embedding_dim),
        **shape,
    )


def conditioning_layer(embedding_dim, norm_widths):
    """The linear map from the label embedding to the gains and biases of
    every conditional normalization (BigGAN's shared embedding): gains start
    at 1 and biases at 0, whatever the label."""
    condition = nn.Linear(embedding_dim, 2 * sum(norm_widths))
    nn.init.zeros_(condition.weight)
    with torch.no_grad():
        condition.bias.zero_()
        condition.bias[: sum(norm_widths)] = 1.0
    return condition


def class_conditions(y, embed, condition, norm_widths):
    """``split_conditions(condition(embed(y)), norm_widths)``, computed class
    by class.

    ``embed`` (no bias) and ``condition`` are both linear, so their product
    is one (n_classes, outputs) matrix: each row then costs n_classes
    multiply-adds per output instead of ``embedding_dim`` (the conditioning
    map is the widest layer of a small generator). With more classes than
    embedding dimensions, and in eval mode (sampling: a saved generator draws
    the same rows, bit for bit, as in the version that trained it), the two
    maps are applied in turn.

    The layers may be stacked (:mod:`skgan.nn._stacked`): weights with a
    first axis of K members, ``y`` (K * batch, n_classes) member-major.
    """
    if not condition.training or y.shape[-1] > embed.weight.shape[-2]:
        return split_conditions(condition(embed(y)), norm_widths)
    if embed.weight.dim() == 2:
        per_class = embed.weight.t() @ condition.weight.t()
        conditions = torch.addmm(condition.bias, y, per_class)
    else:  # stacked layers: K members, y member-major
        per_class = member_addmm(None, embed.weight.mT, condition.weight.mT)
        y = y.reshape(len(per_class), -1, y.shape[-1])
        conditions = member_addmm(condition.bias, y, per_class).flatten(0, 1)
    return split_conditions(conditions, norm_widths)


def member_addmm(bias, a, b):
    """``torch.addmm(bias[k], a[k], b[k])`` (``a[k] @ b[k]`` without a bias)
    for each of K members at once, rounded as those calls round.

    ``a``: (K, n, k), ``b``: (K, k, m), ``bias``: (K, m) or None -> (K, n,
    m). Torch's CPU ``bmm`` makes each product with ``mm``'s own call, but
    for tiny products (fewer than 400 multiply-adds) and matrix-vector
    products, which it makes otherwise: those go member by member.
    """
    if not batched_exactly(a.shape[1], a.shape[2], b.shape[2]):
        if bias is None:
            return torch.stack([x @ y for x, y in zip(a, b)])
        return torch.stack([torch.addmm(*args) for args in zip(bias, a, b)])
    return _BatchedAddmm.apply(bias, a, b)


def batched_exactly(n, k, m):
    """Whether torch's CPU ``bmm`` makes each member's (n, k) @ (k, m)
    product with ``mm``'s own call: not for tiny products (fewer than 400
    multiply-adds) nor for matrix-vector products."""
    return min(n, k, m) > 1 and n * k * m >= 400


class _BatchedAddmm(torch.autograd.Function):
    """``torch.baddbmm`` (``torch.bmm`` without a bias) whose gradients are
    made as autograd makes those of ``torch.addmm`` (``mm``): the product's
    orientation follows the operand's memory layout, and so do the layout
    and the rounding of later reductions of the gradient."""

    @staticmethod
    def forward(bias, a, b):
        if bias is None:
            return torch.bmm(a, b)
        return torch.baddbmm(bias.unsqueeze(1), a, b)

    @staticmethod
    def setup_context(ctx, inputs, output):
        bias, a, b = inputs
        ctx.save_for_backward(a, b)
        ctx.has_bias = bias is not None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_bias = grad_a = grad_b = None
        if ctx.has_bias and ctx.needs_input_grad[0]:
            grad_bias = grad.sum(1)
        if ctx.needs_input_grad[1]:
            if _column_major(a):
                grad_a = torch.bmm(b, grad.mT).mT
            else:
                grad_a = torch.bmm(grad, b.mT)
        if ctx.needs_input_grad[2]:
            if _column_major(b):
                grad_b = torch.bmm(grad.mT, a).mT
            else:
                grad_b = torch.bmm(a.mT, grad)
        return grad_bias, grad_a, grad_b


def _column_major(matrices):
    """Whether each matrix of ``matrices`` (K, rows, columns) is stored
    column by column (a transposed weight)."""
    return matrices.stride(1) == 1 and matrices.stride(2) == matrices.shape[1]


def split_conditions(conditions, norm_widths):
    """``(gains, biases)``: one (batch, width) tensor per normalization each,
    from the output of :func:`conditioning_layer`."""
    parts = conditions.split(list(norm_widths) * 2, dim=1)
    return parts[: len(norm_widths)], parts[len(norm_widths) :]


def halve_length(h, dim=-1):
    """``F.avg_pool1d(h, 2, ceil_mode=True)`` along ``dim``, by slices: the
    same values, without the pooling kernel's cost (on a CPU, half a
    convolution's at these sizes: 12 % of a sequence step). Halving
    ``dim=-1`` then ``dim=-2`` is ``F.avg_pool2d(h, 2, ceil_mode=True)`` up
    to rounding."""
    dim = dim % h.dim()
    length = h.shape[dim]
    even = length - length % 2
    pairs = h.narrow(dim, 0, even).unflatten(dim, (even // 2, 2))
    pooled = (pairs.select(dim + 1, 0) + pairs.select(dim + 1, 1)) * 0.5
    if length % 2:  # ceil_mode: the last window holds one step
        pooled = torch.cat([pooled, h.narrow(dim, even, 1)], dim)
    return pooled


def double_length(h, dim=-1):
    """``F.interpolate(h, scale_factor=2.0, mode="nearest")`` along ``dim``
    (of a (batch, channels, length) tensor; along both spatial axes, one
    after the other, of an image batch): every step twice."""
    dim = dim % h.dim()
    pairs = h.unsqueeze(dim + 1).expand(*h.shape[: dim + 1], 2, *h.shape[dim + 1 :])
    return pairs.flatten(dim, dim + 1)
