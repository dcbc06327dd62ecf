"""DiffAugment of the discriminator's batches (skgan/_kinds/*/_augmentation.py): samples
keep their shape, draws come only from the given generator, gradients pass,
and each transformation does what it says."""

import numpy as np
import pytest
import torch

from skgan import GANOversampler
from skgan._config import TrainingConfig
from skgan._kinds import SEQUENCE, TABLE
from skgan._kinds.image import ImageAugmentation
from skgan._kinds.sequence import SequenceAugmentation
from skgan._kinds.sequence._augmentation import SHIFT_FRACTION


def _batch(n=16, channels=3, length=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, channels, length, generator=g)


def _gen(seed=0):
    return torch.Generator().manual_seed(seed)


def test_shape_determinism_and_probability():
    x = _batch()
    augment = SequenceAugmentation(0.5)
    a, b = augment(x, _gen(1)), augment(x, _gen(1))
    assert a.shape == x.shape and torch.equal(a, b)
    assert not torch.allclose(augment(x, _gen(2)), a)
    assert torch.allclose(SequenceAugmentation(0.0)(x, _gen(1)), x, atol=1e-5)
    changed = ~torch.isclose(a, x, atol=1e-5).flatten(1).all(1)
    assert 0 < changed.sum() < len(x)  # some samples untouched, some changed


def test_translation_moves_content_and_pads_with_zeros():
    x = torch.arange(1.0, 41.0).expand(64, 2, 40).clone()
    shifted = SequenceAugmentation(1.0).translate(x, _gen(0))
    largest = int(40 * SHIFT_FRACTION)
    for row in shifted[:, 0]:
        kept = row[row != 0]
        # a contiguous run of the original values, shifted by at most `largest`
        assert torch.equal(kept, torch.arange(kept[0], kept[0] + len(kept)))
        assert len(kept) >= 40 - largest
    assert torch.equal(shifted[:, 0], shifted[:, 1])  # all channels alike


def test_amplitude_scales_every_channel_of_a_sample_alike():
    x = _batch()
    scaled = SequenceAugmentation(1.0).scale(x, _gen(0))
    ratio = scaled / x
    assert torch.allclose(ratio, ratio[:, :1, :1].expand_as(ratio), rtol=1e-4)
    assert ratio[:, 0, 0].std() > 0.05


def test_surrogate_keeps_power_spectra_and_cross_spectra():
    x = _batch()
    out = SequenceAugmentation(1.0).surrogate(x, _gen(0))
    assert not torch.allclose(out, x, atol=1e-3)
    fx, fo = torch.fft.rfft(x), torch.fft.rfft(out)
    assert torch.allclose(fx.abs(), fo.abs(), atol=1e-4)
    cross_x = fx[:, 0] * fx[:, 1].conj()
    cross_o = fo[:, 0] * fo[:, 1].conj()
    assert torch.allclose(cross_x, cross_o, atol=1e-3)
    # same covariance between channels
    assert torch.allclose(x @ x.transpose(1, 2), out @ out.transpose(1, 2), atol=1e-3)


def test_gradients_pass_through():
    x = _batch().requires_grad_(True)
    SequenceAugmentation(0.5)(x, _gen(0)).square().sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


def _augmentation(kind, shape, setting):
    sampler = GANOversampler(discriminator_augmentation=setting)
    config = TrainingConfig.from_estimator(sampler, kind, shape)
    return kind.discriminator_augmentation(config)


def test_auto_augments_small_sets_only():
    assert _augmentation(SEQUENCE, (100, 32, 2), "auto") is not None
    assert _augmentation(SEQUENCE, (10**6, 32, 2), "auto") is None
    assert _augmentation(SEQUENCE, (10**6, 32, 2), True) is not None
    assert _augmentation(SEQUENCE, (100, 32, 2), False) is None
    assert _augmentation(TABLE, (100, 5), "auto") is None


def _sequences(seed=0):
    rng = np.random.RandomState(seed)
    return rng.normal(size=(24, 32, 2)), np.repeat([0, 1], 12)


def test_the_switch_changes_training_and_stays_deterministic():
    X, y = _sequences()
    kwargs = dict(max_steps=10, augmentation_ratio=0.5, random_state=0)
    on = GANOversampler(discriminator_augmentation=True, **kwargs).fit_resample(X, y)
    again = GANOversampler(discriminator_augmentation=True, **kwargs).fit_resample(X, y)
    off = GANOversampler(discriminator_augmentation=False, **kwargs).fit_resample(X, y)
    auto = GANOversampler(**kwargs).fit_resample(X, y)  # 24 sequences: on
    np.testing.assert_array_equal(on[0], again[0])
    np.testing.assert_array_equal(on[0], auto[0])
    assert not np.allclose(on[0][len(X) :], off[0][len(X) :])


def test_tables_refuse_augmentation():
    X, y = np.random.RandomState(0).normal(size=(20, 3)), np.repeat([0, 1], 10)
    sampler = GANOversampler(discriminator_augmentation=True, max_steps=2)
    with pytest.raises(ValueError, match="tables|table data has none"):
        sampler.fit_resample(X, y)
    GANOversampler(discriminator_augmentation=False, max_steps=2).fit_resample(X, y)


def _generator(seed=0):
    return torch.Generator().manual_seed(seed)


def test_image_augmentation_is_deterministic_and_differentiable():
    x = torch.randn(16, 3, 9, 7, requires_grad=True)
    augment = ImageAugmentation(0.5)
    state = torch.random.get_rng_state()
    first = augment(x, _generator())
    torch.testing.assert_close(first, augment(x, _generator()))
    assert torch.equal(torch.random.get_rng_state(), state)  # no global draws
    assert first.shape == x.shape
    assert not torch.allclose(first, augment(x, _generator(1)))
    first.sum().backward()
    assert torch.isfinite(x.grad).all() and x.grad.abs().sum() > 0


def test_nothing_changes_with_probability_zero():
    x = torch.randn(8, 2, 6, 6)
    torch.testing.assert_close(ImageAugmentation(0.0)(x, _generator()), x)


def test_translation_moves_images_and_lets_zeros_in():
    x = torch.ones(64, 1, 8, 8)
    moved = ImageAugmentation(1.0).translate(x, _generator())
    # shifts of up to one pixel in each direction: a border may be zero
    assert set(moved.unique().tolist()) <= {0.0, 1.0}
    assert (moved == 0).any() and (moved[:, :, 1:-1, 1:-1] == 1).all()
    x = torch.arange(64.0).view(1, 1, 8, 8).repeat(64, 1, 1, 1)
    moved = ImageAugmentation(1.0).translate(x, _generator())
    kept = moved != 0
    assert ((moved[kept] - x[kept]).abs() % 1 == 0).all()  # whole pixels move


def test_cutout_blanks_a_rectangle_of_half_the_sides():
    x = torch.ones(32, 2, 8, 6)
    cut = ImageAugmentation(1.0).cutout(x, _generator())
    assert ((cut == 0).sum(dim=(1, 2, 3)) == 2 * 4 * 3).all()
    torch.testing.assert_close(cut[:, 0], cut[:, 1])  # the same in every channel


@pytest.mark.parametrize("n_channels", [1, 3])
def test_colour_keeps_grey_images_grey(n_channels):
    x = torch.rand(32, 1, 5, 5).repeat(1, n_channels, 1, 1)
    coloured = ImageAugmentation(1.0).colour(x, _generator())
    assert not torch.allclose(coloured, x)
    torch.testing.assert_close(coloured, coloured[:, :1].expand_as(coloured))
