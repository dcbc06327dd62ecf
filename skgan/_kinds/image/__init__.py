"""Images: the kind's declaration (:class:`ImageKind`), its encoder
(:class:`ImageScaler`) and its augmentation of the discriminator's batches
(:class:`ImageAugmentation`). Its networks are BigGAN-deep's,
:class:`skgan.nn.BigGANGenerator` and :class:`skgan.nn.BigGANDiscriminator`."""

from skgan._kinds.image._augmentation import ImageAugmentation
from skgan._kinds.image._encoder import ImageScaler
from skgan._kinds.image._kind import ImageKind

__all__ = ["ImageAugmentation", "ImageKind", "ImageScaler"]
