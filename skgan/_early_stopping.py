"""Early stopping: when more steps stop bringing the samples closer to the data.

Every ``CHECK_EVERY`` steps (the loop's one host-device sync) the EMA
generator makes rows for a fixed set of latent vectors, as many per class as
the reference holds, and :class:`SlicedDistance` measures how far they are
from the reference rows: real training rows, or rows held out of the batches
(``validation_fraction``). :class:`EarlyStopping` keeps the EMA weights of
the best check and stops training when ``n_iter_no_change`` checks in a row
have not lowered the distance by more than ``tol``, scikit-learn's rule for
``MLPClassifier`` and ``HistGradientBoostingClassifier``.

The validation score is the negated distance (higher is better, as for
scikit-learn's scores). Its draws come from a generator of its own, so turning
early stopping on leaves the training steps' random draws unchanged.
"""

import math

import numpy as np
import torch

# Random directions of the sliced Wasserstein distance.
N_PROJECTIONS = 64
# Reference rows per class at most (a random subset of larger classes).
MAX_REFERENCE_PER_CLASS = 256
# Mixed into the training seed for the early-stopping draws.
_SEED_OFFSET = 0x5EED


class SlicedDistance:
    """Class-balanced sliced Wasserstein-1 distance between generated rows and
    reference rows, in the encoded space.

    For every class, the reference rows and as many generated rows (for latent
    vectors drawn once) are projected on ``N_PROJECTIONS`` random unit
    directions; the mean absolute difference of the sorted projections is the
    class's distance, and the distance is the mean over the classes the
    reference holds. Fixed latents and directions make it a function of the
    generator's weights alone.

    ``reference``: (n, ...) encoded rows on the device; ``labels``: (n,) int64.
    ``activate(raw, generator)`` is the kind's training activation.
    """

    def __init__(self, reference, labels, n_classes, latent_dim, activate, seed):
        device = reference.device
        draws = torch.Generator(device=device).manual_seed(int(seed))
        self.activate = activate
        self.draws = draws
        rows, classes = [], []
        for c in torch.unique(labels).tolist():
            index = torch.nonzero(labels == c).squeeze(1)
            if len(index) > MAX_REFERENCE_PER_CLASS:
                pick = torch.randperm(len(index), generator=draws, device=device)
                index = index[pick[:MAX_REFERENCE_PER_CLASS]]
            rows.append(reference[index].flatten(1))
            classes.append(torch.full((len(index),), c, device=device))
        self.sizes = [len(r) for r in rows]
        width = rows[0].shape[1]
        directions = torch.randn(width, N_PROJECTIONS, generator=draws, device=device)
        self.directions = directions / directions.norm(dim=0, keepdim=True)
        self.reference = [torch.sort(r @ self.directions, dim=0).values for r in rows]
        classes = torch.cat(classes)
        self.y = torch.eye(n_classes, device=device)[classes]
        self.z = torch.randn(len(classes), latent_dim, generator=draws, device=device)

    @torch.no_grad()
    def __call__(self, generator):
        """The distance (a 0-d tensor on the device: no sync) of the rows
        ``generator`` makes for the fixed latents, in the mode it is in: the
        EMA generator in training mode, so that one with batch normalization
        (images) normalizes with the batch's statistics, its running ones
        being estimated only after training."""
        fake = self.activate(generator(self.z, self.y), self.draws).flatten(1)
        projected = (fake @ self.directions).split(self.sizes)
        distances = [
            (torch.sort(p, dim=0).values - r).abs().mean()
            for p, r in zip(projected, self.reference)
        ]
        return torch.stack(distances).mean()


class EarlyStopping:
    """The stopping rule and the best weights.

    :meth:`update` takes the validation score of a check (higher is better)
    and says whether to stop: after ``n_iter_no_change`` checks in a row with
    no score above the best by more than ``tol``. The weights of ``network``
    at the best check are kept, and :meth:`restore` puts them back.
    """

    def __init__(self, network, n_iter_no_change, tol):
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.tensors = list(network.parameters()) + list(network.buffers())
        self.best_tensors = [t.detach().clone() for t in self.tensors]
        self.best_score = -math.inf
        self.best_step = 0
        self.no_change = 0

    def update(self, score, step):
        """Record the ``score`` of the check after ``step`` steps; True means
        stop."""
        if score > self.best_score:
            if score > self.best_score + self.tol:
                self.no_change = 0
            else:
                self.no_change += 1
            self.best_score, self.best_step = score, step
            with torch.no_grad():
                torch._foreach_copy_(self.best_tensors, self.tensors)
        else:
            self.no_change += 1
        return self.no_change >= self.n_iter_no_change

    def restore(self):
        """Give ``network`` back the weights of the best check."""
        with torch.no_grad():
            torch._foreach_copy_(self.tensors, self.best_tensors)


def holdout(codes, validation_fraction, seed):
    """Split the rows for early stopping: ``(train, validation)`` index arrays.

    A share ``validation_fraction`` of each class (rounded down) is held out,
    chosen at random from ``seed``; a class too small to give a row keeps
    all its rows for training and is not scored.

    Raises
    ------
    ValueError
        If no class is large enough to give a validation row.
    """
    rng = np.random.RandomState(seed % 2**32)
    train, validation = [], []
    for c in np.unique(codes):
        rows = rng.permutation(np.flatnonzero(codes == c))
        n_val = min(int(validation_fraction * len(rows)), len(rows) - 1)
        validation.append(rows[:n_val])
        train.append(rows[n_val:])
    validation = np.sort(np.concatenate(validation))
    if len(validation) == 0:
        counts = np.bincount(codes)
        raise ValueError(
            f"validation_fraction={validation_fraction} holds out no row: the "
            f"largest class has {counts.max()} rows. Raise validation_fraction, "
            "or set validation_fraction=None to score early stopping on the "
            "training rows."
        )
    return np.sort(np.concatenate(train)), validation


def seed_for(seed):
    """The seed of the early-stopping draws, from the training seed."""
    return (int(seed) ^ _SEED_OFFSET) % 2**63
