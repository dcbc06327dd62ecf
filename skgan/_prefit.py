"""prefit_folds: train the GANs of a cross-validation at once, into the cache.

A grid search or ``cross_validate`` with a ``GANOversampler`` trains one GAN
per fold (and per setting that changes training). Those GANs are small and
independent: :func:`prefit_folds` trains them together
(:func:`skgan._training.train_gans`) and stores each in the sampler's
``memory`` under the key the search's own fit will look up, so that the
search then trains nothing.

Three steps, each through the sampler's own ``memory`` parameter, the place
where a fit hands its training to a cache:

1. **Learn what each fit would train.** The estimator's own ``fit`` runs on
   each training fold, as the search will run it (the steps before the
   sampler are fitted as the pipeline fits them), with the sampler's
   ``memory`` set to a :class:`_Recorder`: where the sampler would train, it
   records the arguments of its training function and stops the fit with
   :class:`_TrainingRecorded`.
2. **Train** the first training of every distinct call at once.
3. **Store**: each call of the sampler's training function, cached by the
   real ``memory``, is made with its result as ``pretrained`` (an argument
   the cache key leaves out, see :mod:`skgan._fitting`).
"""

import copy
import inspect

import joblib
from sklearn.base import clone
from sklearn.model_selection import ParameterGrid, check_cv
from sklearn.model_selection._search import BaseSearchCV
from sklearn.utils import _safe_indexing
from sklearn.utils.validation import check_memory

from skgan._config import sampling_params
from skgan._fitting import NOT_IN_CACHE_KEY, first_training, fit_generator
from skgan._oversampler import GANOversampler
from skgan._training import DivergenceError, train_gans
from skgan._utils import torch_threads

# The sampler's parameters that never reach training (its cache key): a
# search over them shares the GANs of each fold.
SAMPLING_PARAMS = sampling_params(GANOversampler())


