"""Sequences: the kind's declaration (:class:`SequenceKind`), its encoder
(:class:`SequenceScaler`) and its augmentation of the discriminator's
batches (:class:`SequenceAugmentation`). Its networks are
:class:`skgan.nn.ConvSequenceGenerator` and
:class:`skgan.nn.ConvSequenceDiscriminator`."""

from skgan._kinds.sequence._augmentation import SequenceAugmentation
from skgan._kinds.sequence._encoder import SequenceScaler
from skgan._kinds.sequence._kind import SequenceKind

__all__ = ["SequenceAugmentation", "SequenceKind", "SequenceScaler"]
