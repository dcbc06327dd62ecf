"""Random-state, device, thread and warning helpers (nothing else lives here)."""

import contextlib
import os
import sys
import threading

import numpy as np
import torch
from sklearn.utils import check_random_state


def check_rng(random_state):
    """Return a ``RandomState`` without ever drawing from numpy's global one.

    ``None`` gives a fresh generator seeded from OS entropy (scikit-learn's
    ``check_random_state(None)`` would hand back, and then advance, the global
    singleton: skgan must not change global random state).
    """
    if random_state is None:
        seed = np.random.SeedSequence().generate_state(1)[0]
        return np.random.RandomState(seed)
    return check_random_state(random_state)


def torch_seed(rng):
    """Draw a torch seed from a numpy ``RandomState``."""
    return int(rng.randint(np.iinfo(np.int32).max))


def resolve_device(device):
    """Map the ``device`` parameter to a ``torch.device``.

    ``"auto"`` picks CUDA when it is available; ``"cuda"`` without CUDA is a
    clear error rather than a torch stack trace.
    """
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            "device='cuda' was requested but torch sees no CUDA device. "
            "Use device='cpu' or device='auto'."
        )
    return device


_RNG_LOCK = threading.Lock()


@contextlib.contextmanager
def forked_torch_rng(seed, device):
    """Seed torch inside ``fork_rng`` so the caller's global state is restored.

    Torch's global generator is process-wide: the body runs under a lock, so
    two threads never interleave their draws or restore each other's state.
    Keep the body short (network construction, not training).
    """
    devices = [device.index or 0] if device.type == "cuda" else []
    with _RNG_LOCK, torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def make_generator(seed, device):
    """A ``torch.Generator`` on ``device`` seeded with ``seed``."""
    generator = torch.Generator(device=device)
    generator.manual_seed(seed)
    return generator


_THREADS_LOCK = threading.Lock()
_THREADS_STATE = {"users": 0, "saved": None}


def available_cores():
    """The CPU cores this process may run on (its affinity mask, else all)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def effective_n_threads(n_jobs):
    """Torch threads for ``n_jobs``, as scikit-learn reads ``n_jobs``.

    None keeps torch's current setting (which already follows the affinity
    mask, ``OMP_NUM_THREADS``, joblib's limits in its worker processes and
    ``threadpoolctl``), capped at the available cores; -1 is every available
    core, -2 all but one, and so on; a positive integer is taken as it is.
    """
    cores = available_cores()
    if n_jobs is None:
        return max(1, min(torch.get_num_threads(), cores))
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    return int(n_jobs)


@contextlib.contextmanager
def torch_threads(n_jobs):
    """Run the body with torch using ``effective_n_threads(n_jobs)`` threads
    and give the caller's setting back afterwards, also on error.

    Torch's thread count is process-wide: calls nested or overlapping in
    several Python threads share one saved value, restored when the last one
    leaves (the count inside follows the call that entered last).
    """
    n_threads = effective_n_threads(n_jobs)
    with _THREADS_LOCK:
        if _THREADS_STATE["users"] == 0:
            _THREADS_STATE["saved"] = torch.get_num_threads()
        _THREADS_STATE["users"] += 1
        if torch.get_num_threads() != n_threads:
            torch.set_num_threads(n_threads)
    try:
        yield n_threads
    finally:
        with _THREADS_LOCK:
            _THREADS_STATE["users"] -= 1
            saved = _THREADS_STATE["saved"]
            if _THREADS_STATE["users"] == 0 and torch.get_num_threads() != saved:
                torch.set_num_threads(saved)


def user_stacklevel():
    """The ``stacklevel`` of a warning raised by the caller of this function
    that points at the first frame outside skgan, scikit-learn,
    imbalanced-learn and joblib: the user's line (their ``fit``, or their
    pipeline's)."""
    frame, level = sys._getframe(1), 1
    while frame is not None:
        package = frame.f_globals.get("__name__", "").split(".")[0]
        if package not in ("skgan", "sklearn", "imblearn", "joblib"):
            break
        frame, level = frame.f_back, level + 1
    return level
