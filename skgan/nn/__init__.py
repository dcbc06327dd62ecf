"""The torch networks of skgan's GANs (BigGAN practice).

:class:`ResidualMLPGenerator` and :class:`ResidualMLPDiscriminator` learn
encoded table rows; :class:`ConvSequenceGenerator` and
:class:`ConvSequenceDiscriminator` learn multichannel sequences;
:class:`BigGANGenerator` and :class:`BigGANDiscriminator` (BigGAN-deep)
learn images. A
``GANOversampler`` builds them through its kind of data; they can also be
used on their own.

Generators map a latent vector ``z`` (batch, latent_dim) and a label vector
``y`` (batch, n_classes) to a row in the encoded space; discriminators score a
row given its label vector with spectral normalization and projection
conditioning. Label vectors may be soft, so rows between classes can be drawn.
"""

from skgan.nn._image import BigGANDiscriminator, BigGANGenerator
from skgan.nn._sequence import ConvSequenceDiscriminator, ConvSequenceGenerator
from skgan.nn._tabular import ResidualMLPDiscriminator, ResidualMLPGenerator

__all__ = [
    "BigGANDiscriminator",
    "BigGANGenerator",
    "ConvSequenceDiscriminator",
    "ConvSequenceGenerator",
    "ResidualMLPDiscriminator",
    "ResidualMLPGenerator",
]
