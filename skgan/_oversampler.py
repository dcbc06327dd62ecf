"""GANOversampler: an imbalanced-learn sampler backed by a conditional GAN.

The estimator validates its parameters and inputs, asks the kind of data
(``skgan._kinds``) to check and encode them, trains through
``skgan._fitting`` and keeps the result as one :class:`~skgan._model.GANModel`
(``model_``), which generates and decodes every synthetic sample.
"""

import collections
import functools
import numbers
import os
import warnings

import numpy as np
import torch
from imblearn.over_sampling.base import BaseOverSampler
from imblearn.utils import check_sampling_strategy, check_target_type
from sklearn.base import _fit_context
from sklearn.preprocessing import label_binarize
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, check_memory, validate_data

from skgan import _containers, _counts, _kinds, _validation
from skgan._config import TrainingConfig
from skgan._fitting import NOT_IN_CACHE_KEY, fit_generator
from skgan._kinds.table import generate_border_rows
from skgan._model import GANModel
from skgan._utils import (
    check_rng,
    resolve_device,
    torch_seed,
    torch_threads,
    user_stacklevel,
)
from skgan._warm_start import resolve_init

_hidden_sizes = [tuple, list, StrOptions({"auto"})]

# What _validate_input hands on: the validated samples and labels, whether y
# came one-vs-all encoded, the kind of data and its unfitted encoder.
_Input = collections.namedtuple("_Input", ["X", "y", "binarize_y", "kind", "encoder"])


