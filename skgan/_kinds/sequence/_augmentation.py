"""Differentiable augmentation of the discriminator's inputs (DiffAugment).

With few training samples the discriminator memorises them and stops
teaching the generator. Zhao et al. (2020, "Differentiable Augmentation for
Data-Efficient GAN Training") augment the real *and* the synthetic batches
with the same random, differentiable transformations, every time the
discriminator sees them (its own update and the generator's): the
discriminator learns on many more distinct inputs, and the generator, whose
gradients pass through the transformation, still learns the un-augmented
distribution. Each transformation is applied to a sample with probability
``p`` < 1 (Karras et al. 2020, ADA): the clean samples the discriminator
still sees keep the augmentations from leaking into the generated samples.

An augmentation is a callable ``augment(x, torch_generator)`` on a batch
already on the device; every draw comes from ``torch_generator``, so training
stays deterministic. Nothing here loops over samples in Python.

This module holds the sequences' augmentation.
"""

import math

import torch

# Translation: a sequence moves by up to this fraction of its length.
SHIFT_FRACTION = 0.125
# Amplitude: a sample's channels are scaled by exp(N(0, AMPLITUDE_LOG_STD)).
AMPLITUDE_LOG_STD = 0.2


class SequenceAugmentation:
    """DiffAugment for (batch, channels, time) sequences.

    Three transformations, each applied to a sample with probability ``p``:

    - **translation**: shifted in time by up to ``SHIFT_FRACTION`` of its
      length, zeros entering at the edge (DiffAugment's translation);
    - **amplitude**: every channel scaled by one random factor
      ``exp(N(0, AMPLITUDE_LOG_STD))``;
    - **Fourier surrogate**: every frequency's phase shifted by a random
      angle, the same in all channels (Rommel et al. 2022's FT surrogate at
      full strength), which keeps each channel's power spectrum and the
      cross-spectra between channels, the features EEG classifiers read.

    Parameters
    ----------
    p : float
        Probability of each transformation, per sample.
    """

    def __init__(self, p):
        self.p = float(p)

    def __call__(self, x, torch_generator):
        x = self.translate(x, torch_generator)
        x = self.scale(x, torch_generator)
        return self.surrogate(x, torch_generator)

    def _chosen(self, n, torch_generator, device):
        return torch.rand(n, generator=torch_generator, device=device) < self.p

    def translate(self, x, torch_generator):
        n, _, length = x.shape
        largest = int(length * SHIFT_FRACTION)
        if largest < 1:
            return x
        shift = torch.randint(
            -largest, largest + 1, (n, 1), generator=torch_generator, device=x.device
        )
        shift = shift * self._chosen(n, torch_generator, x.device).unsqueeze(1)
        source = torch.arange(length, device=x.device) - shift  # (n, time)
        inside = (source >= 0) & (source < length)
        index = source.clamp(0, length - 1).unsqueeze(1).expand_as(x)
        return x.gather(2, index) * inside.unsqueeze(1).to(x.dtype)

    def scale(self, x, torch_generator):
        n = x.shape[0]
        log_gain = AMPLITUDE_LOG_STD * torch.randn(
            n, generator=torch_generator, device=x.device
        )
        log_gain = log_gain * self._chosen(n, torch_generator, x.device)
        return x * log_gain.exp().view(n, 1, 1)

    def surrogate(self, x, torch_generator):
        n, _, length = x.shape
        spectrum = torch.fft.rfft(x, dim=-1)
        angle = (2 * math.pi) * torch.rand(
            n, 1, spectrum.shape[-1], generator=torch_generator, device=x.device
        )
        # the constant and (for even lengths) the Nyquist term stay real
        angle[..., 0] = 0.0
        if length % 2 == 0:
            angle[..., -1] = 0.0
        angle = angle * self._chosen(n, torch_generator, x.device).view(n, 1, 1)
        return torch.fft.irfft(
            spectrum * torch.polar(torch.ones_like(angle), angle), n=length, dim=-1
        )
