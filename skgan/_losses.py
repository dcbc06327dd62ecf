"""GAN objectives as pure functions of discriminator scores (batch,).

Each reduces over the batch (the last axis of the scores), so scores of
several GANs trained at once, (K, batch), give their K losses
(``skgan._training``).
"""

import torch.nn.functional as F


def hinge_discriminator(real_scores, fake_scores):
    """Hinge loss for D: mean(relu(1 - D(x))) + mean(relu(1 + D(G(z))))."""
    return F.relu(1.0 - real_scores).mean(-1) + F.relu(1.0 + fake_scores).mean(-1)


def hinge_generator(fake_scores):
    """Hinge loss for G: -mean(D(G(z)))."""
    return -fake_scores.mean(-1)


def moment_matching(real, fake, y):
    """Per-class mean and standard-deviation mismatch of two batches.

    Table-GAN's information loss, taken class by class in the encoded space:
    the mean absolute difference between the class means and between the class
    standard deviations of ``real`` and ``fake`` (both (batch, d), rows of
    the same classes given by the one-hot ``y`` (batch, n_classes)). It pulls
    the generator off collapsed modes that a discriminator alone lets pass.
    Sequences (batch, channels, time) are compared step by step, flattened.
    """
    return class_moment_gap(real.flatten(1), fake.flatten(1), y)


def class_moment_gap(real, fake, y):
    """:func:`moment_matching` of flat rows: ``real``, ``fake`` (..., batch,
    d), ``y`` (..., batch, n_classes); leading axes (several GANs trained at
    once) give one loss each."""
    mean_real, std_real = _class_moments(real, y)
    mean_fake, std_fake = _class_moments(fake, y)
    present = (y.sum(-2) > 0).to(real.dtype).unsqueeze(-1)
    n = present.sum((-2, -1)).clamp_min(1.0) * real.shape[-1]
    gap = (mean_fake - mean_real).abs() + (std_fake - std_real).abs()
    return (gap * present).sum((-2, -1)) / n


def _class_moments(x, y):
    """Class means and standard deviations of ``x`` (..., batch, d) ->
    (..., C, d) each."""
    counts = y.sum(-2).clamp_min(1.0).unsqueeze(-1)
    mean = y.mT @ x / counts
    square = y.mT @ (x * x) / counts
    return mean, (square - mean * mean).clamp_min(1e-6).sqrt()
