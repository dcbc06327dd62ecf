"""Pictures of a GAN's training and of synthetic rows next to real ones.

* :func:`plot_history`: the losses and discriminator scores per epoch of a
  fitted :class:`skgan.GANOversampler` (its ``history_``).
* :func:`plot_marginals`: the distribution of each feature, real against
  synthetic, class by class (histograms for numeric columns, bar charts of
  category shares for categorical ones).
* :func:`plot_projection`: real and synthetic rows in the plane of the first
  two principal components of the real rows.
* :func:`plot_images`: real and synthetic images side by side, a row per
  class.

matplotlib is an optional dependency (``pip install "skgan[plot]"``): it is
imported when a function is called, never by ``import skgan.plotting``. The
functions draw on the Axes they are given, or on a new figure from
``matplotlib.pyplot.subplots`` when none is given, and never change
matplotlib's global state (backend, rcParams, style).

Inputs may be numpy arrays or pandas DataFrames (column names become titles);
DataFrame category, object, string and bool columns, and numpy columns of
strings or bools, are categorical. Labels may be hard labels or soft-label
matrices of shape ``(n_samples, n_classes)`` as ``fit_resample(...,
soft_labels=True)`` returns them: a soft-labelled row counts for the class of
its largest entry.
"""

from skgan.plotting._history import plot_history
from skgan.plotting._images import plot_images
from skgan.plotting._marginals import plot_marginals
from skgan.plotting._projection import plot_projection

__all__ = ["plot_history", "plot_images", "plot_marginals", "plot_projection"]
