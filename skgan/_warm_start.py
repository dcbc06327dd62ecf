"""Start a fit from an earlier generator: the ``init`` parameter.

``GANOversampler(init=...)`` takes a fitted sampler (or a
``sklearn.frozen.FrozenEstimator`` around one) or the path of a ``.skgan``
file. :func:`resolve_init` reads it into a :class:`Start`: the source
generator's weights and classes, checked against the data the fit is about
to learn and mapped onto its classes. The fit then builds its networks as
usual and :meth:`Start.load_into` overwrites the generator's fresh weights:
every layer carries over; the class embedding (the only weight whose shape
depends on the classes) keeps the source's column for every class the
source knows, and gives a class it does not know the mean of the source's
columns plus the fresh column, scaled to their spread (a new class starts
as a typical known class, slightly apart). The discriminator is trained
from fresh weights: a fitted sampler keeps only its generator.

A :class:`Start` is an argument of the cached training function, so the
source's weights and the class map are part of the ``memory`` key, and of
what :func:`skgan.prefit_folds` groups trainings by.
"""

import dataclasses
import os

import numpy as np
import torch

# The generators' label embedding: a linear map without bias, weight
# (embedding_dim, n_classes); every other weight is independent of the classes.
EMBEDDING = "embed.weight"


@dataclasses.dataclass(eq=False)
class Start:
    """The weights a fit's generator starts from.

    Attributes
    ----------
    state : dict of str to ndarray
        The source generator's ``state_dict``, as numpy arrays.
    class_map : ndarray of shape (n_classes,)
        For each class of the fit, in order, the source's column of it, or
        -1 for a class the source does not know.
    source : str
        What the weights came from, for error messages.
    """

    state: dict
    class_map: np.ndarray
    source: str

    def load_into(self, generator):
        """Overwrite ``generator``'s weights with the source's, in place.

        Raises
        ------
        ValueError
            If a weight of the source does not fit ``generator`` (another
            architecture: different widths, latent size or sample shape).
        """
        target = generator.state_dict()
        missing = sorted(set(target) ^ set(self.state))
        if missing:
            raise ValueError(self._mismatch(f"layers {missing[:4]} are not in both"))
        loaded = {}
        for name, value in target.items():
            source = torch.as_tensor(self.state[name], dtype=value.dtype)
            if name == EMBEDDING:
                loaded[name] = self._embedding(source, value)
                continue
            if source.shape != value.shape:
                raise ValueError(
                    self._mismatch(
                        f"layer {name!r} has shape {tuple(source.shape)} in init's "
                        f"generator and {tuple(value.shape)} in this fit's"
                    )
                )
            loaded[name] = source
        generator.load_state_dict(loaded)

    def _embedding(self, source, fresh):
        if source.shape[0] != fresh.shape[0]:
            raise ValueError(
                self._mismatch(
                    f"the label embedding has {source.shape[0]} dimensions in "
                    f"init's generator and {fresh.shape[0]} in this fit's"
                )
            )
        known = torch.as_tensor(self.class_map >= 0)
        columns = source[:, torch.as_tensor(np.maximum(self.class_map, 0))]
        mean = source.mean(dim=1, keepdim=True)
        spread = (source - mean).norm(dim=0).mean()
        scale = spread / fresh.norm(dim=0).clamp_min(1e-12)
        new = mean + fresh * scale
        return torch.where(known, columns, new)

    def _mismatch(self, what):
        return (
            f"init's generator ({self.source}) does not fit this data: {what}. "
            "init must come from a fit on samples of the same kind and shape "
            "(tables: the same columns, categories and encodings), with the "
            "same latent_dim and generator_hidden_sizes; leave those 'auto' "
            "or set them as the source did."
        )


def resolve_init(init, kind, sample_shape, classes):
    """The :class:`Start` that ``init`` gives a fit of ``kind`` samples of
    ``sample_shape`` with ``classes``; None for ``init=None``.

    Raises
    ------
    TypeError
        If ``init`` is neither None, a path nor a (frozen) GANOversampler.
    ValueError
        If the source is unfitted, learned nothing (every column constant),
        or was fitted on another kind of data or sample shape.
    """
    if init is None:
        return None
    sampler, source = _source_sampler(init)
    model = sampler.model_
    if model.generator is None:
        raise ValueError(
            f"init ({source}) learned nothing (every column of its training "
            "data was constant): there are no weights to start from. Leave "
            "init=None."
        )
    if model.kind.name != kind.name or tuple(model.sample_shape) != tuple(sample_shape):
        raise ValueError(
            f"init ({source}) was fitted on {model.kind.name} samples of shape "
            f"{tuple(model.sample_shape)}; this fit's are {kind.name} samples of "
            f"shape {tuple(sample_shape)}. Start from a generator fitted on "
            "samples like these, or leave init=None."
        )
    position = {label: k for k, label in enumerate(model.classes)}
    class_map = np.array([position.get(label, -1) for label in classes], np.int64)
    state = {
        name: tensor.detach().cpu().numpy().copy()
        for name, tensor in model.generator.state_dict().items()
    }
    return Start(state=state, class_map=class_map, source=source)


def _source_sampler(init):
    """``(fitted GANOversampler, description)`` from an ``init`` value."""
    from skgan._oversampler import GANOversampler

    if isinstance(init, (str, os.PathLike)):
        return GANOversampler.load(init), f"the file {os.fspath(init)!r}"
    # sklearn.frozen.FrozenEstimator: clone leaves it (and its fit) alone
    sampler = getattr(init, "estimator", init) if _is_frozen(init) else init
    if not isinstance(sampler, GANOversampler):
        raise TypeError(
            "init must be None, a fitted GANOversampler (or a "
            "sklearn.frozen.FrozenEstimator around one) or the path of a "
            f"saved .skgan file; got {type(init).__name__}."
        )
    if not hasattr(sampler, "model_"):
        raise ValueError(
            "init is a GANOversampler that is not fitted. Fit it first; if it "
            "was fitted, a clone unfitted it (GridSearchCV, cross_validate and "
            "Pipeline clone their parameters): pass "
            "sklearn.frozen.FrozenEstimator(sampler), which clones as it is, or "
            "the path of the file sampler.save wrote."
        )
    return sampler, "a fitted GANOversampler"


def _is_frozen(value):
    return type(value).__name__ == "FrozenEstimator" and hasattr(value, "estimator")
