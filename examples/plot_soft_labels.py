"""
Soft labels: rows between two classes
=====================================

With ``soft_labels=True``, ``fit_resample`` returns a label matrix, one column
per class, and ``interpolation`` is the share of the extra rows drawn at a
label *between* their class and another one: the generator makes rows for a
mixture of the two classes, labelled with how much they belong to each.
:class:`~skgan.AugmentedClassifier` turns each soft row into weighted hard
rows, so any classifier that takes ``sample_weight`` can learn from them.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons

from skgan import GANOversampler

X, y = make_moons(n_samples=400, noise=0.25, random_state=0)
keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:60]]
X, y = X[keep], y[keep]

sampler = GANOversampler(
    soft_labels=True, augmentation_ratio=1.0, interpolation=0.5, random_state=0
)
X_res, Y_res = sampler.fit_resample(X, y)
print(X_res.shape, Y_res.shape, "rows sum to one:", np.allclose(Y_res.sum(1), 1))

# %%
# Colour is the weight of class 1: the real rows are 0 or 1, the
# interpolated synthetic rows lie in between, near the boundary.
n = len(X)
fig, axes = plt.subplots(1, 2, figsize=(9, 4), sharex=True, sharey=True)
axes[0].scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=10, vmin=0, vmax=1)
axes[0].set_title("real rows")
points = axes[1].scatter(
    X_res[n:, 0], X_res[n:, 1], c=Y_res[n:, 1], cmap="coolwarm", s=10, vmin=0, vmax=1
)
axes[1].set_title("synthetic rows, coloured by P(class 1)")
fig.colorbar(points, ax=axes, label="weight of class 1")
plt.show()

# %%
# In a plain scikit-learn pipeline
# --------------------------------
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from skgan import AugmentedClassifier

for interpolation in (0.0, 0.5):
    model = make_pipeline(
        PolynomialFeatures(3),
        StandardScaler(),
        AugmentedClassifier(
            LogisticRegression(max_iter=1000),
            GANOversampler(
                soft_labels=True,
                augmentation_ratio=1.0,
                interpolation=interpolation,
                max_steps=300,
                random_state=0,
            ),
        ),
    )
    scores = cross_val_score(model, X, y, cv=3, scoring="balanced_accuracy")
    print(f"interpolation={interpolation}: balanced accuracy {scores.mean():.3f}")

# %%
# Whether interpolation helps depends on the data and the model: search it
# like any regularisation strength (``[0, 0.5]``).
