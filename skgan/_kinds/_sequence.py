"""Sequences: multichannel time series such as EEG trials."""

import numpy as np
from sklearn.utils import check_array

from skgan._diffaugment import SequenceAugmentation
from skgan._encoding import SequenceScaler
from skgan._kinds._base import DataKind
from skgan._validation import is_dataframe
from skgan.nn import ConvSequenceDiscriminator, ConvSequenceGenerator

# discriminator_augmentation="auto" augments sets of at most this many samples.
AUTO_AUGMENTATION_MAX_SAMPLES = 2000
# The probability of each transformation of the augmentation, per sample.
AUGMENTATION_PROBABILITY = 0.5


class SequenceKind(DataKind):
    """``(n, time, channels)`` and the classifier-image layout ``(n, time, 1,
    channels)``: a per-channel scaler and 1-D convolutional networks.

    Convolutions over time cost far more per sample than an MLP over one
    row, so ``"auto"`` gives narrower networks and smaller batches than for
    tables, and the discriminator scores pairs of sequences (each pack is
    stacked along the channels).
    """

    name = "sequence"
    augmentable = True
    auto_settings = dict(
        generator_hidden_sizes=(64, 64),
        discriminator_hidden_sizes=(64, 64),
        batch_size=64,
        pack_size=2,
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
        if is_dataframe(X):
            raise TypeError("Sequences must be a numeric array, not a DataFrame.")
        if (
            not (
                isinstance(categorical_features, str) and categorical_features == "auto"
            )
            and np.asarray(categorical_features).size
        ):
            raise ValueError(
                "categorical_features applies to tables; sequences are numeric. "
                "Leave categorical_features='auto' for sequence data."
            )
        try:
            X = check_array(
                X, dtype="numeric", allow_nd=True, ensure_min_samples=2, input_name="X"
            )
        except ValueError as error:
            if "convert" not in str(error).lower():
                raise
            raise ValueError(
                "Sequences must hold numbers only; convert X with X.astype(float)."
            ) from error
        if 0 in X.shape[1:]:
            raise ValueError(
                f"Found sequences of shape {X.shape}: each needs at least one time "
                "step and one channel, (n, time, channels) or (n, time, 1, channels)."
            )
        return X, SequenceScaler()

    def build_networks(self, encoder, n_classes, params):
        generator = ConvSequenceGenerator(
            params["latent_dim"],
            n_classes,
            tuple(params["generator_hidden_sizes"]),
            encoder.n_timesteps_,
            encoder.n_channels_,
        )
        discriminator = ConvSequenceDiscriminator(
            encoder.n_channels_,
            encoder.n_timesteps_,
            n_classes,
            tuple(params["discriminator_hidden_sizes"]),
            pack_size=params["pack_size"],
        )
        return generator, discriminator

    def discriminator_augmentation(self, encoder, n_samples, setting):
        """Translation, amplitude and Fourier-surrogate DiffAugment
        (:class:`skgan._diffaugment.SequenceAugmentation`), by default for
        sets of at most ``AUTO_AUGMENTATION_MAX_SAMPLES`` sequences."""
        if isinstance(setting, str):  # "auto"
            setting = n_samples <= AUTO_AUGMENTATION_MAX_SAMPLES
        return SequenceAugmentation(AUGMENTATION_PROBABILITY) if setting else None

    def classifier_layout(self, sample_shape):
        n_timesteps, n_channels = sample_shape[0], sample_shape[-1]
        metadata = {"n_timesteps": int(n_timesteps), "n_channels": int(n_channels)}
        return (n_timesteps, 1, n_channels), metadata
