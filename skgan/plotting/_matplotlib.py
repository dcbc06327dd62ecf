"""matplotlib, imported when a function is called, never at import time."""


def _import_matplotlib():
    """Import matplotlib, or say how to install it."""
    try:
        import matplotlib
    except ImportError as exc:
        raise ImportError(
            "skgan.plotting needs matplotlib, which is not installed. Install it "
            'with: pip install "skgan[plot]"'
        ) from exc
    return matplotlib


def _subplots(nrows=1, ncols=1, **kwargs):
    """A new figure from pyplot (shown in notebooks as users expect)."""
    _import_matplotlib()
    import matplotlib.pyplot as plt

    return plt.subplots(nrows, ncols, **kwargs)


def _check_axes(ax, name):
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(
            f"{name} must be a matplotlib Axes (e.g. from "
            f"matplotlib.pyplot.subplots()); got {type(ax).__name__}."
        )
    return ax
