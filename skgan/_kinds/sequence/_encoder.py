"""Sequences <-> the standardized, channels-first arrays the 1-D
convolutional networks learn (the encoder interface:
:class:`skgan._kinds._base.StatefulEncoder`)."""

import numpy as np

from skgan._kinds._base import StatefulEncoder
from skgan._kinds._numbers import float_bounds_within


class SequenceScaler(StatefulEncoder):
    """Fit on training sequences, scale them for the networks, decode back.

    Each channel is standardized with its mean and standard deviation over
    all rows and time steps, and sequences are laid out channels-first for
    1-D convolutions: (n, n_timesteps, n_channels) -> (n, n_channels,
    n_timesteps). Decoding undoes both and clips every channel to the
    training range of the classes a row's label weighs (its own class for a
    one-hot label), so generated values never leave the training domain;
    integer-valued channels (an integer input dtype among them) are rounded
    on the way back.

    The statistics are those of each channel divided by its largest
    magnitude (``unit_``), so that values near the float limit (sums of
    ``1e308``) and subnormal ones (squares of ``1e-320``) are scaled as
    well as any others. The classifier-image layout (n, T, 1, C) is read as
    (n, T, C).
    """

    STATE = (
        "n_timesteps_",
        "n_channels_",
        "n_classes_",
        "min_",
        "max_",
        "unit_",
        "mean_",
        "scale_",
        "is_integer_",
        "class_min_",
        "class_max_",
        "output_dim_",
    )
    output_dtype_ = np.dtype(np.float64)

    def fit_transform(self, X, codes, n_classes):
        """Learn the channel statistics and scale ``X`` (n, T, C) -> (n, C, T).

        ``codes``: (n,) class index of every row, for the class ranges.
        """
        X = np.asarray(X)
        X = X.reshape(X.shape[0], X.shape[1], -1)
        values = X.astype(np.float64)
        self.n_timesteps_, self.n_channels_ = values.shape[1:]
        self.n_classes_ = n_classes
        exact = X.dtype.kind in "iu" and np.abs(values).max() >= 2.0**53
        self.min_ = values.min(axis=(0, 1))
        self.max_ = values.max(axis=(0, 1))
        if exact:  # integers beyond 2**53: round the bounds inward
            for k, (lo, hi) in enumerate(zip(X.min(axis=(0, 1)), X.max(axis=(0, 1)))):
                self.min_[k], self.max_[k] = float_bounds_within(lo, hi)
        unit = np.maximum(np.abs(self.min_), np.abs(self.max_))
        self.unit_ = np.where(unit > 0, unit, 1.0)
        values /= self.unit_
        self.mean_ = values.mean(axis=(0, 1))
        std = values.std(axis=(0, 1))
        self.scale_ = np.where(std > 0, std, 1.0)
        self.is_integer_ = np.all(np.mod(X, 1) == 0, axis=(0, 1))
        self.class_min_ = np.tile(self.max_, (n_classes, 1))
        self.class_max_ = np.tile(self.min_, (n_classes, 1))
        for c in range(n_classes):
            rows = X[codes == c]
            if len(rows) == 0:
                continue
            lowest, highest = rows.min(axis=(0, 1)), rows.max(axis=(0, 1))
            for k in range(self.n_channels_):
                bounds = (lowest[k], highest[k])
                if exact:  # integers beyond 2**53: round the bounds inward
                    bounds = float_bounds_within(*bounds)
                self.class_min_[c, k], self.class_max_[c, k] = bounds
        self.output_dim_ = self.n_timesteps_ * self.n_channels_
        scaled = (values - self.mean_) / self.scale_
        return np.ascontiguousarray(scaled.transpose(0, 2, 1), dtype=np.float32)

    def inverse_transform(self, Z, labels, out=None):
        """Decode generated sequences (m, C, T) to (m, T, C), written into
        ``out`` when given (any shape of m * T * C values per row, such as
        the layout (m, T, 1, C)).

        ``labels``: (m, n_classes) label vectors of the rows, whose weighed
        classes bound the values; None bounds them by the overall range.
        """
        unit = Z.transpose(0, 2, 1).astype(np.float64) * self.scale_ + self.mean_
        unit = np.clip(unit, self.min_ / self.unit_, self.max_ / self.unit_)
        values = unit * self.unit_
        if labels is None:
            lo, hi = self.min_, self.max_
        else:
            weighed = (np.asarray(labels) > 0)[:, :, None]
            lo = np.where(weighed, self.class_min_, np.inf).min(axis=1)[:, None]
            hi = np.where(weighed, self.class_max_, -np.inf).max(axis=1)[:, None]
        values = np.clip(values, lo, hi)
        values = np.where(self.is_integer_, np.round(values), values)
        if out is None:
            return values
        out[...] = values.reshape(out.shape)
        return out
