"""Encode the samples and train the networks: the part of a fit worth caching.

``fit_generator`` is a plain function of the kind of data, the validated
samples, the training parameters and the random generator so that
``joblib.Memory`` can cache it: the sampler's ``memory`` parameter makes a
search over parameters that only affect sampling (``augmentation_ratio``,
``sampling_strategy``, ``interpolation``, ``soft_labels``, ``truncation``)
train one GAN per fold.

Training that diverges is retried once, from fresh weights, with both
learning rates divided by ``RETRY_LEARNING_RATE_DIVISOR``; a second
divergence is a ``FloatingPointError``. An exception is never cached by
``joblib.Memory``, so a failed fit is trained again next time.

:func:`skgan.prefit_folds` trains the GANs of many fits at once and puts
them in the cache under the keys those fits look up: while it runs,
``PREFIT`` holds an object that sees every call of :func:`fit_generator`
(``called(arguments)``, which may raise to stop the call) and may hand
:func:`_train` a result trained beforehand (``result(key)``, the key being
:func:`training_key` of what it would train).
"""

import contextvars
import copy
import functools
import warnings

import joblib
import torch
from sklearn.exceptions import ConvergenceWarning

from skgan._early_stopping import holdout
from skgan._training import DivergenceError, train_gan
from skgan._utils import forked_torch_rng, make_generator, resolve_device, torch_seed

# The estimator parameters that change the trained generator (the cache key,
# with the data and the random state). ``device`` is resolved first.
TRAINING_PARAMS = (
    "latent_dim",
    "generator_hidden_sizes",
    "discriminator_hidden_sizes",
    "generator_learning_rate",
    "discriminator_learning_rate",
    "batch_size",
    "pack_size",
    "moment_matching",
    "discriminator_augmentation",
    "max_steps",
    "early_stopping",
    "validation_fraction",
    "n_iter_no_change",
    "tol",
    "discriminator_steps",
    "ema_decay",
    "device",
)

# Both learning rates are divided by this for the one retry after divergence.
RETRY_LEARNING_RATE_DIVISOR = 10.0

# Set by skgan._prefit while it prefits GANs (see the module's docstring).
PREFIT = contextvars.ContextVar("skgan_prefit", default=None)


