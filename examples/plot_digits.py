"""
Real and generated digits
=========================

scikit-learn's 8x8 handwritten digits, made scarce: 20 images per class. A
``GANOversampler`` with ``data_kind="image"`` learns them with BigGAN-deep's
networks and draws new images of every class; real and generated digits are
shown side by side, and a classifier trained on generated digits only is
scored on the real digits that were held out.
"""

# %%
# Twenty images per class
# -----------------------
# ``(n, 8, 8)`` is 3-D, which ``data_kind="auto"`` would read as sequences:
# ``data_kind="image"`` says these are grey images.
import numpy as np
from sklearn.datasets import load_digits

X, y = load_digits(return_X_y=True)
X = X.reshape(-1, 8, 8)  # grey images (n, height, width), values 0-16
rng = np.random.RandomState(0)
train = np.concatenate(
    [rng.choice(np.flatnonzero(y == c), 20, replace=False) for c in range(10)]
)
test = np.setdiff1d(np.arange(len(y)), train)
X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]
print(X_train.shape, X_test.shape)

# %%
# Train the GAN and draw new digits
# ---------------------------------
# The defaults: two residual bottleneck blocks of 64 channels in each
# network, 600 steps, DiffAugment for the discriminator (a small set).
from skgan import GANOversampler

sampler = GANOversampler(data_kind="image", random_state=0).fit(X_train, y_train)
X_new, y_new = sampler.sample(y=np.repeat(np.arange(10), 20), random_state=0)
print(X_new.shape, X_new.dtype, X_new.min(), X_new.max())

# %%
# Real (left) and generated (right) digits, a row per class
# ---------------------------------------------------------
import matplotlib.pyplot as plt

from skgan.plotting import plot_images

axes = plot_images(X_train, y_train, X_new, y_new, n_images=6)
axes[0, 0].figure.suptitle("20 real digits per class, and the GAN's")
plt.show()

# %%
# Do generated digits teach a classifier?
# ---------------------------------------
# The classification accuracy score (Ravuri & Vinyals 2019): a classifier
# trained on the 200 generated digits only, scored on the held-out real
# digits, next to the same classifier trained on the 200 real ones.
from sklearn.linear_model import LogisticRegression


def accuracy(images, labels):
    model = LogisticRegression(max_iter=3000).fit(
        images.reshape(len(images), -1), labels
    )
    return model.score(X_test.reshape(len(X_test), -1), y_test)


print(f"trained on real digits:      {accuracy(X_train, y_train):.3f}")
print(f"trained on generated digits: {accuracy(X_new, y_new):.3f}")
