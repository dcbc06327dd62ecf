"""Encode the samples and train the networks: the part of a fit worth caching.

``fit_generator`` is a plain function of the kind of data, the validated
samples, the training configuration and the random generator so that
``joblib.Memory`` can cache it: the sampler's ``memory`` parameter makes a
search over parameters that only affect sampling (``augmentation_ratio``,
``sampling_strategy``, ``interpolation``, ``soft_labels``, ``truncation``)
train one GAN per fold.

Training that diverges is retried once, from fresh weights, with both
learning rates divided by ``RETRY_LEARNING_RATE_DIVISOR``; a second
divergence is a ``FloatingPointError``. An exception is never cached by
``joblib.Memory``, so a failed fit is trained again next time.

:func:`skgan.prefit_folds` trains the first training of many fits at once
(:func:`first_training` says what each would train), then calls each fit's
cached ``fit_generator`` with the result as ``pretrained``, an argument the
cache key ignores: the result is stored under the key the fit itself will
look up.
"""

import copy
import functools
import warnings

import torch
from sklearn.exceptions import ConvergenceWarning

from skgan._early_stopping import holdout
from skgan._training import DivergenceError, TrainingProblem, train_gan
from skgan._utils import forked_torch_rng, make_generator, resolve_device, torch_seed

# Both learning rates are divided by this for the one retry after divergence.
RETRY_LEARNING_RATE_DIVISOR = 10.0

# What the cache key of fit_generator leaves out.
NOT_IN_CACHE_KEY = ["verbose", "pretrained"]


def fit_generator(
    kind,
    encoder,
    X,
    codes,
    n_classes,
    config,
    rng,
    init=None,
    verbose=0,
    pretrained=None,
):
    """Fit the encoder and train the GAN.

    Parameters
    ----------
    kind : skgan._kinds.DataKind
        The kind of data: it encodes, and builds the networks.
    encoder : object
        The kind's unfitted encoder for ``X`` (from ``kind.check_X``).
    X : ndarray of shape (n_samples, ...)
        Validated training samples, in the layout the user passed.
    codes : ndarray of shape (n_samples,)
        Class codes in ``range(n_classes)``.
    n_classes : int
        Number of classes.
    config : skgan._config.TrainingConfig
        The training parameters.
    rng : numpy.random.RandomState
        Consumed as a fresh fit consumes it; its final state is returned.
    init : skgan._warm_start.Start, default=None
        Weights the generator starts from (the sampler's ``init``), instead
        of fresh ones; part of the cache key.
    verbose : int
        Print training progress.
    pretrained : tuple or DivergenceError, default=None
        What the first training (before any retry) returned, trained
        beforehand by :func:`skgan.prefit_folds`: ``(ema, history)``, or the
        DivergenceError it raised. It is not part of the cache key.

    Returns
    -------
    encoder : object
        The fitted encoder.
    generator : torch.nn.Module or None
        The EMA generator on the CPU in eval mode; None when the encoder left
        nothing to learn (every column constant).
    history : list of dict
        The loss records of the training that succeeded.
    rng : numpy.random.RandomState
        The generator after the fit (a cached call returns the state a fresh
        fit would leave, so sampling afterwards draws the same rows).

    Raises
    ------
    FloatingPointError
        If training diverged twice: once with the given learning rates, then
        again from fresh weights (a second torch seed drawn from ``rng``;
        with ``init``, from its weights again)
        with both divided by ``RETRY_LEARNING_RATE_DIVISOR``. The first
        divergence only warns (a ``ConvergenceWarning``).
    """
    encoded, device, seed = _encode(kind, encoder, X, codes, n_classes, config, rng)
    if encoder.output_dim_ == 0:  # every column is constant: nothing to learn
        return encoder, None, [], rng
    train = functools.partial(
        _train, kind, encoded, codes, encoder, n_classes, device, init, verbose
    )
    try:
        if isinstance(pretrained, DivergenceError):
            raise pretrained
        ema, history = pretrained or train(config, seed)
    except DivergenceError as error:
        first = error
    else:
        return encoder, ema.cpu().eval(), history, rng
    retry = config.replace(
        generator_learning_rate=(
            config.generator_learning_rate / RETRY_LEARNING_RATE_DIVISOR
        ),
        discriminator_learning_rate=(
            config.discriminator_learning_rate / RETRY_LEARNING_RATE_DIVISOR
        ),
    )
    warnings.warn(
        f"GAN training diverged at {first.summary}; retrying once from fresh "
        "weights "
        "with lower learning rates: generator_learning_rate="
        f"{retry.generator_learning_rate:.3g}, discriminator_learning_rate="
        f"{retry.discriminator_learning_rate:.3g}.",
        ConvergenceWarning,
        stacklevel=2,
    )
    seed = torch_seed(rng)  # drawn from rng: a seeded fit stays reproducible
    try:
        ema, history = train(retry, seed)
    except DivergenceError as second:
        message = _diverged_twice(first, second, config)
        raise FloatingPointError(message) from second
    return encoder, ema.cpu().eval(), history, rng


