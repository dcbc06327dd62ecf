"""Images <-> the scaled, channels-first arrays the image networks learn
(the encoder interface: :class:`skgan._kinds._base.StatefulEncoder`)."""

import numpy as np

from skgan._kinds._base import StatefulEncoder

# Training images fill [-RANGE, RANGE] of the generator's (-1, 1) tanh range;
# generated values beyond it are clipped to the channel's extremes. Images
# often hold many pixels at exactly their extremes (background, saturation),
# which a tanh reaches only asymptotically: the headroom lets the generator
# make them.
RANGE = 0.9


class ImageScaler(StatefulEncoder):
    """Fit on training images, scale them for the networks, decode back.

    Each channel is mapped linearly from its training range ``[min, max]``
    onto ``[-RANGE, RANGE]``, inside the range of the generator's ``tanh``
    output (values beyond decode to the extremes), and
    images are laid out channels-first for 2-D convolutions: (n, height,
    width) or (n, height, width, channels) -> (n, channels, height, width).
    Decoding undoes both, so generated values stay within each channel's
    training range, and gives images back in the layout and dtype they came
    in: integer dtypes (``uint8`` among them) and integer-valued float
    channels are rounded, then clipped to the range.
    """

    STATE = (
        "height_",
        "width_",
        "n_channels_",
        "has_channel_axis_",
        "dtype_",
        "min_",
        "max_",
        "is_integer_",
        "n_classes_",
        "output_dim_",
    )

    @property
    def output_dtype_(self):
        """The dtype of the training images."""
        return self.dtype_

    def fit_transform(self, X, codes, n_classes):
        """Learn the channel ranges and scale ``X`` to (n, C, H, W) float32
        in [-RANGE, RANGE]. ``codes`` is unused: the ranges are those of all
        images."""
        X = np.asarray(X)
        self.has_channel_axis_ = X.ndim == 4
        self.dtype_ = X.dtype
        values = X.reshape(*X.shape[:3], -1)
        self.height_, self.width_, self.n_channels_ = (int(n) for n in values.shape[1:])
        self.n_classes_ = int(n_classes)
        values = values.astype(np.float64)
        self.min_ = values.min(axis=(0, 1, 2))
        self.max_ = values.max(axis=(0, 1, 2))
        self.is_integer_ = X.dtype.kind in "iub" or np.all(
            np.mod(values, 1.0) == 0.0, axis=(0, 1, 2)
        )
        self.is_integer_ = np.broadcast_to(self.is_integer_, self.min_.shape).copy()
        self.output_dim_ = self.height_ * self.width_ * self.n_channels_
        scaled = ((values - self.min_) / self._span() * 2.0 - 1.0) * RANGE
        return np.ascontiguousarray(scaled.transpose(0, 3, 1, 2), dtype=np.float32)

    def _span(self):
        span = self.max_ - self.min_
        return np.where(span > 0, span, 1.0)

    def inverse_transform(self, Z, labels, out=None):
        """Decode generated images (m, C, H, W) to the training layout and
        dtype, written into ``out`` when given. ``labels`` is unused."""
        unit = (np.clip(Z.astype(np.float64) / RANGE, -1.0, 1.0) + 1.0) / 2.0
        values = unit.transpose(0, 2, 3, 1) * self._span() + self.min_
        values = np.where(self.is_integer_, np.round(values), values)
        values = np.clip(values, self.min_, self.max_)
        if not self.has_channel_axis_:
            values = values[..., 0]
        if out is None:
            return values.astype(self.dtype_)
        out[...] = values.reshape(out.shape)
        return out
