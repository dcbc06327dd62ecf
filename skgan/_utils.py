"""Random-state and device helpers (nothing else lives here)."""

import contextlib

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


@contextlib.contextmanager
def forked_torch_rng(seed, device):
    """Seed torch inside ``fork_rng`` so the caller's global state is restored."""
    devices = [device.index or 0] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def make_generator(seed, device):
    """A ``torch.Generator`` on ``device`` seeded with ``seed``."""
    generator = torch.Generator(device=device)
    generator.manual_seed(seed)
    return generator
