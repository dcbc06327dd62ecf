"""
GANOversampler against SMOTE on an imbalanced table
===================================================

scikit-learn's breast-cancer table is made imbalanced (one malignant tumour
for every ten benign ones) and a logistic regression is cross-validated three
ways: on the training folds as they are, after SMOTE, and after
:class:`~skgan.GANOversampler`. Only the training folds are resampled (the
sampler is a step of an imbalanced-learn pipeline); the held-out folds are
scored with balanced accuracy.
"""

# %%
# An imbalanced table
# -------------------
import numpy as np
from sklearn.datasets import load_breast_cancer

X, y = load_breast_cancer(return_X_y=True)
y = 1 - y  # 1 = malignant, the minority class
rng = np.random.RandomState(0)
benign = np.flatnonzero(y == 0)
malignant = rng.choice(np.flatnonzero(y == 1), len(benign) // 10, replace=False)
rows = np.sort(np.concatenate([benign, malignant]))
X, y = X[rows], y[rows]
print(f"{len(y)} rows: {np.sum(y == 0)} benign, {np.sum(y == 1)} malignant")

# %%
# Three pipelines, the same folds
# -------------------------------
# The sampler goes first, as in any imbalanced-learn pipeline: it resamples
# the training folds in ``fit`` and does nothing at prediction time.
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.preprocessing import StandardScaler

from skgan import GANOversampler

pipelines = {
    "no resampling": make_pipeline(StandardScaler(), LogisticRegression()),
    "SMOTE": make_pipeline(
        SMOTE(random_state=0), StandardScaler(), LogisticRegression()
    ),
    "GANOversampler": make_pipeline(
        GANOversampler(max_steps=300, random_state=0),
        StandardScaler(),
        LogisticRegression(),
    ),
}
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
scores = {
    name: cross_val_score(pipe, X, y, cv=cv, scoring="balanced_accuracy")
    for name, pipe in pipelines.items()
}
for name, s in scores.items():
    print(f"{name:15s} balanced accuracy {s.mean():.3f} ± {s.std():.3f}")

# %%
# The held-out scores
# -------------------
import matplotlib.pyplot as plt

fig, ax = plt.subplots(figsize=(6, 3))
names = list(scores)
ax.barh(names, [scores[n].mean() for n in names], xerr=[scores[n].std() for n in names])
ax.set_xlim(0.8, 1.0)
ax.set_xlabel("balanced accuracy (3-fold cross-validation)")
fig.tight_layout()
plt.show()

# %%
# One dataset proves little: ``benchmarks/RESULTS.md`` ranks the methods over
# 23 imbalanced datasets and three classifiers.
