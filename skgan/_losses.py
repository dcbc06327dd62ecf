"""GAN objectives as pure functions of discriminator scores (batch,)."""

import torch
import torch.nn.functional as F


def hinge_discriminator(real_scores, fake_scores):
    """Hinge loss for D: mean(relu(1 - D(x))) + mean(relu(1 + D(G(z))))."""
    return F.relu(1.0 - real_scores).mean() + F.relu(1.0 + fake_scores).mean()


def hinge_generator(fake_scores):
    """Hinge loss for G: -mean(D(G(z)))."""
    return -fake_scores.mean()


def moment_matching(real, fake, y):
    """Per-class mean and standard-deviation mismatch of two batches.

    Table-GAN's information loss, taken class by class in the encoded space:
    the mean absolute difference between the class means and between the class
    standard deviations of ``real`` and ``fake`` (both (batch, d), rows of
    the same classes given by the one-hot ``y`` (batch, n_classes)). It pulls
    the generator off collapsed modes that a discriminator alone lets pass.
    Sequences (batch, channels, time) are compared step by step, flattened.
    """
    real, fake = real.flatten(1), fake.flatten(1)
    mean_real, std_real = _class_moments(real, y)
    mean_fake, std_fake = _class_moments(fake, y)
    present = (y.sum(0) > 0).to(real.dtype).unsqueeze(1)
    n = present.sum().clamp_min(1.0) * real.shape[1]
    gap = (mean_fake - mean_real).abs() + (std_fake - std_real).abs()
    return (gap * present).sum() / n


def _class_moments(x, y):
    """Class means and standard deviations of ``x`` (batch, d) -> (C, d) each."""
    counts = y.sum(0).clamp_min(1.0).unsqueeze(1)
    mean = y.t() @ x / counts
    square = y.t() @ (x * x) / counts
    return mean, (square - mean * mean).clamp_min(1e-6).sqrt()


def spectrum_matching(real, fake, y):
    """Per-class mismatch of the channels' log power spectra.

    EEG classifiers read band power: this term makes each class's synthetic
    sequences carry the same mean log power, channel by channel and frequency
    by frequency, as the real sequences of that class in the batch. ``real``
    and ``fake`` are (batch, channels, time), ``y`` the one-hot labels
    (batch, n_classes); the result is the mean absolute gap over the classes
    present.
    """
    return _class_gap(_log_power(real), _log_power(fake), y)


def covariance_matching(real, fake, y):
    """Per-class mismatch of the mean channel covariance of the sequences.

    Spatial filters (CSP, the spatial convolution of a ShallowConvNet) and
    Riemannian classifiers read each trial's channel covariance: this term
    matches the class means of those (channels, channels) matrices between
    ``real`` and ``fake`` (batch, channels, time); the mean absolute gap over
    the classes present.
    """
    return _class_gap(_trial_covariance(real), _trial_covariance(fake), y)


def _log_power(x):
    """(batch, channels, time) -> (batch, channels * frequencies) log power."""
    spectrum = torch.fft.rfft(x, dim=-1)
    power = spectrum.real.square() + spectrum.imag.square()
    return torch.log(power / x.shape[-1] + 1e-6).flatten(1)


def _trial_covariance(x):
    """(batch, channels, time) -> (batch, channels * channels), each trial's
    covariance over time."""
    centred = x - x.mean(dim=-1, keepdim=True)
    return (centred @ centred.transpose(1, 2) / x.shape[-1]).flatten(1)


def _class_gap(real, fake, y):
    """Mean absolute gap between the class means of two (batch, d) batches."""
    counts = y.sum(0).clamp_min(1.0).unsqueeze(1)
    gap = (y.t() @ fake - y.t() @ real).abs() / counts
    present = (y.sum(0) > 0).to(real.dtype).unsqueeze(1)
    return (gap * present).sum() / (present.sum().clamp_min(1.0) * real.shape[1])