def prefit_folds(estimator, X, y, *, cv=None, groups=None, param_grid=None, refit=True):
    """Train the GANs of a cross-validation at once and put them in the cache.

    ``GridSearchCV`` and ``cross_validate`` train one GAN per fold, one after
    the other. This trains the GANs of every fold of ``cv`` (for every
    setting of ``param_grid`` that changes the GAN, and for the refit on the
    whole data) together, as one batched model, and stores each in the
    sampler's ``memory`` under the key the search's own fit looks up: a
    following search or cross-validation with the same ``cv`` finds every
    GAN trained and trains none. Each GAN is trained as its own fit would
    train it (its rows, random draws, early stopping and divergence retry),
    one step at a time, in a stack whose batched kernels may round the last
    bits otherwise than one network's (see Notes).

    Read more in the :ref:`User Guide <prefit>`.

    Parameters
    ----------
    estimator : GANOversampler or estimator holding one
        A :class:`GANOversampler`, or an imbalanced-learn ``Pipeline`` (or
        :class:`AugmentedClassifier`, or any meta-estimator) with one among
        its parameters, exactly as it will be passed to the search. The
        sampler needs ``memory`` (the cache the search will read) and an
        integer ``random_state`` (fits without a seed are never cached).
        Steps before the sampler are fitted on each training fold as the
        pipeline fits them, to give the sampler its input.

    X : {array-like, dataframe} of shape (n_samples, ...)
        The data the search will be fitted on.

    y : array-like of shape (n_samples,)
        The class labels.

    cv : int, cross-validation generator or iterable, default=None
        The splits, as the search takes them: None is 5-fold, an integer a
        number of folds (stratified, as scikit-learn does for classifiers:
        ``check_cv(cv, y, classifier=True)``). A splitter that shuffles needs
        a fixed ``random_state``, or the search will split differently.

    groups : array-like of shape (n_samples,), default=None
        Group labels for group splitters, as the search takes them.

    param_grid : dict or list of dict, default=None
        The search's grid (``GridSearchCV``'s ``param_grid``). Every
        combination of the parameters that change the GANs (the sampler's
        training parameters, ``random_state``, and the parameters of steps
        before it) is trained; parameters that only change sampling
        (``augmentation_ratio``, ``sampling_strategy``, ``interpolation``,
        ``soft_labels``, ``truncation``) and those of steps after the sampler
        share them. None: the estimator's own parameters, as
        ``cross_validate`` fits it.

    refit : bool, default=True
        Also train the GANs of the whole ``(X, y)``, which the search's refit
        will need (for every combination, since the best is not known yet).

    Returns
    -------
    gans : list of dict
        One entry per fit the search will make that trains a GAN: ``params``
        (the combination, restricted to the parameters that change the
        GAN), ``split`` (the fold index, or ``"refit"``), ``n_samples``
        (training rows) and ``status``: ``"trained"`` (now, with the
        others), ``"cached"`` (already in the cache), ``"retried"`` (it
        diverged in the stack, then was fitted alone as its fit is: the same
        divergence, then the retry with lower learning rates) or
        ``"failed"`` (it diverged twice: the search's fit will raise, as a
        fit without prefitting does).

    Raises
    ------
    TypeError
        If no :class:`GANOversampler` is found in ``estimator``.
    ValueError
        If the sampler has no ``memory`` or ``random_state=None``, or if
        ``estimator`` holds more than one ``GANOversampler``.

    See Also
    --------
    GANOversampler : The sampler whose ``memory`` receives the GANs.

    Notes
    -----
    GANs of tables and sequences with the same settings are trained in one
    stack; image GANs (whose generator has batch normalization) are trained
    one after the other, still ahead of the search.

    Batched kernels may round differently from a single network's (on some
    CPUs they do, and on GPUs), as another CPU would, and a GAN amplifies
    such differences over its steps: each GAN agrees with its separate fit
    up to rounding over a few dozen steps, and after a long training it is
    an equally good training of its fold, not necessarily the very weights
    a separate fit would reach (see the User Guide's "Reproducibility").

    On a CPU the work of a step grows with the number of GANs and only the
    per-operation overhead is shared: K GANs cost less than K fits (much
    less for small networks), but several times one fit.

    Examples
    --------
    >>> import tempfile
    >>> from imblearn.pipeline import make_pipeline
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import GridSearchCV
    >>> from skgan import GANOversampler, prefit_folds
    >>> X, y = make_classification(n_samples=200, weights=[0.8, 0.2],
    ...                            random_state=0)
    >>> cache = tempfile.mkdtemp()
    >>> pipe = make_pipeline(
    ...     GANOversampler(max_steps=20, memory=cache, random_state=0),
    ...     LogisticRegression())
    >>> grid = {"ganoversampler__augmentation_ratio": [0.0, 0.5]}
    >>> gans = prefit_folds(pipe, X, y, cv=3, param_grid=grid)
    >>> [(g["split"], g["status"]) for g in gans]
    [(0, 'trained'), (1, 'trained'), (2, 'trained'), ('refit', 'trained')]
    >>> search = GridSearchCV(pipe, grid, cv=3).fit(X, y)  # trains no GAN
    >>> import shutil; shutil.rmtree(cache)
    """
    path = _sampler_path(estimator)
    combinations = _gan_combinations(estimator, path, param_grid)
    splits = [
        train for train, _ in check_cv(cv, y, classifier=True).split(X, y, groups)
    ]
    fits = [(c, i, train) for c in combinations for i, train in enumerate(splits)]
    if refit:
        fits += [(c, "refit", None) for c in combinations]
    sampler = _sampler(estimator, path)
    entries, calls = [], {}
    for combination, split, train in fits:
        fitted = clone(estimator).set_params(**combination)
        X_fit = X if train is None else _safe_indexing(X, train)
        y_fit = y if train is None else _safe_indexing(y, train)
        call = _Call.capture(fitted, path, X_fit, y_fit)
        entry = dict(params=combination, split=split, n_samples=len(y_fit))
        entries.append(entry)
        if call is None:
            entry["status"] = "cached"
        else:
            entry["call"] = calls.setdefault(call.key, call)
    with torch_threads(sampler.n_jobs):
        _train_calls(list(calls.values()), sampler.verbose)
    for entry in entries:
        if "call" in entry:
            entry["status"] = entry.pop("call").status
    return entries