def _encode(kind, encoder, X, codes, n_classes, config, rng):
    """Fit ``encoder`` and draw the torch seed from ``rng``, as a fit does
    first: ``(encoded, device, seed)``."""
    encoded = kind.encode(encoder, X, codes, n_classes, rng)
    return encoded, resolve_device(config.device), torch_seed(rng)


def first_training(kind, encoder, X, codes, n_classes, config, rng, init=None):
    """What ``fit_generator`` with these arguments trains first (before any
    retry): a :class:`~skgan._training.TrainingProblem`, or None when there
    is nothing to learn. ``encoder`` and ``rng`` are left as they are
    (copies are used)."""
    encoder, rng = copy.deepcopy(encoder), copy.deepcopy(rng)
    encoded, device, seed = _encode(kind, encoder, X, codes, n_classes, config, rng)
    if encoder.output_dim_ == 0:
        return None
    return training_problem(
        kind, encoded, codes, encoder, n_classes, device, config, seed, init
    )


def _train(
    kind, encoded, codes, encoder, n_classes, device, init, verbose, config, seed
):
    """Build the networks from ``seed`` (the generator's weights from
    ``init`` when given) and train them with ``config``; return the EMA
    generator and the history."""
    problem = training_problem(
        kind, encoded, codes, encoder, n_classes, device, config, seed, init
    )
    return train_gan(problem, verbose)


def training_problem(
    kind, encoded, codes, encoder, n_classes, device, config, seed, init=None
):
    """The :class:`~skgan._training.TrainingProblem` of one training: the
    networks built from ``seed`` (the generator then given ``init``'s
    weights, when there is one), the rows on ``device``, the configuration.

    With ``config.early_stopping`` the EMA generator is scored against the
    training rows, or against a share ``validation_fraction`` of each
    class's rows held out of training (chosen from ``seed``).
    """
    rows = torch.as_tensor(encoded, device=device)
    labels = torch.as_tensor(codes, dtype=torch.int64, device=device)
    validation = None
    if config.early_stopping:
        validation = (rows, labels)
        if config.validation_fraction is not None:
            train, held_out = holdout(codes, config.validation_fraction, seed)
            train = torch.as_tensor(train, device=device)
            held_out = torch.as_tensor(held_out, device=device)
            validation = (rows[held_out], labels[held_out])
            rows, labels = rows[train], labels[train]
    with forked_torch_rng(seed, device):
        # weight initialisation draws from torch's global generator: seeded
        # in a fork, under a lock, so fits in several threads do not mix
        # their draws; training itself draws only from its own generator
        generator, discriminator = kind.build_networks(encoder, n_classes, config)
    if init is not None:
        init.load_into(generator)
    return TrainingProblem(
        generator=generator.to(device),
        discriminator=discriminator.to(device),
        data=rows,
        labels=labels,
        n_classes=n_classes,
        activate=kind.training_activation(encoder),
        augment=kind.discriminator_augmentation(config),
        validation=validation,
        torch_generator=make_generator(seed, device),
        config=config,
    )


def _diverged_twice(first, second, config):
    """The message of the FloatingPointError: what happened, what to do."""
    return (
        f"GAN training diverged twice. With generator_learning_rate="
        f"{config.generator_learning_rate:.3g} and discriminator_learning_rate="
        f"{config.discriminator_learning_rate:.3g} it diverged at "
        f"{first.summary}; retried from fresh weights with both learning rates "
        f"divided by {RETRY_LEARNING_RATE_DIVISOR:g}, it diverged at "
        f"{second.summary}. Lower generator_learning_rate and "
        "discriminator_learning_rate further, standardise columns with extreme "
        "values (e.g. with StandardScaler or a log transform), or fit with "
        "another random_state."
    )
