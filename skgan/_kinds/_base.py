"""The interface every kind of data implements, and the checks that the
kinds of numeric arrays (sequences, images) share."""

import numpy as np
from sklearn.utils import check_array

from skgan._validation import as_float, is_dataframe


class DataKind:
    """What one kind of data needs from the rest of skgan.

    Subclasses set the class attributes and implement :meth:`recognises`,
    :meth:`check_X`, :meth:`build_networks` and, when their samples are not
    used as they come from the generator, the activations. A kind holds no
    data: one instance serves every fit.

    Attributes
    ----------
    name : str
        What ``data_kind=`` and saved models call the kind.
    tabular : bool
        Whether samples are rows of named columns (what the command line
        writes as CSV).
    augmentation_class : type or None
        The kind's differentiable augmentation of the discriminator's batches
        (``augment(x, torch_generator)``), built with
        ``augmentation_probability``;
        None for kinds without one (``discriminator_augmentation=True`` is
        then an error).
    auto_augmentation_max_samples : int
        ``discriminator_augmentation="auto"`` augments training sets of at
        most this many samples.
    auto_settings : dict
        The values ``"auto"`` takes for the estimator's parameters
        (``generator_hidden_sizes``, ``discriminator_hidden_sizes``,
        ``batch_size``, ``pack_size``, ``early_stopping``, ``max_steps``);
        ``max_steps`` is 600 for a kind that does not say.
    encoder_class : type
        The encoder's class, a :class:`StatefulEncoder`.
    generator_class : type
        The generator's class; it records its constructor arguments in
        ``config``, from which :meth:`build_generator` rebuilds it.
    """

    name = None
    tabular = False
    augmentation_class = None
    augmentation_probability = 0.5
    auto_augmentation_max_samples = 0
    auto_settings = {}
    encoder_class = None
    generator_class = None

    def auto_settings_for(self, sample_shape):
        """The values ``"auto"`` takes for samples of ``sample_shape``
        (``X.shape[1:]``): :attr:`auto_settings`, unless the kind sizes its
        networks by the sample."""
        return self.auto_settings

    def recognises(self, shape):
        """Whether ``data_kind="auto"`` takes an input of ``shape`` for this kind."""
        return False

    def check_X(self, X, *, categorical_features, feature_names):
        """Validate ``X``; return ``(X_checked, encoder)``: an ndarray in the
        input's layout and an unfitted encoder for it. Errors say what to do."""
        raise TypeError(f"{type(self).__name__} does not define check_X.")

    def refuse_missing(self, X, feature_names):
        """Raise a ValueError naming a column of the validated ``X`` that holds
        missing values (``handle_missing="error"``). Kinds whose
        :meth:`check_X` refuses NaN, as every kind but tables does, need not
        override this."""

    def encode(self, encoder, X, codes, n_classes, rng):
        """Fit ``encoder`` on the validated ``X`` and return the encoded rows.
        ``rng`` is there for kinds whose encoding is random."""
        return encoder.fit_transform(X, codes, n_classes)

    def build_networks(self, encoder, n_classes, config):
        """``(generator, discriminator)`` for the fitted ``encoder`` and the
        training configuration (a :class:`~skgan._config.TrainingConfig`)."""
        raise TypeError(f"{type(self).__name__} does not define build_networks.")

    def build_generator(self, config):
        """An untrained generator from a recorded ``config``."""
        return self.generator_class(**config)

    @property
    def augmentable(self):
        """Whether the kind has a differentiable augmentation."""
        return self.augmentation_class is not None

    def discriminator_augmentation(self, config):
        """The augmentation ``augment(x, torch_generator)`` of the
        discriminator's batches that the training ``config`` asks for
        (``"auto"`` was resolved by :class:`~skgan._config.TrainingConfig`:
        on for at most ``auto_augmentation_max_samples`` training samples);
        None for none."""
        if not (config.discriminator_augmentation and self.augmentable):
            return None
        return self.augmentation_class(self.augmentation_probability)

    def training_activation(self, encoder):
        """``activate(raw, torch_generator)``: the generator's raw output made
        a sample while training (differentiable)."""
        return _identity_in_training

    def sampling_activation(self, encoder):
        """``activate(raw, labels, torch_generator)``: the raw output made a
        sample to decode, given the label vectors of the rows."""
        return _identity_in_sampling

    def flat_rows(self, X, name):
        """``X`` (an array of this kind's samples) as a 2-D array of one row
        per sample, for what compares rows (:mod:`skgan.metrics`,
        :mod:`skgan.plotting`): numeric samples flattened. ``name`` names
        ``X`` in errors."""
        if X.dtype.kind not in "biuf":
            X = as_float(
                X,
                f"{name} holds {self.name}s of non-numeric values; they must "
                "be numeric.",
            )
        return X.reshape(len(X), -1)

    def classifier_layout(self, sample_shape):
        """The shape of one sample in :meth:`GANOversampler.augment`'s result,
        and the metadata that describes it; a ValueError for kinds that
        ``augment`` does not serve."""
        raise ValueError(f"augment does not take {self.name} data.")

    def __repr__(self):
        return f"{type(self).__name__}()"


