"""Refuse, up front, requests for more synthetic rows than memory can hold.

A huge ``augmentation_ratio`` or ``sample(n_samples)`` would otherwise fail
after training, deep inside numpy, with a bare ``MemoryError`` (or take the
machine into swap). :func:`check_request` estimates what the output needs and
compares it with the memory the system reports as available.
"""

import os

import numpy as np

# Bytes a Python object in an object array costs beyond its 8-byte pointer
# (a float or a short string); numeric cells cost their itemsize.
_OBJECT_CELL_BYTES = 8 + 24


def available_memory():
    """Bytes of memory available to new allocations, or None when unknown.

    Linux's ``MemAvailable`` (what can be allocated without swapping), else
    the free physical pages POSIX systems report.
    """
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def row_bytes(sample_shape, dtype, n_classes, soft_labels):
    """Bytes one output row costs: its cells and its label (and label vector)."""
    cells = int(np.prod(sample_shape, dtype=np.int64))
    dtype = np.dtype(dtype)
    cell = _OBJECT_CELL_BYTES if dtype.kind == "O" else dtype.itemsize
    label = 4 * n_classes + (4 * n_classes if soft_labels else 8)
    return cells * cell + label


def check_request(n_rows, bytes_per_row, what, fix):
    """Raise ValueError if ``n_rows`` rows of ``bytes_per_row`` cannot fit.

    ``n_rows`` may be a float (a count not yet rounded, possibly inf).
    ``what`` describes the request; ``fix`` says what to change.
    """
    n_rows = float(n_rows)
    needed = n_rows * bytes_per_row
    available = available_memory()
    too_many = not np.isfinite(n_rows) or n_rows >= 2**53
    if too_many or (available is not None and needed > available):
        have = (
            ""
            if available is None
            else f"; {_size(available, exact=True)} is available"
        )
        raise ValueError(
            f"{what} asks for {_count(n_rows)} synthetic rows, which need "
            f"{_size(needed)} of memory{have}. {fix}"
        )


def _count(n):
    if not np.isfinite(n):
        return "an unbounded number of"
    return f"{n:,.0f}" if n < 1e15 else f"{n:.3g}"


def _size(n_bytes, exact=False):
    if not np.isfinite(n_bytes) or n_bytes >= 1024**6:
        return "more than an exabyte"
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if n_bytes < 1024 or unit == "PB":
            break
        n_bytes /= 1024
    size = f"{n_bytes:.0f} bytes" if unit == "bytes" else f"{n_bytes:,.1f} {unit}"
    return size if exact else f"about {size}"
