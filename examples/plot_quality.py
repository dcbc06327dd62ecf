"""
Judging the synthetic rows
==========================

Three questions to ask of any generator: did training settle, can a
classifier tell synthetic rows from real ones, and are the synthetic rows
copies of training rows? :func:`skgan.plotting.plot_history`,
:func:`skgan.metrics.quality_report` and
:func:`skgan.plotting.plot_projection` answer them.
"""

# %%
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.datasets import load_wine

from skgan import GANOversampler
from skgan.metrics import quality_report
from skgan.plotting import plot_history, plot_projection

X, y = load_wine(return_X_y=True, as_frame=True)
sampler = GANOversampler(random_state=0).fit(X, y)

# %%
# The training history
# --------------------
# The hinge losses of a healthy run settle instead of drifting apart.
ax = plot_history(sampler)
plt.show()

# %%
# Fidelity and copying, class by class
# ------------------------------------
# ``c2st_auc`` near 0.5: a classifier cannot tell synthetic rows from real
# ones. ``dcr_ratio`` near 1: synthetic rows are as far from the training rows
# as training rows are from each other (near 0 would mean copies).
report = pd.DataFrame(quality_report(sampler, X, y, random_state=0))
print(report[["class", "n_real", "n_synthetic", "c2st_auc", "dcr_ratio"]])

# %%
# Real and synthetic rows in the plane of the real rows' first two
# principal components.
X_syn, y_syn = sampler.sample(300, random_state=0)
ax = plot_projection(X, y, X_syn, y_syn, random_state=0)
plt.show()