def _identity_in_training(raw, torch_generator):
    return raw


def _identity_in_sampling(raw, labels, torch_generator):
    return raw


def check_numeric_samples(X, categorical_features, plural, needs):
    """The checks every kind of numeric array makes after its shape check:
    no DataFrame, no ``categorical_features``, numbers only, at least 2
    samples, no empty axis. ``plural`` names the samples in messages
    ("sequences"); ``needs`` says what one sample needs ("at least one time
    step and one channel, (n, time, channels) ..."). Returns the array."""
    if is_dataframe(X):
        raise TypeError(
            f"{plural.capitalize()} must be a numeric array, not a DataFrame."
        )
    if (
        not (isinstance(categorical_features, str) and categorical_features == "auto")
        and np.asarray(categorical_features).size
    ):
        raise ValueError(
            f"categorical_features applies to tables; {plural} are numeric. Leave "
            f"categorical_features='auto' for {plural[:-1]} data."
        )
    try:
        X = check_array(
            X, dtype="numeric", allow_nd=True, ensure_min_samples=2, input_name="X"
        )
    except ValueError as error:
        if "contains NaN" in str(error):
            raise ValueError(
                f"Input X contains NaN. Only tables learn missing values; "
                f"{plural} must be complete. Fill the gaps first (e.g. "
                "interpolate along the time or pixel axes), or drop the samples "
                "that hold NaN."
            ) from error
        if "convert" not in str(error).lower():
            raise
        raise ValueError(
            f"{plural.capitalize()} must hold numbers only; convert X with "
            "X.astype(float)."
        ) from error
    if 0 in X.shape[1:]:
        raise ValueError(f"Found {plural} of shape {X.shape}: each needs {needs}.")
    return X


class StatefulEncoder:
    """The base of every kind's encoder: ``get_state``/``from_state`` over the
    attributes named in ``STATE`` (what a saved model stores).

    Every encoder has one interface: ``fit_transform(X, codes, n_classes)``
    (tables also take the fit's ``rng``) learns the maps from the validated
    samples and their class codes and returns the encoded float32 array;
    ``inverse_transform(Z, labels, out=None)`` decodes generated samples at
    their label vectors, into ``out`` when given (any dtype the values cast
    to) or a new array of ``output_dtype_``; ``output_dim_`` is the number
    of encoded values per sample (0 when nothing is left to learn).
    """

    STATE = ()
    # keys added after files were first written: a state without one (an
    # older file) gets the value given here (a callable making it)
    LATER_STATE = {}

    def __setstate__(self, state):
        # a fitted encoder pickled by an earlier version (joblib.dump, a
        # memory cache) lacks the keys added since: they get their defaults.
        # An unfitted one (a copy, a hash) stays as it was.
        fitted = set(self.STATE) - set(self.LATER_STATE) <= set(state)
        if fitted:
            vars(self).update({k: make() for k, make in self.LATER_STATE.items()})
        vars(self).update(state)

    def get_state(self):
        """The fitted state, as a dict of the attributes in ``STATE``."""
        return {name: getattr(self, name) for name in self.STATE}

    @classmethod
    def from_state(cls, state):
        """An encoder with the fitted ``state`` (the keys of ``STATE``; those
        of ``LATER_STATE`` may be absent)."""
        required = set(cls.STATE) - set(cls.LATER_STATE)
        if not isinstance(state, dict) or not required <= set(state) <= set(cls.STATE):
            raise ValueError(
                f"A {cls.__name__} state needs the keys {sorted(cls.STATE)}."
            )
        encoder = cls.__new__(cls)
        vars(encoder).update({k: make() for k, make in cls.LATER_STATE.items()})
        vars(encoder).update(state)
        return encoder