def _unfitted_on_failure(method):
    """A fit that raises (bad input, diverged training, Ctrl-C) leaves the
    sampler unfitted, whatever it held before; the exception propagates."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            self._forget_fit()
            raise

    return wrapper


class GANOversampler(BaseOverSampler):
    """Over-sample tables, sequences or images with a class-conditional GAN.

    ``fit_resample`` trains a class-conditional generative adversarial network
    on the training rows and returns the real rows, untouched and in order,
    followed by synthetic rows drawn from the network for each class: as many
    as ``sampling_strategy`` asks to balance the classes, plus
    ``augmentation_ratio`` times each class's balanced count on top. With
    ``soft_labels=True`` labels come back as a probability matrix, and a share
    ``interpolation`` of the extra rows is drawn at labels between two
    classes.

    The generator is a residual MLP whose blocks are conditioned on the latent
    vector and a linear embedding of the label vector; the discriminator is a
    spectrally normalised residual MLP with projection conditioning, trained
    with the hinge loss and separate learning rates; an exponential moving
    average of the generator's weights is what samples. Minibatches are
    class-balanced. Numeric columns are mapped to a Gaussian through their
    empirical quantiles, so skewed, heavy-tailed and multimodal columns are
    learned and generated values stay within the training range.

    Sequences, ``(n_samples, n_timesteps, n_channels)`` or classifier images
    ``(n_samples, n_timesteps, 1, n_channels)``, are learned by 1-D
    convolutional networks of the same design (an upsampling generator; a
    downsampling discriminator whose dense head reads the whole sequence),
    trained by the same loop, and come back in the layout they came in; each
    channel is standardized and generated values stay within its training
    range. :meth:`augment` returns them, real and synthetic with soft labels,
    as a :class:`~skgan.augmentation.GANAugmentationResult` for classifiers
    trained on soft targets.

    Images, ``(n_samples, height, width, n_channels)`` or, with
    ``data_kind="image"``, ``(n_samples, height, width)``, float or integer
    (``uint8``), are learned by BigGAN-deep's networks
    (:class:`~skgan.nn.BigGANGenerator`, :class:`~skgan.nn.BigGANDiscriminator`)
    trained by the same loop; each channel is scaled from its training range
    to ``[-1, 1]``, and images come back in the layout and dtype they came in,
    within that range (integers rounded).

    Parameters
    ----------
    {sampling_strategy}

    augmentation_ratio : float, default=0.0
        Extra synthetic rows for every class, as a fraction of the class's
        count after balancing. ``0`` only balances; ``1`` doubles every class
        after balancing. This is the parameter to grid-search.

    interpolation : float, default=0.0
        Share, in ``[0, 1]``, of the extra rows (from ``augmentation_ratio``)
        drawn at soft labels ``(1 - a) e_c + a e_j`` between their class ``c``
        and another class ``j`` (``a`` uniform in ``[0, 0.5)``). Needs
        ``soft_labels=True``.

    soft_labels : bool, default=False
        If True, ``y_res`` is a float32 matrix of shape (n_samples,
        n_classes), columns in ``classes_`` order, rows summing to 1, real rows
        one-hot.

    selection : {{"border"}} or None, default=None
        Which synthetic table rows :meth:`fit_resample` returns. ``None``
        returns the generator's rows as drawn. ``"border"`` draws three
        candidates for every row of a class and keeps first those whose five
        nearest real rows (standardized numeric columns, one-hot categorical
        ones) hold both their class and another: rows near the class border,
        where BorderlineSMOTE and ADASYN put theirs; then rows with only
        their class around them; rows deep in another class come last. On
        the development suite it raised skgan's mean ranks, most with
        gradient boosting and MLPs, but won fewer tables against SMOTE than
        the rows as drawn (see the User Guide): try it in a search. Tables
        only; rows at soft labels between two classes are never selected,
        and :meth:`sample` always returns rows as drawn (the fitted sampler
        keeps no training rows).

    categorical_features : "auto", array-like of int, str or bool, default="auto"
        Which columns are categorical, as in ``SMOTENC``: ``"auto"`` takes the
        category, object, string and bool columns of a DataFrame (and none of a
        numpy array); or column indices, column names, or a boolean mask.

    handle_missing : {{"generate", "error"}}, default="generate"
        What missing values (NaN, None, ``pd.NA``) in a table are.
        ``"generate"``: data. Where each class has them is learned with the
        rows, and synthetic rows have them in the same columns and about as
        often as the class's real rows, never in a column (or for a class)
        that had none; a missing cell holds the column's own marker (NaN, or
        ``pd.NA`` in a nullable pandas column; see the User Guide).
        ``"error"``: a ``ValueError`` naming the column, for users who impute
        first. Sequences and images never take missing values.

    data_kind : {{"auto", "table", "sequence", "image"}}, default="auto"
        What kind of data ``X`` is. ``"auto"`` reads it off the input: a
        DataFrame or a 2-D array is a table; a 3-D array ``(n, time,
        channels)`` or a 4-D array ``(n, time, 1, channels)`` is a set of
        sequences; a 4-D array ``(n, height, width, channels)`` whose third
        axis is not 1 is a set of images. Grey images ``(n, height, width)``
        are 3-D, which ``"auto"`` reads as sequences: pass
        ``data_kind="image"`` for them. Name the kind to override that rule
        (the kind then checks that it can take ``X``).

    latent_dim : int, default=32
        Size of the generator's latent (noise) vector.

    generator_hidden_sizes : tuple of int or "auto", default="auto"
        Widths of the generator's residual blocks (its depth is the length):
        units of an MLP for tables, channels of 1-D convolutions for
        sequences, of BigGAN-deep's 2-D bottleneck blocks for images.
        ``"auto"``: (64, 64) for tables, (32, 32) for sequences; for
        images, blocks of 64 channels, two for each doubling of a 4-pixel
        feature map up to the image size and at least two: (64, 64) for
        8x8 digits, four blocks for 28x28 images.

    discriminator_hidden_sizes : tuple of int or "auto", default="auto"
        Widths of the discriminator's residual blocks; ``"auto"`` as for the
        generator, but (128, 128) for tables.

    generator_learning_rate : float, default=1e-3
        Adam learning rate of the generator.

    discriminator_learning_rate : float, default=1e-3
        Adam learning rate of the discriminator (two time-scale updates when
        it differs from the generator's).

    batch_size : int or "auto", default="auto"
        Rows per class-balanced minibatch (rounded to a multiple of
        ``pack_size``). ``"auto"``: 256 for tables, 32 for sequences, 64
        for images.

    pack_size : int or "auto", default="auto"
        The discriminator scores packs of this many rows of one class together
        (PacGAN), so it sees their spread and penalises mode collapse. 1
        scores rows one by one. ``"auto"``: 8 for tables, 2 for sequences and
        images.

    moment_matching : float, default=3.0
        Weight, in the generator's loss, of the mismatch between the per-class
        means and standard deviations of real and synthetic rows (in the
        encoded space; Table-GAN's information loss). 0 trains a pure GAN.

    discriminator_augmentation : "auto" or bool, default="auto"
        Augment the real and the synthetic samples the discriminator sees
        with the same random differentiable transformations (DiffAugment,
        Zhao et al. 2020), so that it cannot memorise a small training set.
        For sequences: shifts in time, amplitude scaling and Fourier phase
        surrogates; for images: colour (brightness, saturation, contrast),
        translation and cutout; each applied to half the samples.
        ``"auto"``: on for sequence sets of at most 2,000 samples and image
        sets of at most 5,000. Tables have no such augmentation (True is an
        error for them).

    max_steps : "auto" or int, default="auto"
        The most generator updates training makes (all of them without early
        stopping). It does not depend on the number of rows, so fit time does
        not grow with the size of the data set. ``"auto"``: 600 for tables
        (a cap: early stopping ends most fits sooner), 300 for
        sequences and 600 for images (the lengths measured in
        ``benchmarks/``; raise it, with wider networks, for large samples
        or a GPU).

    early_stopping : "auto" or bool, default="auto"
        Stop training once more steps stop bringing the samples closer to the
        data. Every 10 steps the EMA generator makes rows for a fixed set of
        latent vectors, as many per class as the validation rows hold, and
        their class-balanced sliced Wasserstein distance to the validation
        rows (in the encoded space) is measured; its negation is the
        validation score (higher is better). Training stops when
        ``n_iter_no_change`` checks in a row have not raised the best score
        by more than ``tol``, and the weights of the best check are kept.
        ``history_`` records each score and why training stopped. ``"auto"``:
        on for tables, off for sequences and images (whose defaults were
        tuned at a fixed length).

    validation_fraction : float in (0, 1) or None, default=None
        Share of each class's samples held out of training to score early
        stopping (a class too small to give a sample keeps them all). None
        scores on the training samples, as scikit-learn's gradient boosting
        does with ``validation_fraction=None``: the generator never sees them
        directly, and scarce classes keep every sample. Only used with early
        stopping.

    n_iter_no_change : int, default=10
        Checks (10 steps apart) without an improvement larger than ``tol``
        after which training stops. Only used with early stopping.

    tol : float, default=0.0
        The least rise of the validation score that counts as an
        improvement. Only used with early stopping.

    discriminator_steps : int, default=1
        Discriminator updates per generator update.

    ema_decay : float, default=0.999
        Decay of the exponential moving average of the generator's weights
        (0 samples from the last weights).

    init : GANOversampler, str, os.PathLike or None, default=None
        Start the generator from an earlier fit instead of fresh weights, to
        adapt a generator trained on a related, larger set to a few samples
        (DAGAN, FreezeD): a fitted sampler (or
        ``sklearn.frozen.FrozenEstimator(sampler)``, which a search's
        ``clone`` leaves fitted), or the path of a file :meth:`save` wrote.
        Every layer carries over; a class the source knows keeps its label
        embedding, and a class it does not know starts from the mean of the
        source's (its own fresh embedding, scaled to their spread, added).
        The discriminator starts fresh, and the encoder is fitted on this
        fit's data. The source must have been fitted on samples of the same
        kind and shape with the same ``latent_dim`` and
        ``generator_hidden_sizes``. Its weights are part of the ``memory``
        key; a saved sampler holds the adapted generator, not the source (a
        sampler given here is saved as ``init=None``, a path as the path).
        See the user guide's "Rare classes and few samples".

    truncation : float or None, default=None
        If set, latent vectors are drawn from a normal truncated to
        ``[-truncation, truncation]``: typical rows, less diversity.

    device : {{"cpu", "cuda", "auto"}} or torch.device, default="cpu"
        Where to train. ``"auto"`` picks CUDA when available. The fitted
        generator always ends on the CPU, so a fitted sampler loads anywhere.

    n_jobs : int or None, default=None
        Threads torch uses to train and to sample. None keeps torch's current
        setting, which already follows what the process is given (its CPU
        affinity, ``OMP_NUM_THREADS``, ``threadpoolctl`` limits, and joblib's
        limit in the worker processes of ``GridSearchCV(n_jobs=k)``, so a
        parallel search does not oversubscribe the cores), capped at the
        available cores. -1 uses every available core, -2 all but one. Torch's
        own setting is restored when the call returns. Torch's thread count
        is process-wide: with joblib's ``threading`` backend, give each fit
        ``n_jobs=1``.

    memory : str, joblib.Memory or None, default=None
        Cache the trained generator, as ``Pipeline(memory=...)`` caches
        transformers: a directory path or a ``joblib.Memory``. The key is the
        training data, ``random_state`` and the parameters that change training,
        so a grid search over ``augmentation_ratio``, ``sampling_strategy``,
        ``interpolation``, ``soft_labels`` or ``truncation`` trains one GAN per
        fold and returns the rows a fresh fit would. Fits with
        ``random_state=None`` are never cached (they are not meant to repeat):
        such a fit warns that ``memory`` caches nothing, and creates no folder.

    random_state : int, RandomState instance or None, default=None
        Seeds weights, noise and batches; the same integer gives the same rows
        on the same machine and device. Global random state is never changed.

    verbose : int, default=0
        When greater than 0, show a progress bar over the training steps with
        the current discriminator and generator losses (tqdm, from the
        ``[progress]`` extra; plain lines on stdout without it), and, when
        early stopping ends training before ``max_steps``, one line saying
        at which step and why. 0 prints nothing.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels, in the order of the soft-label columns.

    sampling_strategy_ : dict
        Balancing rows to generate per class (imbalanced-learn's meaning).

    n_synthetic_ : dict
        Synthetic rows per class in the last ``fit_resample`` (balancing plus
        extra rows), keyed by class label.

    n_features_in_ : int
        Number of features seen during fit (for sequences, as in
        scikit-learn, the size of the second axis: the number of time steps).

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Column names, when X was a DataFrame with string column names.

    model_ : GANModel
        The fitted model: the kind of data, the fitted encoder, the EMA
        generator (on the CPU, in eval mode), the classes and what the
        training data's container was. It generates and decodes samples.

    encoder_ : object
        The fitted encoder (``model_.encoder``).

    generator_ : torch.nn.Module or None
        The EMA generator (``model_.generator``); None when every column was
        constant.

    history_ : list of dict
        One dict per epoch: ``epoch``, ``step`` (steps done at its end), the
        mean discriminator and generator losses and the mean discriminator
        scores on real and fake rows. With early stopping, an epoch in which
        a check happened has its ``validation_score``. The last record also
        says why training stopped: ``stop_reason`` is ``"max_steps"`` or
        ``"n_iter_no_change"``, ``n_steps`` the steps made, and with early
        stopping ``best_step`` is the check whose weights were kept.

    n_steps_ : int
        Generator updates made during training (fewer than ``max_steps``
        when early stopping ended it).

    n_threads_ : int
        Torch threads the last fit trained with.

    See Also
    --------
    imblearn.over_sampling.SMOTE : Over-sample by interpolating neighbours.
    imblearn.over_sampling.SMOTENC : SMOTE for numeric and categorical data.
    imblearn.over_sampling.RandomOverSampler : Over-sample by duplicating rows.

    Notes
    -----
    Training length is a fixed budget of optimizer steps, not epochs, so a
    grid search over ``augmentation_ratio`` stays affordable on large tables.
    Results are reproducible, bit for bit, for an integer ``random_state``
    on the same machine, library versions and device; another CPU rounds
    the last bits differently, which training amplifies into other rows of
    the same quality (see the User Guide's "Reproducibility").

    If training diverges (non-finite losses, or weights above 1e6 in absolute
    value), it is retried once from fresh weights with both learning rates
    divided by 10, with a :class:`~sklearn.exceptions.ConvergenceWarning`; a
    second divergence raises :class:`FloatingPointError`. A fit that fails or
    is interrupted leaves the sampler unfitted. A request for more synthetic
    rows than memory can hold is refused before training with a
    ``ValueError`` that says how much it would need.

    For files shared between people, save a fitted sampler with :meth:`save`
    (a format that runs no code when loaded) rather than joblib or pickle.

    References
    ----------
    .. [1] A. Brock, J. Donahue, K. Simonyan, "Large Scale GAN Training for
       High Fidelity Natural Image Synthesis", ICLR 2019.
    .. [2] T. Miyato, M. Koyama, "cGANs with Projection Discriminator",
       ICLR 2018.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from skgan import GANOversampler
    >>> X, y = make_classification(n_samples=300, weights=[0.9, 0.1],
    ...                            random_state=0)
    >>> sampler = GANOversampler(max_steps=20, random_state=0)
    >>> X_res, y_res = sampler.fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 268), (1, 268)]
    >>> X_new, y_new = sampler.sample(5, y=1, random_state=0)
    >>> X_new.shape
    (5, 20)
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "augmentation_ratio": [Interval(numbers.Real, 0, None, closed="left")],
        "interpolation": [Interval(numbers.Real, 0, 1, closed="both")],
        "soft_labels": ["boolean"],
        "selection": [StrOptions({"border"}), None],
        "categorical_features": [StrOptions({"auto"}), "array-like"],
        "handle_missing": [StrOptions({"generate", "error"})],
        "data_kind": [str],
        "latent_dim": [Interval(numbers.Integral, 1, None, closed="left")],
        "generator_hidden_sizes": _hidden_sizes,
        "discriminator_hidden_sizes": _hidden_sizes,
        "generator_learning_rate": [Interval(numbers.Real, 0, None, closed="neither")],
        "discriminator_learning_rate": [
            Interval(numbers.Real, 0, None, closed="neither")
        ],
        "batch_size": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "pack_size": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "moment_matching": [Interval(numbers.Real, 0, None, closed="left")],
        "discriminator_augmentation": [StrOptions({"auto"}), "boolean"],
        "max_steps": [
            StrOptions({"auto"}),
            Interval(numbers.Integral, 1, None, closed="left"),
        ],
        "early_stopping": [StrOptions({"auto"}), "boolean"],
        "validation_fraction": [
            Interval(numbers.Real, 0, 1, closed="neither"),
            None,
        ],
        "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left")],
        "tol": [Interval(numbers.Real, 0, None, closed="left")],
        "discriminator_steps": [Interval(numbers.Integral, 1, None, closed="left")],
        "ema_decay": [Interval(numbers.Real, 0, 1, closed="left")],
        "init": [None, str, os.PathLike, HasMethods(["fit_resample"])],
        "truncation": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "device": [StrOptions({"cpu", "cuda", "auto"}), torch.device],
        "n_jobs": [
            Interval(numbers.Integral, 1, None, closed="left"),
            Interval(numbers.Integral, None, -1, closed="right"),
            None,
        ],
        "memory": [None, str, HasMethods(["cache"])],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        augmentation_ratio=0.0,
        interpolation=0.0,
        soft_labels=False,
        selection=None,
        categorical_features="auto",
        handle_missing="generate",
        data_kind="auto",
        latent_dim=32,
        generator_hidden_sizes="auto",
        discriminator_hidden_sizes="auto",
        generator_learning_rate=1e-3,
        discriminator_learning_rate=1e-3,
        batch_size="auto",
        pack_size="auto",
        moment_matching=3.0,
        discriminator_augmentation="auto",
        max_steps="auto",
        early_stopping="auto",
        validation_fraction=None,
        n_iter_no_change=10,
        tol=0.0,
        discriminator_steps=1,
        ema_decay=0.999,
        init=None,
        truncation=None,
        device="cpu",
        n_jobs=None,
        memory=None,
        random_state=None,
        verbose=0,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.augmentation_ratio = augmentation_ratio
        self.interpolation = interpolation
        self.soft_labels = soft_labels
        self.selection = selection
        self.categorical_features = categorical_features
        self.handle_missing = handle_missing
        self.data_kind = data_kind
        self.latent_dim = latent_dim
        self.generator_hidden_sizes = generator_hidden_sizes
        self.discriminator_hidden_sizes = discriminator_hidden_sizes
        self.generator_learning_rate = generator_learning_rate
        self.discriminator_learning_rate = discriminator_learning_rate
        self.batch_size = batch_size
        self.pack_size = pack_size
        self.moment_matching = moment_matching
        self.discriminator_augmentation = discriminator_augmentation
        self.max_steps = max_steps
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.discriminator_steps = discriminator_steps
        self.ema_decay = ema_decay
        self.init = init
        self.truncation = truncation
        self.device = device
        self.n_jobs = n_jobs
        self.memory = memory
        self.random_state = random_state
        self.verbose = verbose

    # -- the public workflow -------------------------------------------------

    @_unfitted_on_failure
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the conditional GAN on ``(X, y)``.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Training rows; or sequences, an array of shape (n_samples,
            n_timesteps, n_channels) or (n_samples, n_timesteps, 1, n_channels);
            or images, (n_samples, height, width, n_channels), or (n_samples,
            height, width) with ``data_kind="image"``.

        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : GANOversampler
            The fitted sampler.

        Raises
        ------
        ValueError
            For input scikit-learn would refuse (infinite values, a single
            class, mismatched lengths, sparse matrices), DataFrame columns
            that are neither numeric nor categorical (datetimes, periods,
            timedeltas, intervals) unless named in ``categorical_features``,
            missing values with ``handle_missing="error"`` or in sequences
            and images, a string column that is not marked categorical, or
            ``interpolation > 0`` without ``soft_labels=True``. The message
            names the column (and, for infinite values, the first row).
        FloatingPointError
            If training diverged twice (see Notes).

        Examples
        --------
        >>> from sklearn.datasets import make_classification
        >>> from skgan import GANOversampler
        >>> X, y = make_classification(n_samples=200, weights=[0.9, 0.1],
        ...                            random_state=0)
        >>> sampler = GANOversampler(max_steps=20, random_state=0).fit(X, y)
        >>> sampler.classes_, sampler.n_steps_
        (array([0, 1]), 20)
        """
        data = self._validate_input(X, y)
        self._fit(data, _containers.describe(X, y, data.X), self._rng())
        return self

    @_unfitted_on_failure
    @_fit_context(prefer_skip_nested_validation=True)
    def fit_resample(self, X, y):
        """Train the GAN and return the real rows followed by synthetic rows.

        Parameters
        ----------
        X : {array-like, dataframe} of shape (n_samples, n_features)
            Training rows; or sequences, an array of shape (n_samples,
            n_timesteps, n_channels) or (n_samples, n_timesteps, 1, n_channels);
            or images, (n_samples, height, width, n_channels), or (n_samples,
            height, width) with ``data_kind="image"``.

        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        X_resampled : {ndarray, dataframe} of shape (n_samples_new, n_features)
            ``X`` unchanged, then the synthetic rows; a DataFrame keeps its
            columns, dtypes and the real rows' index. Sequences keep their
            layout: shape ``(n_samples_new, *X.shape[1:])``.

        y_resampled : {ndarray, series} of shape (n_samples_new,) or ndarray \
