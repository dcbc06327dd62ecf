"""Tables: rows of numeric and categorical columns (numpy or pandas)."""

import numbers

import numpy as np
import torch
from sklearn.utils import check_array

from skgan._encoding import TabularEncoder, missing_mask
from skgan._kinds._base import DataKind
from skgan._validation import (
    as_float,
    categorical_mask,
    densify_frame,
    is_dataframe,
)
from skgan.nn import ResidualMLPDiscriminator, ResidualMLPGenerator
from skgan.nn._tabular import activate_spans

_MAX_CATEGORIES = 1000


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

    def build_networks(self, encoder, n_classes, params):
        generator = ResidualMLPGenerator(
            params["latent_dim"],
            n_classes,
            tuple(params["generator_hidden_sizes"]),
            encoder.spans_,
        )
        discriminator = ResidualMLPDiscriminator(
            encoder.output_dim_,
            n_classes,
            tuple(params["discriminator_hidden_sizes"]),
            pack_size=params["pack_size"],
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

    def classifier_layout(self, sample_shape):
        raise ValueError(
            "augment works on sequences shaped (n, time, channels) or (n, time, "
            f"1, channels); got a table with {sample_shape[0]} columns. For tables "
            "use fit_resample with soft_labels=True (and interpolation > 0)."
        )


def check_rows(X, mask):
    """Validate the columns of ``X`` given the categorical ``mask``.

    Returns a 2-D ndarray: numeric dtype when no column is categorical,
    ``object`` otherwise. Missing values (NaN, None, ``pd.NA``) stay as they
    are (NaN in a numeric array); infinite ones are an error.
    """
    if not mask.any():
        try:
            return check_array(
                X,
                dtype="numeric",
                ensure_all_finite="allow-nan",
                ensure_min_samples=2,
                input_name="X",
            )
        except np.exceptions.DTypePromotionError as error:
            raise TypeError(
                "X's columns have dtypes with no common numeric type (e.g. "
                "datetime64 and float64). Convert such columns to numbers first, "
                "e.g. X[col] = X[col].astype('int64') for datetimes, or name them "
                "in categorical_features."
            ) from error
        except ValueError as error:
            if "convert" not in str(error).lower():
                raise
            raise ValueError(
                "X holds non-numeric values. Name the categorical columns with "
                "categorical_features (indices, names or a boolean mask), or pass a "
                "pandas DataFrame whose categorical columns have a category, string, "
                "object or bool dtype."
            ) from error
    if is_dataframe(X):
        columns = [X.iloc[:, j].to_numpy(dtype=object) for j in range(X.shape[1])]
        names = [str(c) for c in X.columns]
    else:
        X = np.asarray(X, dtype=object)
        columns = list(X.T)
        names = [str(j) for j in range(X.shape[1])]
    out = np.empty((len(columns[0]), len(columns)), dtype=object)
    for j, (column, name) in enumerate(zip(columns, names)):
        out[:, j] = (
            _check_categorical(column, name)
            if mask[j]
            else _check_numeric(column, name)
        )
    if out.shape[0] < 2:
        raise ValueError(
            f"Found array with {out.shape[0]} sample(s); at least 2 needed."
        )
    return out


def _check_numeric(column, name):
    observed = column[~missing_mask(column)]
    example = observed[0] if len(observed) else column[0]
    values = as_float(
        observed,
        f"Column {name} holds non-numeric values (e.g. {example!r}) but is not "
        "categorical. Name it in categorical_features, or convert it to numbers.",
    )
    if not np.all(np.isfinite(values)):
        raise ValueError(f"Input X contains infinity in column {name}.")
    return column


def _check_categorical(column, name):
    observed = column[~missing_mask(column)]  # missing values are learned
    kinds = {_kind(v) for v in observed}
    if len(kinds) > 1:
        raise ValueError(
            f"Categorical column {name} mixes value types {sorted(kinds)}; convert it "
            "to one type, e.g. X[col] = X[col].astype(str)."
        )
    n_categories = len(set(observed.tolist()))
    if n_categories > _MAX_CATEGORIES:
        raise ValueError(
            f"Categorical column {name} has {n_categories} distinct values; its "
            f"one-hot block would need {n_categories} outputs per row. Drop or "
            "bucket it (more than 1000 categories is refused), or treat it as "
            "numeric if it is an identifier-like code."
        )
    return column


def _kind(value):
    if isinstance(value, (bool, np.bool_)):
        return "bool"
    if isinstance(value, numbers.Number):
        return "number"
    if isinstance(value, str):
        return "str"
    return type(value).__name__
