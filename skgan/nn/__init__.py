"""Torch modules of skgan's GANs.

Generators map a latent vector ``z`` (batch, latent_dim) and a label vector
``y`` (batch, n_classes) to a row in the encoded space; discriminators score a
row given its label vector with spectral normalization and projection
conditioning. Label vectors may be soft, so rows between classes can be drawn.
"""

from skgan.nn._sequence import ConvSequenceDiscriminator, ConvSequenceGenerator
from skgan.nn._tabular import ResidualMLPDiscriminator, ResidualMLPGenerator

__all__ = [
    "ConvSequenceDiscriminator",
    "ConvSequenceGenerator",
    "ResidualMLPDiscriminator",
    "ResidualMLPGenerator",
]