of shape (n_samples_new, n_classes)
            Labels in the container of ``y``; with ``soft_labels=True`` a
            float32 matrix whose columns follow ``classes_``.

        Raises
        ------
        ValueError
            For the input problems listed under :meth:`fit`, or if the
            synthetic rows asked for would not fit in memory.
        FloatingPointError
            If training diverged twice (see Notes).

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.datasets import make_classification
        >>> from skgan import GANOversampler
        >>> X, y = make_classification(n_samples=200, weights=[0.9, 0.1],
        ...                            random_state=0)
        >>> sampler = GANOversampler(augmentation_ratio=0.5, max_steps=20,
        ...                          random_state=0)
        >>> X_res, y_res = sampler.fit_resample(X, y)
        >>> np.array_equal(X_res[:200], X)  # the real rows, untouched
        True
        >>> sampler.n_synthetic_  # balancing, then half of each class again
        {0: 90, 1: 248}
        >>> sampler = sampler.set_params(soft_labels=True, interpolation=0.5)
        >>> X_res, Y_res = sampler.fit_resample(X, y)
        >>> Y_res.shape, Y_res.dtype
        ((538, 2), dtype('float32'))
        """
        check_classification_targets(y)
        data = self._validate_input(X, y)
        container = _containers.describe(X, y, data.X)
        rows, labels = self._resample(data, container)
        X_res, y_res = _containers.assemble(
            container, X, y, data.y, rows, labels, self.classes_, self.soft_labels
        )
        if data.binarize_y and not self.soft_labels:
            y_res = label_binarize(np.asarray(y_res), classes=self.classes_)
        return X_res, y_res

    def _fit_resample(self, X, y):
        """imbalanced-learn's array-level hook: resample validated ``(X, y)``
        and return ndarrays, the real samples then the synthetic ones (labels
        as :meth:`fit_resample` gives them for arrays).

        :meth:`fit_resample` does not go through imbalanced-learn's own
        ``fit_resample`` and this hook: that one rebuilds a DataFrame from the
        resampled array, which loses the real rows' index, categories that
        are not strings and nullable dtypes. skgan's keeps a DataFrame's real
        rows as they came and builds only the synthetic ones.
        """
        data = self._validate_input(X, y)
        container = _containers.describe(data.X, data.y, data.X)
        rows, labels = self._resample(data, container)
        return _containers.assemble(
            container,
            data.X,
            data.y,
            data.y,
            rows,
            labels,
            self.classes_,
            self.soft_labels,
        )

    def _resample(self, data, container):
        """Fit on the validated ``data`` and draw the synthetic samples:
        ``(rows, labels)``, the label vectors of the synthetic samples and
        the array holding them. For a DataFrame that array holds only the
        synthetic rows (the real ones are the user's); otherwise the real
        ones first, since it is the output (allocated once, the synthetic
        rows decoded into it)."""
        rng = self._rng()
        self._fit(data, container, rng)
        labels = self._synthetic_label_vectors(rng)
        X = data.X
        n = 0 if container["x_kind"] == "dataframe" else len(X)
        rows = np.empty((n + len(labels), *X.shape[1:]), dtype=X.dtype)
        if n:
            rows[:n] = X
        seed = torch_seed(rng)
        if self._selection(data.kind) is None:
            self._generate(labels, seed, out=rows[n:])
        else:  # "border"
            generate_border_rows(
                lambda vectors: self._generate(vectors, seed),
                labels,
                data.X,
                np.searchsorted(self.classes_, data.y),
                self.model_.encoder,
                out=rows[n:],
            )
        counts = np.bincount(labels.argmax(1), minlength=len(self.classes_))
        self.n_synthetic_ = dict(zip(self.classes_.tolist(), counts.tolist()))
        return rows, labels

    @_unfitted_on_failure
    @_fit_context(prefer_skip_nested_validation=True)
    def augment(self, X, y, *, samples_per_class=10):
        """Train on sequences or images and return them augmented, with soft labels.

        The GAN is trained on ``(X, y)`` as in :meth:`fit`, then one synthetic
        sequence is drawn at every soft label of
        :func:`skgan.augmentation.interpolation_labels` ``(n_classes,
        samples_per_class)``: for each ordered pair of classes,
        ``samples_per_class`` labels moving from the first class to the second
        (pairs of a class with itself give plain class samples). The result
        is in the classifier layout ``(n, time, 1, channels)`` (images:
        ``(n, height, width, channels)``) with one-hot real labels and soft
        synthetic labels, ready for a classifier trained with a cross-entropy
        on soft targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_timesteps, n_channels) or \
