"""The generator's matching terms for sequences: log power spectra and
channel covariances, class by class."""

import pytest
import torch

from skgan._kinds import SEQUENCE
from skgan._losses import covariance_matching, moment_matching, spectrum_matching
from skgan.nn import ConvSequenceGenerator

LOSSES = [spectrum_matching, covariance_matching]


def _batch(seed, n=8, channels=3, length=32):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, channels, length, generator=g)


Y = torch.eye(2)[[0, 0, 0, 0, 1, 1, 1, 1]]


@pytest.mark.parametrize("loss", LOSSES)
def test_zero_for_the_same_batch_and_positive_otherwise(loss):
    x = _batch(0)
    assert loss(x, x, Y).item() == 0.0
    assert loss(x, _batch(1), Y).item() > 0.0
    assert loss(x, 2.0 * x, Y).item() > loss(x, 1.1 * x, Y).item() > 0.0


@pytest.mark.parametrize("loss", LOSSES)
def test_classes_are_compared_with_their_own_class(loss):
    # swapping the two classes' rows between real and fake is a mismatch,
    # even though the batch as a whole is unchanged
    x = torch.cat([_batch(0, n=4), 3.0 * _batch(1, n=4)])
    swapped = torch.cat([x[4:], x[:4]])
    assert loss(x, swapped, Y).item() > 0.1
    # a class absent from the batch does not count
    y3 = torch.eye(3)[[0, 0, 0, 0, 1, 1, 1, 1]]
    assert loss(x, swapped, y3).item() == pytest.approx(loss(x, swapped, Y).item())


def test_spectrum_ignores_circular_shifts_and_phase():
    x = _batch(0)
    rolled = torch.roll(x, shifts=5, dims=-1)
    assert spectrum_matching(x, rolled, Y).item() == pytest.approx(0.0, abs=1e-4)
    # a louder band is seen
    t = torch.arange(32.0)
    tone = torch.sin(2 * torch.pi * 4 * t / 32).expand(8, 3, 32)
    assert spectrum_matching(x, x + tone, Y).item() > 0.05


def test_covariance_sees_correlation_not_offsets():
    x = _batch(0)
    assert covariance_matching(x, x + 5.0, Y).item() == pytest.approx(0.0, abs=1e-5)
    correlated = x.clone()
    correlated[:, 1] = x[:, 0]  # channels 0 and 1 become identical
    assert covariance_matching(x, correlated, Y).item() > 0.05


@pytest.mark.parametrize("loss", LOSSES)
def test_gradients_reach_the_generator(loss):
    torch.manual_seed(0)
    generator = ConvSequenceGenerator(8, 2, (16, 16), n_timesteps=32, n_channels=3)
    fake = generator(torch.randn(8, 8), Y)
    loss(_batch(0), fake, Y).backward()
    grads = [p.grad for p in generator.parameters()]
    assert all(g is not None for g in grads)
    assert sum(g.abs().sum().item() for g in grads) > 0


def test_sequence_kind_matches_moments_spectra_and_covariances():
    matching = SEQUENCE.matching_loss(encoder=None)
    x, other = _batch(0), _batch(1)
    terms = (moment_matching, spectrum_matching, covariance_matching)
    expected = sum(term(x, other, Y).item() for term in terms)
    assert matching(x, other, Y).item() == pytest.approx(expected)
