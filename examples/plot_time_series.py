"""
Multichannel time series
========================

Sequences go in as ``(n, time, channels)`` arrays or in the classifier layout
``(n, time, 1, channels)`` and come back in the layout they came in; the GAN
is then convolutional. :meth:`~skgan.GANOversampler.augment` is the workflow
of :mod:`skgan.augmentation`: synthetic sequences at soft labels moving from
every class to every other, ready for a classifier trained on soft targets.
"""

# %%
# Two channels, three classes of waves
# ------------------------------------
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.RandomState(0)
n_per_class, n_steps = 40, 48
t = np.linspace(0, 1, n_steps)
X, y = [], []
for label, frequency in enumerate([1.0, 2.0, 3.0]):
    phase = rng.uniform(0, 0.3, (n_per_class, 1))
    amplitude = rng.uniform(0.8, 1.2, (n_per_class, 1))
    wave = amplitude * np.sin(2 * np.pi * (frequency * t + phase))
    envelope = np.exp(-3 * t) * rng.uniform(0.5, 1.0, (n_per_class, 1))
    noise = 0.05 * rng.normal(size=(n_per_class, n_steps, 2))
    X.append(np.stack([wave, envelope], axis=-1) + noise)
    y.append(np.full(n_per_class, label))
X = np.concatenate(X)[:, :, None, :].astype(np.float32)  # (n, time, 1, channels)
y = np.concatenate(y)
print(X.shape)

# %%
# Augment
# -------
from skgan import GANOversampler

sampler = GANOversampler(max_steps=400, random_state=0)
result = sampler.augment(X, y, samples_per_class=5)
print(result.x_train.shape, result.y_train.shape)
print(result.y_synthetic[:5].round(2))

# %%
# Real and synthetic sequences of each class (first channel)
# ----------------------------------------------------------
X_syn, y_syn = sampler.sample(30, y=np.repeat([0, 1, 2], 10), random_state=0)
fig, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True)
for label, ax in enumerate(axes):
    ax.plot(t, X[y == label][:10, :, 0, 0].T, color="tab:blue", alpha=0.4)
    ax.plot(t, X_syn[y_syn == label][:, :, 0, 0].T, color="tab:orange", alpha=0.6)
    ax.set_title(f"class {label}")
    ax.set_xlabel("time")
axes[0].plot([], [], color="tab:blue", label="real")
axes[0].plot([], [], color="tab:orange", label="synthetic")
axes[0].legend()
fig.tight_layout()
plt.show()
