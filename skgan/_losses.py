"""GAN objectives as pure functions of discriminator scores (batch,)."""

import torch.nn.functional as F


def hinge_discriminator(real_scores, fake_scores):
    """Hinge loss for D: mean(relu(1 - D(x))) + mean(relu(1 + D(G(z))))."""
    return F.relu(1.0 - real_scores).mean() + F.relu(1.0 + fake_scores).mean()


def hinge_generator(fake_scores):
    """Hinge loss for G: -mean(D(G(z)))."""
    return -fake_scores.mean()
