"""Several networks of one architecture run as one (``skgan._training``).

:func:`stack_networks` copies the first network and swaps each of its
layers with weights for a layer that holds the weights of every network
stacked along a new first axis (member ``k`` at index ``k``). The copy keeps
its own ``forward``: the networks' code does not change. Activations travel
in the *member-major* layout: a batch of ``B`` samples for each of ``K``
members is one tensor of ``K * B`` samples, member ``k``'s at
``[k * B : (k + 1) * B]``.

Which networks can be stacked is theirs to say: a network class whose
``stackable`` attribute is True promises that every layer of it without
weights (norms, activations, pooling, packing consecutive rows) treats
samples one by one, or in packs that never straddle two members, so that it
computes each member's samples as that member's network would. Networks
without that promise (the image generator's batch normalization mixes the
samples of a batch) are refused with :class:`NotStackable`, and so is a layer
with weights that has no stacked version: the caller trains such networks
one by one.

A linear layer is one batched matrix product (``torch.baddbmm``), which on
CPUs rounds as each member's ``F.linear`` in most cases (see
:func:`~skgan.nn._layers.member_addmm`); a convolution is one call per
member (the same call the member's network makes, and faster on CPUs than a
grouped convolution). Spectral norms keep a pair of power-iteration vectors
per member.
"""

import copy

import torch
import torch.nn.functional as F
from torch import nn

from skgan.nn._layers import SNConv1d, SNLinear, batched_exactly, member_addmm


class NotStackable(TypeError):
    """The networks cannot be run stacked (a layer type without a stacked
    version, or networks of different architectures)."""


def stack_networks(networks):
    """One module that runs every network of ``networks`` at once.

    Parameters
    ----------
    networks : list of torch.nn.Module
        Networks of one architecture (the same classes and weight shapes).

    Returns
    -------
    stacked : torch.nn.Module
        A copy of ``networks[0]`` whose weighted layers hold the weights of
        all the networks stacked on a first axis (copies: the networks are
        left as they are), and whose inputs and outputs are in the
        member-major layout.

    Raises
    ------
    NotStackable
        If the networks do not declare themselves ``stackable``, differ in
        architecture, or have a layer with weights or buffers that has no
        stacked version.
    """
    if len({architecture(net) for net in networks}) != 1:
        raise NotStackable("the networks differ in architecture")
    if not getattr(networks[0], "stackable", False):
        raise NotStackable(
            f"{type(networks[0]).__name__} does not declare itself stackable (a "
            "class attribute stackable = True: its layers without weights treat "
            "samples one by one)"
        )
    stacked = copy.deepcopy(networks[0])
    for name, module in list(networks[0].named_modules()):
        own = list(module.parameters(recurse=False)) + list(
            module.buffers(recurse=False)
        )
        if not own:
            continue
        layer = _STACKED.get(type(module))
        if layer is None or not name:
            raise NotStackable(f"{type(module).__name__} has no stacked version")
        parent, _, attribute = name.rpartition(".")
        # Module.set_submodule needs torch >= 2.5
        setattr(
            stacked.get_submodule(parent),
            attribute,
            layer([n.get_submodule(name) for n in networks]),
        )
    return stacked


def architecture(network):
    """What networks must share to be stacked: module classes and the names,
    shapes and dtypes of their weights and buffers."""
    return (
        tuple((name, type(m).__name__) for name, m in network.named_modules()),
        tuple(
            (name, tuple(t.shape), t.dtype)
            for name, t in [*network.named_parameters(), *network.named_buffers()]
        ),
    )


def select_members(stacked, index):
    """Keep only the members ``index`` (a list of positions) of every
    stacked layer of ``stacked``, in place; their weights become new leaf
    tensors."""
    for module in stacked.modules():
        if isinstance(module, _StackedLayer):
            module.select(index)


class _StackedLayer(nn.Module):
    """Weights (and buffers) of ``layers`` stacked on a first axis."""

    def __init__(self, layers, buffers=()):
        super().__init__()
        first = layers[0]
        for name, param in first.named_parameters(recurse=False):
            stacked = torch.stack([getattr(layer, name).detach() for layer in layers])
            setattr(self, name, nn.Parameter(stacked, param.requires_grad))
        if getattr(first, "bias", None) is None:
            self.register_parameter("bias", None)
        for name in buffers:
            stacked = torch.stack([getattr(layer, name) for layer in layers])
            self.register_buffer(name, stacked)

    @property
    def n_members(self):
        return self.weight.shape[0]

    def select(self, index):
        index = torch.as_tensor(index, device=self.weight.device)
        for name, param in list(self._parameters.items()):
            if param is not None:
                kept = param.detach()[index]
                self._parameters[name] = nn.Parameter(kept, param.requires_grad)
        for name, buffer in list(self._buffers.items()):
            self._buffers[name] = buffer[index]

    def per_member(self, x):
        """``x`` (K * B, ...) as (K, B, ...)."""
        return x.reshape(self.n_members, -1, *x.shape[1:])


