"""The augmentations bench_eeg.py compares skgan with.

Each method takes standardized trials ``X`` (n, time, channels), their class
codes ``y`` (n,), the number of classes and a ``RandomState``, and returns as
many synthetic trials as real ones with their soft labels (n, n_classes): one
augmented copy of every real trial (a random draw per copy), or for SMOTE and
mixup new trials between two real ones. The transforms follow Rommel et al.,
"Data augmentation for learning predictive models on EEG: a systematic
comparison" (J. Neural Eng. 2022), as braindecode implements them:

- ``noise``: additive Gaussian noise, standard deviation 0.1 (the data are
  standardized per channel);
- ``ft-surrogate``: Fourier-transform surrogate, random phases of magnitude
  0.9 (one draw per channel);
- ``time-mask``: smooth time mask, a sigmoid-edged window of 20 % of the trial
  set to zero at a random position;
- ``channel-dropout``: each channel zeroed with probability 0.2;
- ``mixup``: Zhang et al. 2018, ``lam ~ Beta(0.4, 0.4)`` between a trial and a
  random other one, soft labels mixed alike;
- ``SMOTE``: imbalanced-learn's SMOTE on the flattened trials, doubling every
  class.
"""

import numpy as np


def _one_hot(y, n_classes):
    return np.eye(n_classes)[y]


def gaussian_noise(X, y, n_classes, rng, std=0.1):
    return X + rng.normal(0.0, std, X.shape), _one_hot(y, n_classes)


def ft_surrogate(X, y, n_classes, rng, magnitude=0.9):
    spectrum = np.fft.rfft(X, axis=1)
    n_freqs = spectrum.shape[1]
    phases = 2j * np.pi * magnitude * rng.uniform(size=(len(X), n_freqs, X.shape[2]))
    phases[:, 0] = 0.0  # the mean (and, for even lengths, Nyquist) stay real
    if X.shape[1] % 2 == 0:
        phases[:, -1] = 0.0
    surrogate = np.fft.irfft(spectrum * np.exp(phases), n=X.shape[1], axis=1)
    return surrogate, _one_hot(y, n_classes)


def smooth_time_mask(X, y, n_classes, rng, share=0.2):
    from scipy.special import expit

    n_steps = X.shape[1]
    length = share * n_steps
    start = rng.uniform(0, n_steps - length, size=(len(X), 1))
    t = np.arange(n_steps)[None, :]
    sharpness = 1000.0 / n_steps  # braindecode's edge
    mask = expit(-sharpness * (t - start)) + expit(sharpness * (t - start - length))
    return X * mask[:, :, None], _one_hot(y, n_classes)


def channel_dropout(X, y, n_classes, rng, p=0.2):
    keep = rng.uniform(size=(len(X), 1, X.shape[2])) >= p
    return X * keep, _one_hot(y, n_classes)


def mixup(X, y, n_classes, rng, alpha=0.4):
    partner = rng.permutation(len(X))
    lam = rng.beta(alpha, alpha, size=len(X))
    mixed = lam[:, None, None] * X + (1 - lam[:, None, None]) * X[partner]
    Y = _one_hot(y, n_classes)
    return mixed, lam[:, None] * Y + (1 - lam[:, None]) * Y[partner]


def smote(X, y, n_classes, rng):
    from imblearn.over_sampling import SMOTE

    counts = np.bincount(y, minlength=n_classes)
    sampler = SMOTE(
        sampling_strategy={c: 2 * n for c, n in enumerate(counts)},
        k_neighbors=int(min(5, counts.min() - 1)),
        random_state=rng,
    )
    flat, y_res = sampler.fit_resample(X.reshape(len(X), -1), y)
    synthetic = flat[len(X) :].reshape(-1, *X.shape[1:])
    return synthetic, _one_hot(y_res[len(X) :], n_classes)


ANCHORS = {
    "noise": gaussian_noise,
    "ft-surrogate": ft_surrogate,
    "time-mask": smooth_time_mask,
    "channel-dropout": channel_dropout,
    "mixup": mixup,
    "SMOTE": smote,
}
