"""
Searching the augmentation ratio, one GAN per fold
==================================================

``augmentation_ratio`` is the parameter to search: how many synthetic rows
to add on top of balancing. It does not change the trained generator, only
how many rows are drawn from it, so with ``memory`` set the search trains one
GAN per fold and reuses it for every candidate ratio.
"""

# %%
import tempfile
import time

import matplotlib.pyplot as plt
import numpy as np
from imblearn.pipeline import make_pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold

from skgan import GANOversampler

X, y = make_classification(
    n_samples=600,
    n_features=10,
    n_informative=5,
    weights=[0.92, 0.08],
    flip_y=0.02,
    random_state=1,
)
ratios = [0.0, 0.5, 1.0, 2.0]
cv = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)

# %%
# The same search with and without the cache
# ------------------------------------------
results = {}
for cached in (False, True):
    with tempfile.TemporaryDirectory() as cache:
        sampler = GANOversampler(
            max_steps=200, random_state=0, memory=cache if cached else None
        )
        search = GridSearchCV(
            make_pipeline(sampler, LogisticRegression()),
            {"ganoversampler__augmentation_ratio": ratios},
            scoring="balanced_accuracy",
            cv=cv,
        )
        started = time.perf_counter()
        search.fit(X, y)
        seconds = time.perf_counter() - started
    results[cached] = search.cv_results_["mean_test_score"]
    print(f"memory={'a directory' if cached else 'None':11s} {seconds:5.1f} s")

# the cache changes the time, never the result
assert np.array_equal(results[False], results[True])
print("best augmentation_ratio:", search.best_params_)

# %%
# Held-out score against the ratio
# --------------------------------
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(ratios, results[True], marker="o")
ax.set_xlabel("augmentation_ratio")
ax.set_ylabel("mean balanced accuracy")
fig.tight_layout()
plt.show()
