"""Building blocks shared by skgan's networks.

Small GANs on tabular data are dominated by per-operator overhead on a CPU, so
these layers do what ``torch.nn.utils.parametrizations.spectral_norm`` and
BigGAN's conditional batch norm do with as few operators as possible.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn


class SNLinear(nn.Module):
    """Linear layer with spectral normalization (Miyato et al., 2018).

    The weight is divided by an estimate of its largest singular value, kept
    up to date by one power iteration per training-mode forward pass, as in
    ``torch.nn.utils.parametrizations.spectral_norm`` but without the
    parametrization machinery. ``x``: (batch, in_features) -> (batch,
    out_features).
    """

    def __init__(self, in_features, out_features, bias=True, eps=1e-12):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.bias = nn.Parameter(torch.empty(out_features)) if bias else None
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
        if self.training:
            with torch.no_grad():
                v = torch.mv(w.t(), self.u)
                v = v / v.norm().clamp_min(self.eps)
                u = torch.mv(w, v)
                u = u / u.norm().clamp_min(self.eps)
                self.u.copy_(u)
                self.v.copy_(v)
        else:
            u, v = self.u, self.v
        return w / torch.dot(u, torch.mv(w, v))

    def forward(self, x):
        return F.linear(x, self.normalized_weight(), self.bias)


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
