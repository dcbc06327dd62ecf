"""The interface every kind of data implements."""

from skgan._losses import moment_matching


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
    augmentable : bool
        Whether the kind has a differentiable augmentation for the
        discriminator (:meth:`discriminator_augmentation`), which
        ``discriminator_augmentation=True`` asks for.
    auto_settings : dict
        The values ``"auto"`` takes for the network parameters
        (``generator_hidden_sizes``, ``discriminator_hidden_sizes``,
        ``batch_size``, ``pack_size``).
    encoder_class : type
        The encoder's class: ``fit_transform(X, codes, n_classes)``,
        ``inverse_transform(Z, labels, out=None)``, ``output_dtype_``,
        ``output_dim_``, ``get_state()`` and ``from_state(state)``.
    generator_class : type
        The generator's class; it records its constructor arguments in
        ``config``, from which :meth:`build_generator` rebuilds it.
    """

    name = None
    tabular = False
    augmentable = False
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

    def encode(self, encoder, X, codes, n_classes, rng):
        """Fit ``encoder`` on the validated ``X`` and return the encoded rows.
        ``rng`` is there for kinds whose encoding is random."""
        return encoder.fit_transform(X, codes, n_classes)

    def build_networks(self, encoder, n_classes, params):
        """``(generator, discriminator)`` for the fitted ``encoder`` and the
        training parameters (``"auto"`` already resolved)."""
        raise TypeError(f"{type(self).__name__} does not define build_networks.")

    def build_generator(self, config):
        """An untrained generator from a recorded ``config``."""
        return self.generator_class(**config)

    def matching_loss(self, encoder):
        """``loss(real, fake, y)``: the term ``moment_matching`` weighs in
        the generator's loss, on encoded batches and one-hot labels."""
        return moment_matching

    def discriminator_augmentation(self, encoder, n_samples, setting):
        """The differentiable augmentation ``augment(x, torch_generator)`` of
        the discriminator's batches for the estimator's ``setting`` (True,
        False or "auto") and ``n_samples`` training samples; None for none."""
        return None

    def training_activation(self, encoder):
        """``activate(raw, torch_generator)``: the generator's raw output made
        a sample while training (differentiable)."""
        return _identity_in_training

    def sampling_activation(self, encoder):
        """``activate(raw, labels, torch_generator)``: the raw output made a
        sample to decode, given the label vectors of the rows."""
        return _identity_in_sampling

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
