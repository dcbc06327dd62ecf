"""Numeric helpers the kinds' encoders share: bounds that survive a round
trip through float64, and integers too large for one."""

import numbers

import numpy as np


def float_bounds_within(lowest, highest):
    """The floats nearest to the integers ``lowest <= highest`` from inside.

    Beyond 2**53 a float cannot hold every integer (``float(2**63 - 1)`` is
    ``2**63``, which no int64 can hold): values clipped to these bounds stay
    within the integer range, and cast back to the input dtype. When no
    float lies in the range, both bounds are the float next to it on the
    side of zero.
    """
    lowest = lowest.item() if hasattr(lowest, "item") else lowest
    highest = highest.item() if hasattr(highest, "item") else highest
    lo, hi = float(lowest), float(highest)
    if lo < lowest:  # Python compares int and float exactly
        lo = float(np.nextafter(lo, np.inf))
    if hi > highest:
        hi = float(np.nextafter(hi, -np.inf))
    if lo > hi:
        lo = hi = hi if highest > 0 else lo
    return lo, hi


def is_huge_integer(value):
    """An integer (Python or numpy) that a float64 may not hold exactly."""
    return (
        isinstance(value, numbers.Integral)
        and not isinstance(value, (bool, np.bool_))
        and abs(int(value)) >= 2**53
    )
