"""Images: (n, height, width) or (n, height, width, channels) arrays."""

import numpy as np

from skgan._kinds._base import DataKind, check_numeric_samples
from skgan._kinds.image._augmentation import ImageAugmentation
from skgan._kinds.image._encoder import ImageScaler
from skgan.nn import BigGANDiscriminator, BigGANGenerator
from skgan.nn._image import n_resolution_changes

# Channels of every residual block of the "auto" networks.
AUTO_WIDTH = 64
# Images with both sides at least this long get self-attention after the
# generator's second-to-last block and the discriminator's first (SAGAN puts
# it at the larger feature maps); smaller images, none (it would cost more
# than it brings on a few pixels).
ATTENTION_MIN_SIZE = 32


class ImageKind(DataKind):
    """``(n, height, width)`` and ``(n, height, width, channels)`` arrays:
    a per-channel range scaler and BigGAN-deep's 2-D convolutional networks.

    ``data_kind="auto"`` takes a 4-D array whose third axis is not 1 for
    images; a 3-D array is read as sequences unless ``data_kind="image"``
    says otherwise. ``"auto"`` networks are narrow (residual bottleneck
    blocks of 64 channels, two per resolution as in BigGAN-deep: two for
    8x8 digits) so that a fit on small images stays within a minute on two
    CPU cores; widen ``generator_hidden_sizes`` and
    ``discriminator_hidden_sizes`` and raise ``max_steps`` for larger images
    or a GPU.
    """

    name = "image"
    augmentation_class = ImageAugmentation
    auto_augmentation_max_samples = 5000
    auto_settings = dict(
        generator_hidden_sizes=(AUTO_WIDTH, AUTO_WIDTH),
        discriminator_hidden_sizes=(AUTO_WIDTH, AUTO_WIDTH),
        batch_size=64,
        pack_size=2,
        early_stopping=False,
        max_steps=600,
    )
    encoder_class = ImageScaler
    generator_class = BigGANGenerator

    def auto_settings_for(self, sample_shape):
        """Two blocks of ``AUTO_WIDTH`` channels for each doubling of the
        generator's smallest feature map up to the image size (at least
        two), in both networks."""
        if len(sample_shape) < 2:
            return self.auto_settings
        n_doublings = n_resolution_changes(*sample_shape[:2], n_blocks=64)
        widths = (AUTO_WIDTH,) * max(2, 2 * n_doublings)
        return dict(
            self.auto_settings,
            generator_hidden_sizes=widths,
            discriminator_hidden_sizes=widths,
        )

    def build_generator(self, config):
        """An untrained generator from a recorded ``config``; a config saved
        before ``block_bias`` existed describes blocks with biases."""
        return BigGANGenerator(**{"block_bias": True, **config})

    def recognises(self, shape):
        return len(shape) == 4 and shape[2] != 1

    def check_X(self, X, *, categorical_features, feature_names):
        """Numeric, finite images of at least 2 samples, in either layout."""
        shape = np.shape(X)
        if len(shape) not in (3, 4):
            raise ValueError(
                "data_kind='image' needs images shaped (n, height, width) or (n, "
                f"height, width, channels); got shape {tuple(shape)}."
            )
        X = check_numeric_samples(
            X,
            categorical_features,
            "images",
            "at least one pixel and one channel, (n, height, width) or "
            "(n, height, width, channels)",
        )
        return X, ImageScaler()

    def build_networks(self, encoder, n_classes, config):
        size = dict(height=encoder.height_, width=encoder.width_)
        g_sizes = config.generator_hidden_sizes
        d_sizes = config.discriminator_hidden_sizes
        generator = BigGANGenerator(
            config.latent_dim,
            n_classes,
            g_sizes,
            n_channels=encoder.n_channels_,
            attention=self._attention(encoder, len(g_sizes), generator=True),
            **size,
        )
        discriminator = BigGANDiscriminator(
            encoder.n_channels_,
            n_classes=n_classes,
            hidden_sizes=d_sizes,
            pack_size=config.pack_size,
            attention=self._attention(encoder, len(d_sizes), generator=False),
            **size,
        )
        return generator, discriminator

    def _attention(self, encoder, n_blocks, *, generator):
        if min(encoder.height_, encoder.width_) < ATTENTION_MIN_SIZE or n_blocks < 2:
            return None
        return n_blocks - 2 if generator else 0

    def classifier_layout(self, sample_shape):
        height, width = sample_shape[:2]
        n_channels = sample_shape[2] if len(sample_shape) == 3 else 1
        metadata = {
            "height": int(height),
            "width": int(width),
            "n_channels": int(n_channels),
        }
        return (height, width, n_channels), metadata
