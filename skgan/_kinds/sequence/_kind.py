"""Sequences: multichannel time series such as EEG trials."""

import numpy as np

from skgan._kinds._base import DataKind, check_numeric_samples
from skgan._kinds.sequence._augmentation import SequenceAugmentation
from skgan._kinds.sequence._encoder import SequenceScaler
from skgan.nn import ConvSequenceDiscriminator, ConvSequenceGenerator


class SequenceKind(DataKind):
    """``(n, time, channels)`` and the classifier-image layout ``(n, time, 1,
    channels)``: a per-channel scaler and 1-D convolutional networks.

    Convolutions over time cost far more per sample than an MLP over one
    row, so ``"auto"`` gives narrow networks (two residual blocks of 32
    channels), small batches (32) and 300 steps: a default fit on EEG trials
    of a few hundred steps takes seconds on two CPU cores, and gave the EEG
    benchmark's classifier what the earlier 64-channel, 600-step default
    gave (``benchmarks/RESULTS.md``). The discriminator scores pairs of
    sequences (each pack is stacked along the channels).
    """

    name = "sequence"
    augmentation_class = SequenceAugmentation
    auto_augmentation_max_samples = 2000
    auto_settings = dict(
        generator_hidden_sizes=(32, 32),
        discriminator_hidden_sizes=(32, 32),
        batch_size=32,
        pack_size=2,
        early_stopping=False,
        max_steps=300,
    )
    encoder_class = SequenceScaler
    generator_class = ConvSequenceGenerator

    def recognises(self, shape):
        return len(shape) == 3 or (len(shape) == 4 and shape[2] == 1)

    def check_X(self, X, *, categorical_features, feature_names):
        """Numeric, finite sequences of at least 2 samples, in either layout."""
        shape = np.shape(X)
        if len(shape) == 4 and shape[2] != 1:
            raise ValueError(
                f"data_kind='sequence' takes a 4-D X in the classifier layout "
                f"(n, time, 1, channels) only; "
                f"got shape {tuple(shape)}, whose third axis has size {shape[2]}. "
                "Pass sequences as a 3-D array (n, time, channels), e.g. "
                "X.reshape(n, time, -1) if the last two axes are channels; for "
                "images (n, height, width, channels) use data_kind='image'."
            )
        if len(shape) not in (3, 4):
            raise ValueError(
                "data_kind='sequence' needs sequences shaped (n, time, channels) or "
                f"(n, time, 1, channels); got shape {tuple(shape)}."
            )
        X = check_numeric_samples(
            X,
            categorical_features,
            "sequences",
            "at least one time step and one channel, (n, time, channels) or "
            "(n, time, 1, channels)",
        )
        return X, SequenceScaler()

    def build_networks(self, encoder, n_classes, config):
        generator = ConvSequenceGenerator(
            config.latent_dim,
            n_classes,
            config.generator_hidden_sizes,
            encoder.n_timesteps_,
            encoder.n_channels_,
        )
        discriminator = ConvSequenceDiscriminator(
            encoder.n_channels_,
            encoder.n_timesteps_,
            n_classes,
            config.discriminator_hidden_sizes,
            pack_size=config.pack_size,
        )
        return generator, discriminator

    def classifier_layout(self, sample_shape):
        n_timesteps, n_channels = sample_shape[0], sample_shape[-1]
        metadata = {"n_timesteps": int(n_timesteps), "n_channels": int(n_channels)}
        return (n_timesteps, 1, n_channels), metadata