class _TrainingRecorded(Exception):
    """Stops a fit where its sampler would train: :class:`_Recorder` has the
    arguments."""


class _Recorder:
    """A sampler's ``memory`` while a fit runs to learn what it would train:
    ``cache(function)`` gives a function that records its arguments and
    stops the fit. Should a meta-estimator swallow the exception, the
    arguments are recorded all the same."""

    location = "<prefit_folds: recording>"

    def __init__(self):
        self.arguments = None

    def __deepcopy__(self, memo):
        # a meta-estimator clones its sampler (and so copies its memory)
        # before fitting it: the copy must record here
        return self

    def cache(self, function, ignore=None):
        signature = inspect.signature(function)

        def record(*args, **kwargs):
            arguments = signature.bind(*args, **kwargs).arguments
            self.arguments = {
                name: value
                for name, value in arguments.items()
                if name not in (ignore or ())
            }
            raise _TrainingRecorded()

        return record


class _Call:
    """One call of the sampler's cached training function: its arguments,
    its cache, what it trains and how that went."""

    def __init__(self, arguments, memory, verbose):
        self.arguments = arguments
        self.memory = memory
        self.verbose = verbose
        self.key = (str(memory.location), joblib.hash(arguments))
        self.status = "trained"

    @classmethod
    def capture(cls, estimator, path, X, y):
        """Fit ``estimator`` up to its sampler's training; the call it would
        make, or None when its GAN is in the cache already."""
        sampler = _sampler(estimator, path)
        memory = _checked_memory(sampler)
        recorder = _Recorder()
        estimator.set_params(**{_name(path, "memory"): recorder})
        try:
            estimator.fit(X, y)
        except _TrainingRecorded:
            pass
        except Exception:
            if recorder.arguments is None:  # the fit failed before training
                raise
        if recorder.arguments is None:  # a sampler that never trains here
            return None
        call = cls(recorder.arguments, memory, sampler.verbose)
        if call.cached().check_call_in_cache(**call.copied()):
            return None
        return call

    def cached(self):
        return self.memory.cache(fit_generator, ignore=NOT_IN_CACHE_KEY)

    def copied(self):
        """The arguments, with copies of those a call changes."""
        arguments = dict(self.arguments)
        for name in ("encoder", "rng"):
            arguments[name] = copy.deepcopy(arguments[name])
        return arguments

    def store(self, pretrained):
        """Call the cached training function with the first training's
        result, which stores what the call returns."""
        try:
            self.cached()(**self.copied(), verbose=self.verbose, pretrained=pretrained)
        except FloatingPointError:  # diverged twice, as the search's fit will
            self.status = "failed"


def _train_calls(calls, verbose):
    """Train the first training of every call at once (once per distinct
    training), then store the results through the calls."""
    firsts = [first_training(**call.arguments) for call in calls]
    keys = [None if first is None else _problem_key(first) for first in firsts]
    distinct = {}
    for key, first in zip(keys, firsts):
        if first is not None:
            distinct.setdefault(key, first)
    results = dict(zip(distinct, train_gans(list(distinct.values()), verbose)))
    for call, key in zip(calls, keys):
        pretrained = None if key is None else results[key]
        if isinstance(pretrained, DivergenceError):
            # trained alone, exactly as its fit trains it: the same
            # divergence (up to the stack's rounding), then the retry
            call.status, pretrained = "retried", None
        call.store(pretrained)