(n_samples, n_timesteps, 1, n_channels)
            Training sequences (either layout), or images as :meth:`fit`
            takes them.

        y : array-like of shape (n_samples,) or (n_samples, n_classes)
            Class labels, or one-hot labels as the helpers of
            :mod:`skgan.augmentation` take them.

        samples_per_class : int, default=10
            Synthetic sequences per ordered pair of classes, so
            ``n_classes**2 * samples_per_class`` in all.

        Returns
        -------
        result : skgan.augmentation.GANAugmentationResult
            ``x_train``/``y_train``: the real sequences (float32, classifier
            layout) and one-hot labels followed by the synthetic ones;
            ``x_synthetic``/``y_synthetic``: the synthetic part alone;
            ``history``: the training history (``history_``); ``scale``: the
            largest absolute value of ``X``, the factor
            :func:`~skgan.augmentation.classifier_images_to_gan_sequences`
            would use; ``metadata``: JSON-serialisable details of the run
            (skgan version, device, training steps and epochs, classes and
            their counts, shapes, ``random_state``).

        Raises
        ------
        ValueError
            If ``X`` is a table rather than sequences (use
            :meth:`fit_resample` with ``soft_labels=True`` for tables), or if
            ``samples_per_class`` is not a positive integer.

        Examples
        --------
        >>> import numpy as np
        >>> from skgan import GANOversampler
        >>> rng = np.random.RandomState(0)
        >>> X = rng.normal(size=(40, 16, 1, 2)).astype(np.float32)
        >>> y = np.repeat([0, 1], 20)
        >>> sampler = GANOversampler(max_steps=5, random_state=0)
        >>> result = sampler.augment(X, y, samples_per_class=3)
        >>> result.x_train.shape, result.y_train.shape
        ((52, 16, 1, 2), (52, 2))
        >>> result.x_synthetic.shape, result.y_synthetic.dtype
        ((12, 16, 1, 2), dtype('float32'))
        """
        from skgan import __version__
        from skgan.augmentation import GANAugmentationResult, interpolation_labels

        if (
            not isinstance(samples_per_class, numbers.Integral)
            or isinstance(samples_per_class, bool)
            or samples_per_class < 1
        ):
            raise ValueError(
                "samples_per_class must be a positive integer; got "
                f"{samples_per_class!r}."
            )
        data = self._validate_input(X, y)
        X_checked = data.X
        image_shape, layout = data.kind.classifier_layout(X_checked.shape[1:])
        rng = self._rng()
        self._fit(data, _containers.describe(X, y, X_checked), rng)
        n_classes = len(self.classes_)
        labels = interpolation_labels(n_classes, samples_per_class)
        x_synthetic = self._generate(labels, torch_seed(rng))
        x_synthetic = x_synthetic.reshape(-1, *image_shape).astype(np.float32)
        x_real = X_checked.reshape(-1, *image_shape).astype(np.float32)
        y_real = np.eye(n_classes, dtype=np.float32)[
            np.searchsorted(self.classes_, data.y)
        ]
        scale = float(np.max(np.abs(X_checked))) if X_checked.size else 0.0
        metadata = {
            "skgan_version": __version__,
            "device": str(resolve_device(self.device)),
            "n_steps": self.n_steps_,
            "n_epochs": len(self.history_),
            "classes": self.classes_.tolist(),
            "class_counts": self.model_.class_counts.tolist(),
            "n_real": len(x_real),
            "n_synthetic": len(x_synthetic),
            "samples_per_class": int(samples_per_class),
            **layout,
            "random_state": (
                int(self.random_state)
                if isinstance(self.random_state, numbers.Integral)
                else None
            ),
        }
        return GANAugmentationResult(
            x_train=np.concatenate([x_real, x_synthetic]),
            y_train=np.concatenate([y_real, labels]),
            x_synthetic=x_synthetic,
            y_synthetic=labels,
            history=[dict(record) for record in self.history_],
            scale=scale if scale > 0 else 1.0,
            metadata=metadata,
        )

    def sample(self, n_samples=None, y=None, random_state=None):
        """Draw synthetic rows from the fitted generator.

        Parameters
        ----------
        n_samples : int, default=None
            Number of rows. Required unless ``y`` is an array, whose length
            it must then match.

        y : None, label, array-like of labels or of shape (n, n_classes)
            ``None``: classes drawn at random by their training frequency; a
            label: every row of that class; an array of labels: one row per
            label; a numeric matrix of shape (n, n_classes): one row per
            soft label (probabilities or one-hot rows, columns in
            ``classes_`` order, rows summing to 1).

        random_state : int, RandomState instance or None, default=None
            Seeds the draw; ``None`` draws fresh entropy (not numpy's global
            state), an integer repeats the same rows.

        Returns
        -------
        X_synthetic : {ndarray, dataframe} of shape (n_samples, n_features)
            Rows in the training container and dtypes (sequences in the
            training layout).

        y_synthetic : {ndarray, series} of shape (n_samples,) or ndarray of \
