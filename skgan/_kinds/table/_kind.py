"""Tables: rows of numeric and categorical columns (numpy or pandas)."""

import numpy as np
import torch

from skgan._kinds._base import DataKind
from skgan._kinds.table._checks import check_rows, warn_about_numbers_as_text
from skgan._kinds.table._encoder import TabularEncoder, missing_mask
from skgan._validation import categorical_mask, densify_frame, is_dataframe
from skgan.nn import ResidualMLPDiscriminator, ResidualMLPGenerator
from skgan.nn._tabular import activate_spans


class TableKind(DataKind):
    """2-D inputs: a quantile encoder per class and column, one-hot blocks for
    categorical columns, residual MLPs."""

    name = "table"
    tabular = True
    auto_settings = dict(
        generator_hidden_sizes=(64, 64),
        discriminator_hidden_sizes=(128, 128),
        batch_size=256,
        pack_size=8,
        early_stopping=True,
        max_steps=600,
    )
    encoder_class = TabularEncoder
    generator_class = ResidualMLPGenerator

    def recognises(self, shape):
        return len(shape) == 2

    def check_X(self, X, *, categorical_features, feature_names):
        shape = np.shape(X)
        if len(shape) != 2:
            raise ValueError(
                f"data_kind='table' needs a 2-D X (n_samples, n_features) or a "
                f"DataFrame; got shape {tuple(shape)}. Flatten each sample first, "
                "e.g. X.reshape(len(X), -1), or leave data_kind='auto'."
            )
        mask = categorical_mask(categorical_features, X, shape[1], feature_names)
        if isinstance(categorical_features, str) and not is_dataframe(X):
            warn_about_numbers_as_text(X, mask)
        encoder = TabularEncoder(mask, decorrelate=True)
        return check_rows(densify_frame(X), mask), encoder

    def refuse_missing(self, X, feature_names):
        """A ValueError naming the first column of the validated ``X`` with
        missing values, if any (``handle_missing="error"``)."""
        for j in range(X.shape[1]):
            if missing_mask(X[:, j]).any():
                name = j if feature_names is None else repr(feature_names[j])
                raise ValueError(
                    f"Input X contains NaN (missing values) in column {name}, and "
                    "handle_missing='error' refuses them. Set "
                    "handle_missing='generate' to learn them with the rows, or "
                    "impute them first (e.g. sklearn.impute.SimpleImputer)."
                )

    def encode(self, encoder, X, codes, n_classes, rng):
        # ties are broken and values jittered within their quantile cell at random
        return encoder.fit_transform(X, codes, n_classes, rng)

    def build_networks(self, encoder, n_classes, config):
        generator = ResidualMLPGenerator(
            config.latent_dim,
            n_classes,
            config.generator_hidden_sizes,
            encoder.spans_,
        )
        discriminator = ResidualMLPDiscriminator(
            encoder.output_dim_,
            n_classes,
            config.discriminator_hidden_sizes,
            pack_size=config.pack_size,
        )
        return generator, discriminator

    def training_activation(self, encoder):
        spans = encoder.spans_

        def activate(raw, torch_generator):
            return activate_spans(raw, spans, generator=torch_generator)

        return activate

    def sampling_activation(self, encoder):
        spans = encoder.spans_
        support = torch.as_tensor(encoder.support_)

        def activate(raw, labels, torch_generator):
            # a category no weighed class had in training is never drawn
            allowed = (labels @ support.to(labels.device)) > 0
            raw = raw.masked_fill(~allowed, -torch.inf)
            return activate_spans(raw, spans, hard=True, generator=torch_generator)

        return activate

    def flat_rows(self, X, name):
        """A table's rows are rows already."""
        return X

    def classifier_layout(self, sample_shape):
        raise ValueError(
            "augment works on sequences shaped (n, time, channels) or (n, time, "
            f"1, channels); got a table with {sample_shape[0]} columns. For tables "
            "use fit_resample with soft_labels=True (and interpolation > 0)."
        )