def fit_generator(kind, encoder, X, codes, n_classes, params, rng, verbose=0):
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
    params : dict
        The values of ``TRAINING_PARAMS`` ("auto" resolved), with ``device``
        as a string.
    rng : numpy.random.RandomState
        Consumed as a fresh fit consumes it; its final state is returned.
    verbose : int
        Print training progress.

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
        again from fresh weights (a second torch seed drawn from ``rng``)
        with both divided by ``RETRY_LEARNING_RATE_DIVISOR``. The first
        divergence only warns (a ``ConvergenceWarning``).
    """
    prefit = PREFIT.get()
    if prefit is not None:
        prefit.called(
            dict(
                kind=kind,
                encoder=encoder,
                X=X,
                codes=codes,
                n_classes=n_classes,
                params=params,
                rng=rng,
            )
        )
    encoded, device, seed = _encode(kind, encoder, X, codes, n_classes, params, rng)
    if encoder.output_dim_ == 0:  # every column is constant: nothing to learn
        return encoder, None, [], rng
    train = functools.partial(
        _train, kind, encoded, codes, encoder, n_classes, device, verbose
    )
    try:
        ema, history = train(params, seed)
    except DivergenceError as error:
        first = error
    else:
        return encoder, ema, history, rng
    retry = dict(params)
    for name in ("generator_learning_rate", "discriminator_learning_rate"):
        retry[name] = params[name] / RETRY_LEARNING_RATE_DIVISOR
    warnings.warn(
        f"GAN training diverged at {first.summary}; retrying once from fresh "
        "weights "
        "with lower learning rates: generator_learning_rate="
        f"{retry['generator_learning_rate']:.3g}, discriminator_learning_rate="
        f"{retry['discriminator_learning_rate']:.3g}.",
        ConvergenceWarning,
        stacklevel=2,
    )
    seed = torch_seed(rng)  # drawn from rng: a seeded fit stays reproducible
    try:
        ema, history = train(retry, seed)
    except DivergenceError as second:
        message = _diverged_twice(first, second, params)
        raise FloatingPointError(message) from second
    return encoder, ema, history, rng


def _encode(kind, encoder, X, codes, n_classes, params, rng):
    """Fit ``encoder`` and draw the torch seed from ``rng``, as a fit does
    first: ``(encoded, device, seed)``."""
    encoded = kind.encode(encoder, X, codes, n_classes, rng)
    return encoded, resolve_device(params["device"]), torch_seed(rng)


def first_training(kind, encoder, X, codes, n_classes, params, rng):
    """What ``fit_generator`` with these arguments trains first (before any
    retry): ``(key, problem)``, ``problem`` being the arguments of
    :func:`~skgan._training.train_gan`, or None when there is nothing to
    learn. ``encoder`` and ``rng`` are left as they are (copies are used)."""
    encoder, rng = copy.deepcopy(encoder), copy.deepcopy(rng)
    encoded, device, seed = _encode(kind, encoder, X, codes, n_classes, params, rng)
    if encoder.output_dim_ == 0:
        return None
    key = training_key(encoded, codes, params, seed)
    return key, training_problem(
        kind, encoded, codes, encoder, n_classes, device, params, seed
    )


def training_key(encoded, codes, params, seed):
    """A digest of what a training depends on: the encoded rows, their
    classes, the training parameters and the torch seed."""
    return joblib.hash((encoded, codes, params, seed))


def _train(kind, encoded, codes, encoder, n_classes, device, verbose, params, seed):
    """Build the networks from ``seed`` and train them with ``params``;
    return the EMA generator (on the CPU, in eval mode) and the history.
    While GANs are prefitted, a result already trained for the same key is
    returned instead."""
    prefit = PREFIT.get()
    if prefit is not None:
        found = prefit.result(training_key(encoded, codes, params, seed))
        if found is not None:
            return found
    problem = training_problem(
        kind, encoded, codes, encoder, n_classes, device, params, seed
    )
    ema, history = train_gan(**problem, verbose=verbose)
    return ema.cpu().eval(), history


def training_problem(kind, encoded, codes, encoder, n_classes, device, params, seed):
    """The arguments of :func:`~skgan._training.train_gan` (but ``verbose``)
    for one training: the networks built from ``seed``, the rows on
    ``device``, the training parameters.

    With ``params["early_stopping"]`` the EMA generator is scored against
    the training rows, or against a share ``validation_fraction`` of each
    class's rows held out of training (chosen from ``seed``).
    """
    pack = params["pack_size"]
    rows = torch.as_tensor(encoded, device=device)
    labels = torch.as_tensor(codes, dtype=torch.int64, device=device)
    validation = None
    if params["early_stopping"]:
        validation = (rows, labels)
        if params["validation_fraction"] is not None:
            train, held_out = holdout(codes, params["validation_fraction"], seed)
            train = torch.as_tensor(train, device=device)
            held_out = torch.as_tensor(held_out, device=device)
            validation = (rows[held_out], labels[held_out])
            rows, labels = rows[train], labels[train]
    with forked_torch_rng(seed, device):
        # weight initialisation draws from torch's global generator: seeded
        # in a fork, under a lock, so fits in several threads do not mix
        # their draws; training itself draws only from its own generator
        generator, discriminator = kind.build_networks(encoder, n_classes, params)
    return dict(
        generator=generator.to(device),
        discriminator=discriminator.to(device),
        data=rows,
        labels=labels,
        n_classes=n_classes,
        activate=kind.training_activation(encoder),
        latent_dim=params["latent_dim"],
        n_steps=params["max_steps"],
        batch_size=pack * max(1, round(params["batch_size"] / pack)),
        pack_size=pack,
        moment_weight=params["moment_matching"],
        augment=kind.discriminator_augmentation(
            encoder, len(encoded), params["discriminator_augmentation"]
        ),
        validation=validation,
        n_iter_no_change=params["n_iter_no_change"],
        tol=params["tol"],
        generator_learning_rate=params["generator_learning_rate"],
        discriminator_learning_rate=params["discriminator_learning_rate"],
        discriminator_steps=params["discriminator_steps"],
        ema_decay=params["ema_decay"],
        torch_generator=make_generator(seed, device),
    )


def _diverged_twice(first, second, params):
    """The message of the FloatingPointError: what happened, what to do."""
    return (
        f"GAN training diverged twice. With generator_learning_rate="
        f"{params['generator_learning_rate']:.3g} and discriminator_learning_rate="
        f"{params['discriminator_learning_rate']:.3g} it diverged at "
        f"{first.summary}; retried from fresh weights with both learning rates "
        f"divided by {RETRY_LEARNING_RATE_DIVISOR:g}, it diverged at "
        f"{second.summary}. Lower generator_learning_rate and "
        "discriminator_learning_rate further, standardise columns with extreme "
        "values (e.g. with StandardScaler or a log transform), or fit with "
        "another random_state."
    )