shape (n_samples, n_classes)
            The labels of the rows: hard labels as in training, or the given
            soft-label matrix.

        Raises
        ------
        ValueError
            If ``n_samples`` is not a positive integer, a label is not one of
            ``classes_``, a soft-label matrix is malformed, or the rows would
            not fit in memory.
        sklearn.exceptions.NotFittedError
            If the sampler is not fitted.

        Examples
        --------
        >>> from sklearn.datasets import make_classification
        >>> from skgan import GANOversampler
        >>> X, y = make_classification(n_samples=200, weights=[0.9, 0.1],
        ...                            random_state=0)
        >>> sampler = GANOversampler(max_steps=20, random_state=0).fit(X, y)
        >>> X_new, y_new = sampler.sample(4, y=1, random_state=0)
        >>> X_new.shape, y_new.tolist()
        ((4, 20), [1, 1, 1, 1])
        >>> X_new, y_new = sampler.sample(y=[0, 1, 1], random_state=0)
        >>> y_new.tolist()
        [0, 1, 1]
        >>> X_soft, Y_soft = sampler.sample(y=[[0.7, 0.3]], random_state=0)
        >>> Y_soft
        array([[0.7, 0.3]], dtype=float32)
        """
        check_is_fitted(self, "model_")
        rng = check_rng(random_state)
        labels, hard = _counts.requested_labels(
            n_samples,
            y,
            self.classes_,
            self.model_.class_counts,
            rng,
            check=lambda n: self.model_.check_request(
                n,
                self.soft_labels,
                f"sample(n_samples={n})",
                "Draw the rows in several smaller calls to sample().",
            ),
        )
        X_out = self.model_.to_container(self._generate(labels, torch_seed(rng)))
        if hard is None:
            return X_out, labels
        return X_out, self.model_.labels_to_container(hard)

    # -- the steps -----------------------------------------------------------

    def _check_X_y(self, X, y):
        """imbalanced-learn's validation hook: the validated ``X``, ``y`` and
        whether ``y`` came one-vs-all encoded (sparse input is refused, so
        there is no ``accept_sparse``)."""
        return self._validate_input(X, y)[:3]

    def _validate_input(self, X, y):
        """Validate parameters that depend on each other, ``X`` and ``y``;
        record ``n_features_in_`` (and ``feature_names_in_``). Returns an
        ``_Input``: the validated samples and labels, whether ``y`` came
        one-vs-all encoded, the kind of data and its unfitted encoder.

        (imbalanced-learn's ``_check_X_y`` hook returns the first three only;
        skgan's own ``fit``, ``fit_resample`` and ``augment`` need the kind
        and encoder that validating the input finds.)"""
        _validation.check_not_sparse(X)
        if self.interpolation > 0 and not self.soft_labels:
            raise ValueError(
                f"interpolation={self.interpolation} draws rows at labels between two "
                "classes, which only soft labels can express. Set soft_labels=True, "
                "or interpolation=0."
            )
        for name in ("generator_hidden_sizes", "discriminator_hidden_sizes"):
            _validation.check_hidden_sizes(name, getattr(self, name))
        y_checked, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        X = _validation.read_array_like(X)
        validate_data(self, X=X, reset=True, skip_check_array=True)
        kind = _kinds.resolve_kind(self.data_kind, np.shape(X))
        X_checked, encoder = kind.check_X(
            X,
            categorical_features=self.categorical_features,
            feature_names=getattr(self, "feature_names_in_", None),
        )
        if self.handle_missing == "error":
            kind.refuse_missing(X_checked, getattr(self, "feature_names_in_", None))
        y_checked = _validation.check_labels(y_checked, X_checked.shape[0])
        return _Input(X_checked, y_checked, binarize_y, kind, encoder)

    def _rng(self):
        return check_rng(self.random_state)

    def _fit(self, data, container, rng):
        """Encode and train (through ``memory`` when set); advance ``rng``.

        The fitted state is assigned only once training has succeeded (the
        public methods leave the sampler unfitted when a fit fails or is
        interrupted); torch's thread count is given back either way.
        """
        sampling_strategy = check_sampling_strategy(
            self.sampling_strategy, data.y, self._sampling_type
        )
        classes, codes = np.unique(data.y, return_inverse=True)
        counts = np.bincount(codes, minlength=len(classes))
        _validation.warn_about_small_classes(classes, counts, data.kind)
        config = TrainingConfig.from_estimator(self, data.kind, data.X.shape)
        start = resolve_init(self.init, data.kind, data.X.shape[1:], classes)
        fit = self._cached(fit_generator)
        with torch_threads(self.n_jobs) as n_threads:
            encoder, generator, history, rng_after = fit(
                data.kind,
                data.encoder,
                data.X,
                codes,
                len(classes),
                config,
                rng,
                init=start,
                verbose=self.verbose,
            )
        # what an earlier fit left (n_synthetic_, ...) must not outlive it
        self._forget_fit(keep=("n_features_in_", "feature_names_in_"))
        self.model_ = GANModel(
            data.kind,
            encoder,
            generator,
            classes,
            counts,
            data.X.shape[1:],
            config.latent_dim,
            container,
        )
        self.sampling_strategy_ = sampling_strategy
        self.classes_ = classes
        self.history_ = history
        self.n_threads_ = n_threads
        rng.set_state(rng_after.get_state())
        self.n_steps_ = history[-1]["n_steps"] if history else 0
        return self

    def _cached(self, function):
        """``function`` through ``memory``, or as it is when nothing is cached.

        A fit with ``random_state=None`` never repeats, so caching it would
        only fill the disk: it is not cached (a warning says so when
        ``memory`` asks for a cache), and no folder is made for it.
        """
        if self.memory is None:
            return function
        if self.random_state is None:
            location = getattr(self.memory, "location", self.memory)
            if location is not None:
                warnings.warn(
                    f"memory={self.memory!r} caches nothing for this fit: fits "
                    "with random_state=None are never cached, since they are not "
                    "meant to repeat. Set an integer random_state, e.g. "
                    "GANOversampler(random_state=0, memory=...), to cache the "
                    "trained GAN.",
                    UserWarning,
                    stacklevel=user_stacklevel(),
                )
            return function
        memory = check_memory(self.memory)
        if memory.location is None:
            return function
        return memory.cache(function, ignore=NOT_IN_CACHE_KEY)

    @property
    def encoder_(self):
        return self.model_.encoder

    @property
    def generator_(self):
        return self.model_.generator

    def _forget_fit(self, keep=()):
        """Delete the fitted attributes (names ending in "_") but ``keep``:
        a failed fit keeps none, so that ``check_is_fitted`` raises
        ``NotFittedError``; a successful one keeps what it has already set."""
        fitted = [
            name
            for name in vars(self)
            if name.endswith("_") and not name.startswith("__")
        ]
        for name in fitted:
            if name not in keep:
                del self.__dict__[name]

    def _synthetic_label_vectors(self, rng):
        counts = self.model_.class_counts
        strategy = [self.sampling_strategy_.get(c, 0) for c in self.classes_]
        n_rows = counts.sum() + np.sum(strategy)
        self.model_.check_request(
            n_rows * (1.0 + self.augmentation_ratio),
            self.soft_labels,
            f"augmentation_ratio={self.augmentation_ratio!r}",
            "Lower augmentation_ratio, or fit() and then draw the rows in pieces "
            "with sample().",
        )
        balancing, extra = _counts.synthetic_counts(
            counts, strategy, self.augmentation_ratio
        )
        return _counts.synthetic_labels(balancing, extra, self.interpolation, rng)

    def _selection(self, kind):
        """The selection of synthetic rows for data of ``kind``, or None."""
        if self.selection is not None and not kind.tabular:
            raise ValueError(
                f"selection={self.selection!r} selects table rows; {kind.name}s "
                "are returned as drawn. Use selection=None."
            )
        return self.selection

    def _generate(self, labels, seed, out=None):
        """Label vectors (m, n_classes) -> decoded samples (m, *sample_shape),
        with torch on ``n_jobs`` threads."""
        with torch_threads(self.n_jobs):
            return self.model_.generate(
                labels, seed, truncation=self.truncation, out=out
            )

    # -- persistence (skgan/_persistence.py) ---------------------------------

    def save(self, path):
        """Save the fitted sampler to one file that carries no code.

        The file (suggested extension ``.skgan``) is a zip archive of JSON
        (a manifest with format and skgan versions and the SHA-256 of every
        other member, the parameters, the fitted state) and ``.npz`` arrays
        (the encoder's quantile grids, the generator's weights). Loading it
        with :meth:`load` never unpickles or imports anything, so, unlike
        ``joblib``/``pickle`` files, a ``.skgan`` file from someone else
        cannot run code on your machine.

        Parameters
        ----------
        path : str, os.PathLike or binary file object
            Where to write: a file name (overwritten if it exists) or a
            file object opened for writing in binary mode.

        Raises
        ------
        sklearn.exceptions.NotFittedError
            If the sampler is not fitted.
        TypeError
            If a parameter or fitted value cannot be stored without code: a
            callable ``sampling_strategy`` (set it to the dict it returned
            first), a ``memory`` object other than a path or a
            ``joblib.Memory``, or labels, category values or column names
            that are not str, int, float, bool, None or numpy scalars.

        See Also
        --------
        load : Read a sampler written by ``save``.

        Notes
        -----
        A ``random_state`` given as a ``RandomState`` instance is stored as
        None (a generator's state is not a parameter); an integer is stored
        as it is. A ``joblib.Memory`` ``memory`` is stored as its location.
        The hashes detect a corrupted or edited file; they do not prove who
        wrote it.

        Examples
        --------
        >>> import os, tempfile
        >>> from sklearn.datasets import make_classification
        >>> from skgan import GANOversampler
        >>> X, y = make_classification(n_samples=100, weights=[0.8, 0.2],
        ...                            random_state=0)
        >>> sampler = GANOversampler(max_steps=5, random_state=0).fit(X, y)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "sampler.skgan")
        ...     sampler.save(path)
        ...     loaded = GANOversampler.load(path)
        >>> X_new, _ = loaded.sample(3, y=1, random_state=0)
        >>> bool((X_new == sampler.sample(3, y=1, random_state=0)[0]).all())
        True
        """
        from skgan._persistence import save

        save(self, path)

    @classmethod
    def load(cls, path):
        """Load a sampler saved with :meth:`save`, without running any code.

        The parameters go through the constructor; the fitted attributes, the
        encoder and the generator (rebuilt from its stored architecture, on
        the CPU, in eval mode) are restored, so ``sample`` draws the same rows
        as the saved sampler did and ``fit_resample`` fits afresh.

        Parameters
        ----------
        path : str, os.PathLike or binary file object
            The file to read: a file name, or a file object opened for
            reading in binary mode.

        Returns
        -------
        sampler : GANOversampler
            The fitted sampler.

        Raises
        ------
        ValueError
            If the file is not a skgan model file (a joblib pickle, a CSV),
            is truncated or corrupted, was edited (a member's SHA-256 does
            not match the manifest, or a member is missing), or uses a newer
            file format than this skgan reads.

        Warns
        -----
        UserWarning
            If the file was written by another skgan version (both are named).

        See Also
        --------
        save : Save a fitted sampler.

        Examples
        --------
        >>> import os, tempfile
        >>> from sklearn.datasets import make_classification
        >>> from skgan import GANOversampler
        >>> X, y = make_classification(n_samples=100, random_state=0)
        >>> sampler = GANOversampler(max_steps=5, random_state=0).fit(X, y)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = os.path.join(folder, "sampler.skgan")
        ...     sampler.save(path)
        ...     loaded = GANOversampler.load(path)
        >>> loaded.get_params() == sampler.get_params()
        True
        >>> loaded.classes_
        array([0, 1])
        """
        from skgan._persistence import load

        return load(cls, path)[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.input_tags.allow_nan = True  # tables: see handle_missing
        tags.non_deterministic = False
        return tags


if GANOversampler.__doc__ is not None:  # None under python -OO
    GANOversampler.__doc__ = GANOversampler.__doc__.format(
        sampling_strategy=BaseOverSampler._sampling_strategy_docstring
    )
