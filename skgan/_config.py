"""One source for the training parameters: :class:`TrainingConfig`.

A GAN's training depends on its data, its seed and the fields of one
:class:`TrainingConfig`, named as the estimator's parameters are and passed
as they are all the way down: the estimator resolves ``"auto"`` into a
config (:meth:`TrainingConfig.from_estimator`), the kind of data builds its
networks from it, the training loop reads it, ``memory`` keys its cache on
it, the loop stacks GANs whose configs are equal, and ``prefit_folds``
tells the parameters that change a GAN (:data:`TRAINING_PARAMS`) from those
that only change sampling (:data:`SAMPLING_PARAMS`) by it. A new training
parameter is a field here and a parameter of the estimator.
"""

import dataclasses

from skgan._utils import resolve_device

# What "auto" means for a kind that does not say (DataKind.auto_settings).
GENERIC_AUTO = {"max_steps": 600}


@dataclasses.dataclass(frozen=True)
class TrainingConfig:
    """The training parameters of one GAN, ``"auto"`` resolved.

    Each field is the :class:`~skgan.GANOversampler` parameter of the same
    name (see its docstring); ``device`` is the resolved device's name,
    ``batch_size`` a multiple of ``pack_size``, ``discriminator_augmentation``
    and ``early_stopping`` booleans.
    """

    latent_dim: int
    generator_hidden_sizes: tuple
    discriminator_hidden_sizes: tuple
    generator_learning_rate: float
    discriminator_learning_rate: float
    batch_size: int
    pack_size: int
    moment_matching: float
    discriminator_augmentation: bool
    max_steps: int
    early_stopping: bool
    validation_fraction: float | None
    n_iter_no_change: int
    tol: float
    discriminator_steps: int
    ema_decay: float
    device: str

    @classmethod
    def from_estimator(cls, estimator, kind, X_shape):
        """The config of a fit of ``estimator`` on ``kind`` data of shape
        ``X_shape``: ``"auto"`` as the kind says for its samples, the device
        resolved. Raises a ValueError for ``discriminator_augmentation=True``
        on a kind without an augmentation."""
        auto = {**GENERIC_AUTO, **kind.auto_settings_for(tuple(X_shape[1:]))}
        values = {}
        for name in TRAINING_PARAMS:
            value = getattr(estimator, name)
            if isinstance(value, str) and value == "auto" and name in auto:
                value = auto[name]
            values[name] = value
        augmentation = values["discriminator_augmentation"]
        if augmentation is True and not kind.augmentable:
            raise ValueError(
                f"discriminator_augmentation=True needs a kind of data with a "
                f"differentiable augmentation; {kind.name} data has none. Leave "
                "discriminator_augmentation='auto' or set it to False."
            )
        if isinstance(augmentation, str):  # "auto": on for small sets
            augmentation = X_shape[0] <= kind.auto_augmentation_max_samples
        pack = int(values["pack_size"])
        return cls(
            **{
                **values,
                "generator_hidden_sizes": tuple(values["generator_hidden_sizes"]),
                "discriminator_hidden_sizes": tuple(
                    values["discriminator_hidden_sizes"]
                ),
                "batch_size": pack * max(1, round(values["batch_size"] / pack)),
                "discriminator_augmentation": bool(augmentation and kind.augmentable),
                "early_stopping": bool(values["early_stopping"]),
                "device": str(resolve_device(values["device"])),
            }
        )

    def replace(self, **changes):
        """A copy with ``changes``."""
        return dataclasses.replace(self, **changes)


# The estimator parameters that change the trained generator, besides the
# data and the random state: the fields of TrainingConfig.
TRAINING_PARAMS = tuple(field.name for field in dataclasses.fields(TrainingConfig))

# The estimator parameters that decide which rows a GAN learns from, which
# weights it starts from, or where it is kept, without being training
# parameters.
DATA_PARAMS = frozenset(
    {
        "random_state",
        "data_kind",
        "categorical_features",
        "handle_missing",
        "memory",
        "init",
    }
)


def sampling_params(estimator):
    """The parameters of ``estimator`` (a GANOversampler) that never reach
    training: every parameter but :data:`TRAINING_PARAMS` and
    :data:`DATA_PARAMS`. A search over them shares the GANs of each fold."""
    names = set(estimator.get_params(deep=False))
    return frozenset(names - set(TRAINING_PARAMS) - DATA_PARAMS)
