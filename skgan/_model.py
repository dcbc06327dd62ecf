"""The fitted model: what a fit leaves behind, and how it makes samples.

A :class:`GANModel` is the kind of data, the fitted encoder, the EMA
generator (None when every column was constant), the classes with their
training counts, the shape of one sample, and the description of the input's
container. :meth:`GANModel.generate` turns label vectors into decoded
samples, batch by batch; :meth:`GANModel.to_container` and
:meth:`GANModel.labels_to_container` give them back as the user passed the
training data. ``GANOversampler`` holds one as ``model_``; persistence and the
command line work through it.
"""

import numpy as np

from skgan import _containers, _memory
from skgan._sampling import iter_generate


class GANModel:
    """A trained class-conditional generator and what decodes its output.

    Parameters
    ----------
    kind : skgan._kinds.DataKind
        The kind of data it was trained on.
    encoder : object
        The fitted encoder of that kind.
    generator : torch.nn.Module or None
        The EMA generator on the CPU in eval mode; None when there was
        nothing to learn (every column constant).
    classes : ndarray of shape (n_classes,)
        The class labels, in the order of the label vectors.
    class_counts : ndarray of shape (n_classes,)
        Training samples per class.
    sample_shape : tuple of int
        The shape of one sample as the user passed it (``X.shape[1:]``).
    latent_dim : int
        Size of the generator's latent vector.
    container : dict
        How the training ``X`` and ``y`` were passed (numpy, list, DataFrame,
        Series), from :func:`skgan._containers.describe`.
    """

    def __init__(
        self,
        kind,
        encoder,
        generator,
        classes,
        class_counts,
        sample_shape,
        latent_dim,
        container,
    ):
        self.kind = kind
        self.encoder = encoder
        self.generator = generator
        self.classes = classes
        self.class_counts = class_counts
        self.sample_shape = tuple(sample_shape)
        self.latent_dim = latent_dim
        self.container = container

    @property
    def output_dtype(self):
        """The dtype samples decode to before they go to the container."""
        return self.encoder.output_dtype_

    def generate(self, labels, seed, *, truncation=None, out=None):
        """Decoded samples ``(m, *sample_shape)`` at the label vectors
        ``labels`` (m, n_classes), generated and decoded batch by batch into
        ``out`` (a new array of ``output_dtype`` when None), so that memory
        beyond the output is one batch. ``seed`` seeds the latent draws.
        """
        if out is None:
            out = np.empty((len(labels), *self.sample_shape), dtype=self.output_dtype)
        for start, encoded in self._iter_encoded(labels, seed, truncation):
            stop = start + len(encoded)
            _check_finite(encoded)
            self.encoder.inverse_transform(
                encoded, labels[start:stop], out=out[start:stop]
            )
        return out

    def _iter_encoded(self, labels, seed, truncation):
        if len(labels) == 0:
            return
        if self.generator is None:  # nothing was learned: every column constant
            yield 0, np.zeros((len(labels), self.encoder.output_dim_), np.float32)
            return
        yield from iter_generate(
            self.generator,
            labels,
            activate=self.kind.sampling_activation(self.encoder),
            latent_dim=self.latent_dim,
            truncation=truncation,
            seed=seed,
        )

    def to_container(self, X_syn):
        """Decoded samples in the training container (a DataFrame, a list...)."""
        return _containers.synthetic_frame(self.container, X_syn)

    def labels_to_container(self, labels):
        """Hard labels in the training container of ``y``."""
        return _containers.synthetic_labels(self.container, labels)

    @property
    def label_name(self):
        """The name of the training ``y`` when it was a Series or a one-column
        DataFrame, else None."""
        return self.container.get("y_name")

    def check_request(self, n_rows, soft_labels, what, fix):
        """Refuse up front a request whose output cannot fit in memory."""
        bytes_per_row = _memory.row_bytes(
            self.sample_shape, self.output_dtype, len(self.classes), soft_labels
        )
        _memory.check_request(n_rows, bytes_per_row, what, fix)

    def __repr__(self):
        return (
            f"GANModel(kind={self.kind.name!r}, classes={self.classes.tolist()!r}, "
            f"sample_shape={self.sample_shape!r})"
        )


def _check_finite(encoded):
    if not np.isfinite(encoded).all():
        raise FloatingPointError(
            "The generator produced non-finite values: training diverged. "
            "Lower generator_learning_rate and discriminator_learning_rate, "
            "or fit again with another random_state."
        )
