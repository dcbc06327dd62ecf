"""DiffAugment of the discriminator's batches (skgan/_diffaugment.py):
images keep their shape, draws come only from the given generator,
gradients pass, and each transformation does what it says."""

import pytest
import torch

from skgan._diffaugment import ImageAugmentation


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
    assert x.grad is not None and torch.isfinite(x.grad).all()


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