class _StackedLinear(_StackedLayer):
    """``nn.Linear`` of K members: (K * B, in) -> (K * B, out)."""

    def __init__(self, layers):
        super().__init__(layers)

    def forward(self, x):
        return _linear(self.per_member(x), self.weight, self.bias)


def _linear(x, weight, bias):
    """``x`` (K, B, in), ``weight`` (K, out, in), ``bias`` (K, out) or None
    -> (K * B, out), rounded as each member's ``F.linear``. Products that
    ``bmm`` would round otherwise are made member by member, on the
    weights as they are (their gradients then have the layout, and later
    sums of them the rounding, of the member's own)."""
    if batched_exactly(x.shape[1], x.shape[2], weight.shape[1]):
        return member_addmm(bias, x, weight.mT).flatten(0, 1)
    biases = [None] * len(x) if bias is None else bias
    return torch.cat([F.linear(*args) for args in zip(x, weight, biases)])


class _StackedConv1d(_StackedLayer):
    """``nn.Conv1d`` (stride 1, no dilation, one group, zero padding) of K
    members: (K * B, in, time) -> (K * B, out, time'), one call per member."""

    def __init__(self, layers):
        first = layers[0]
        if (
            first.stride != (1,)
            or first.dilation != (1,)
            or first.groups != 1
            or first.padding_mode != "zeros"
            or isinstance(first.padding, str)
        ):
            raise NotStackable("only plain convolutions are stacked")
        super().__init__(layers)
        self.padding = first.padding

    def forward(self, x):
        return _conv1d(self.per_member(x), self.weight, self.bias, self.padding)


def _conv1d(x, weight, bias, padding):
    biases = [None] * len(x) if bias is None else bias
    parts = [F.conv1d(*args, padding=padding) for args in zip(x, weight, biases)]
    return torch.cat(parts)


class _StackedSpectralNorm(_StackedLayer):
    """The weights of K spectrally normalized layers and a pair of
    power-iteration vectors (``u``, ``v``) per member, as
    :class:`~skgan.nn._layers._SpectralNorm` keeps them.

    The matrix-vector and dot products of the power iteration are made
    member by member, with the calls a member's layer makes: batched
    products may round differently, and a GAN amplifies any difference over
    its steps. The norms, divisions and the gradient (an outer product, no
    sums) are one call for all members and round as the member's own.
    """

    def __init__(self, layers):
        super().__init__(layers, buffers=("u", "v"))
        self.eps = layers[0].eps

    def normalized_weight(self):
        """Each member's weight divided by its estimated spectral norm (one
        power iteration first in training mode), (K, out, ...)."""
        w = self.weight
        matrix = w.flatten(2)
        with torch.no_grad():
            u, v = self.u, self.v
            if self.training:
                v = torch.stack([torch.mv(m.t(), x) for m, x in zip(matrix, u)])
                v = v / v.norm(dim=1, keepdim=True).clamp_min(self.eps)
            wv = torch.stack([torch.mv(m, x) for m, x in zip(matrix, v)])
            if self.training:
                u = wv / wv.norm(dim=1, keepdim=True).clamp_min(self.eps)
                self.u.copy_(u)
                self.v.copy_(v)
            sigma = torch.stack([torch.dot(a, b) for a, b in zip(u, wv)])
        sigma = _Sigma.apply(matrix, u, v, sigma)
        return w / sigma.view(-1, *[1] * (w.dim() - 1))


class _Sigma(torch.autograd.Function):
    """``u_k . (W_k v_k)`` for each member, computed beforehand (``sigma``),
    with its gradient ``u_k v_k^T`` with respect to ``W_k`` made as
    ``torch.dot`` and ``torch.mv`` make it: ``(g u_i) v_j``."""

    @staticmethod
    def forward(matrix, u, v, sigma):
        return sigma.clone()

    @staticmethod
    def setup_context(ctx, inputs, output):
        _, u, v, _ = inputs
        ctx.save_for_backward(u, v)

    @staticmethod
    def backward(ctx, grad):
        u, v = ctx.saved_tensors
        grad_wv = grad.unsqueeze(1) * u
        return grad_wv.unsqueeze(2) * v.unsqueeze(1), None, None, None


class _StackedSNLinear(_StackedSpectralNorm):
    """:class:`~skgan.nn._layers.SNLinear` of K members."""

    def forward(self, x):
        return _linear(self.per_member(x), self.normalized_weight(), self.bias)


class _StackedSNConv1d(_StackedSpectralNorm):
    """:class:`~skgan.nn._layers.SNConv1d` of K members."""

    def __init__(self, layers):
        super().__init__(layers)
        self.padding = layers[0].padding

    def forward(self, x):
        weight = self.normalized_weight()
        return _conv1d(self.per_member(x), weight, self.bias, self.padding)


_STACKED = {
    nn.Linear: _StackedLinear,
    nn.Conv1d: _StackedConv1d,
    SNLinear: _StackedSNLinear,
    SNConv1d: _StackedSNConv1d,
}