def _problem_key(problem):
    """What a training depends on: its rows, classes, seed, config and the
    generator's first weights (the seed's, or ``init``'s)."""
    return joblib.hash(
        (
            problem.data.cpu().numpy(),
            problem.labels.cpu().numpy(),
            problem.torch_generator.initial_seed(),
            problem.config,
            [w.detach().cpu().numpy() for w in problem.generator.state_dict().values()],
        )
    )


def _sampler_path(estimator):
    """The parameter name under which ``estimator`` holds its
    GANOversampler ("" for the sampler itself)."""
    if isinstance(estimator, GANOversampler):
        return ""
    if isinstance(estimator, BaseSearchCV):
        raise TypeError(
            f"prefit_folds takes the estimator a search fits, not the search: "
            f"pass {type(estimator).__name__}'s estimator, with its cv and "
            "param_grid, e.g. prefit_folds(search.estimator, X, y, cv=search.cv, "
            "param_grid=search.param_grid)."
        )
    params = estimator.get_params(deep=True) if hasattr(estimator, "get_params") else {}
    names = [n for n, v in params.items() if isinstance(v, GANOversampler)]
    if not names:
        raise TypeError(
            "prefit_folds needs a GANOversampler, or an estimator holding one "
            "(an imbalanced-learn Pipeline, an AugmentedClassifier); got "
            f"{type(estimator).__name__} with none. Pass the estimator you will "
            "give the search."
        )
    if len(names) > 1:
        raise ValueError(
            f"prefit_folds found several GANOversamplers in the estimator "
            f"({', '.join(names)}); it prefits one. Call it on an estimator "
            "holding a single GANOversampler."
        )
    return names[0]


def _sampler(estimator, path):
    return estimator if not path else estimator.get_params(deep=True)[path]


def _name(path, parameter):
    return parameter if not path else f"{path}__{parameter}"


def _checked_memory(sampler):
    """The sampler's ``memory`` as a ``joblib.Memory`` with a location.

    Every check that can refuse the sampler runs before ``check_memory``,
    which creates the cache folder: a refused call leaves no folder behind.
    """
    no_memory = ValueError(
        "prefit_folds stores the GANs in the GANOversampler's memory, which "
        f"is {sampler.memory!r}. Set memory to a directory or a joblib.Memory "
        "(the same one the search will use), e.g. "
        "GANOversampler(memory='gan_cache', random_state=0)."
    )
    if sampler.memory is None:
        raise no_memory
    if sampler.random_state is None:
        raise ValueError(
            "prefit_folds needs a GANOversampler with an integer random_state: "
            "fits with random_state=None are never cached, so the search would "
            "train every GAN again. Set random_state, e.g. "
            "GANOversampler(memory='gan_cache', random_state=0)."
        )
    memory = check_memory(sampler.memory)
    if memory.location is None:
        raise no_memory
    return memory


def _gan_combinations(estimator, path, param_grid):
    """The combinations of ``param_grid`` restricted to the parameters that
    may change the GAN, without repeats (``[{}]`` without a grid)."""
    if param_grid is None:
        return [{}]
    later = _steps_after(estimator, path)
    combinations, seen = [], set()
    for combination in ParameterGrid(param_grid):
        kept = {
            name: value
            for name, value in combination.items()
            if not _sampling_only(name, path, later)
        }
        key = joblib.hash(sorted(kept.items()))
        if key not in seen:
            seen.add(key)
            combinations.append(kept)
    return combinations


def _sampling_only(name, path, later):
    """Whether the search parameter ``name`` leaves the GAN unchanged."""
    owner, _, parameter = name.rpartition("__")
    if owner == path and parameter in SAMPLING_PARAMS:
        return True
    return name.split("__")[0] in later


def _steps_after(estimator, path):
    """The names of a pipeline's steps after the one holding the sampler."""
    steps = getattr(estimator, "steps", None)
    if not path or not isinstance(steps, list):
        return set()
    names = [name for name, _ in steps]
    first = path.split("__")[0]
    if first not in names:
        return set()
    return set(names[names.index(first) + 1 :])
