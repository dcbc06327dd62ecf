"""What "the same up to rounding" means in the tests.

skgan promises identical rows for the same ``random_state`` on the same
machine, library versions and device (two runs in one process are compared
bit for bit). Another CPU, or another kernel for the same operation on this
one (``ATEN_CPU_CAPABILITY``, MKL's and oneDNN's instruction sets), runs the
same arithmetic but rounds the last bits differently. Over a short training
those differences stay at the size of float32 rounding; then a GAN amplifies
them into other, equally good rows (a score or an activation that rounding
puts on the other side of a hinge, and the steps after it). Measured on the
project's machine between its own kernels and other ones (``OTHER_KERNELS``
in ``tests/test_reproducibility.py``), over 12 seeds each: tables agreed
within ``RTOL`` after 10 and 20 steps in every seed, and after 30 steps in
15 of 16; sequences after 3 and 5 steps in every seed, after 10 steps in 13
of 16. So the tests that compare across kernels train tables for 20 steps
and sequences for 5.

``compare`` states the tolerance once for every test:

- numeric values agree within ``RTOL`` of their column's range (for sequences
  and images, of the channel's range); seen between kernels on the project's
  machine after 30 steps: about 1e-6;
- cells that a tiny difference can flip (integer, boolean, categorical and
  string columns, uint8 pixels, where a value is missing) agree in at least
  ``MIN_AGREEMENT`` of the cells, and an integer that flips moves by at most
  one (plus ``RTOL`` of the range);
- everything discrete about the result is equal: shapes, dtypes, columns,
  index, and (checked by the callers) ``n_steps_``.

Image GANs are the exception (``IMAGE_RTOL``): Adam's first step moves every
weight by the learning rate whatever the size of its gradient, and a large
generator has weights whose gradient is within rounding of zero, so another
CPU may move one of them the other way from the first step on. Their fits
are compared after two steps, within 1 % of the range.

A real change (one more training step, another seed) is far outside this
tolerance: ``tests/test_reference.py`` checks that it is caught.
"""

import math

import numpy as np

RTOL = 1e-4
IMAGE_RTOL = 1e-2
MIN_AGREEMENT = 0.98


def tolerance(name):
    """The ``rtol`` for the output of the reference run ``name``."""
    return IMAGE_RTOL if name.startswith("image_") else RTOL


# dtype names that differ between library versions for the same data: pandas
# 3 reads a text column as "str" where pandas 2 reads it as "object"
_SAME_DTYPE = {"str": "object"}


def canonical(value):
    """A plain, JSON-ready description of an output: a DataFrame, a Series or
    an array becomes ``{"type", "dtypes", "columns", "index", "shape",
    "data"}``, ``data`` holding one list of cells per column (per feature of
    the last axis for arrays of more than two axes, flattened), missing
    values as None."""
    if hasattr(value, "columns"):  # DataFrame
        return {
            "type": "frame",
            "columns": [str(c) for c in value.columns],
            "dtypes": [_dtype_name(d) for d in value.dtypes],
            "index": [_plain(i) for i in value.index.tolist()],
            "shape": list(value.shape),
            "data": [_cells(value[c]) for c in value.columns],
        }
    if hasattr(value, "to_numpy"):  # Series
        return {
            "type": "series",
            "columns": [str(value.name)],
            "dtypes": [_dtype_name(value.dtype)],
            "index": [_plain(i) for i in value.index.tolist()],
            "shape": list(value.shape),
            "data": [_cells(value)],
        }
    array = np.asarray(value)
    # a column per feature of a table, per channel (last axis) of a sequence
    # or an image
    columns = array.reshape(-1, 1) if array.ndim <= 1 else array
    if array.ndim > 2:
        columns = array.reshape(-1, array.shape[-1])
    return {
        "type": "array",
        "columns": None,
        "dtypes": [array.dtype.str],
        "index": None,
        "shape": list(array.shape),
        "data": [_cells(columns[:, j]) for j in range(columns.shape[1])],
    }


def _dtype_name(dtype):
    return _SAME_DTYPE.get(str(dtype), str(dtype))


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    return value


def _cells(column):
    """A column's cells as Python values, missing ones as None."""
    values = column.tolist() if hasattr(column, "tolist") else list(column)
    return [None if _is_missing(v) else _plain(v) for v in values]


def _is_missing(value):
    if value is None:
        return True
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover - pandas is a test dependency
        pass
    return isinstance(value, float) and math.isnan(value)


def compare(actual, expected, rtol=RTOL):
    """The ways ``actual`` differs from ``expected`` beyond rounding (numeric
    values by more than ``rtol`` of their column's range), as a list of
    sentences (empty when they agree); both are outputs or their
    :func:`canonical` forms."""
    a = actual if isinstance(actual, dict) else canonical(actual)
    b = expected if isinstance(expected, dict) else canonical(expected)
    for key in ("type", "columns", "dtypes", "index", "shape"):
        if key == "dtypes":  # recorded with another pandas, perhaps
            a[key] = [_SAME_DTYPE.get(d, d) for d in a[key]]
            b[key] = [_SAME_DTYPE.get(d, d) for d in b[key]]
        if a[key] != b[key]:
            return [f"{key} differs: {a[key]!r} != {b[key]!r}"]
    names = b["columns"] or [f"feature {j}" for j in range(len(b["data"]))]
    dtypes = b["dtypes"] * len(b["data"]) if b["columns"] is None else b["dtypes"]
    problems = []
    for name, dtype, x, y in zip(names, dtypes, a["data"], b["data"]):
        problems += [f"{name}: {p}" for p in _compare_column(x, y, dtype, rtol)]
    return problems


def _compare_column(x, y, dtype, rtol):
    n = len(y)
    if n == 0:
        return []
    missing_x = np.array([v is None for v in x])
    missing_y = np.array([v is None for v in y])
    problems = []
    if (missing_x != missing_y).mean() > 1 - MIN_AGREEMENT:
        problems.append(
            f"missing in different cells ({int((missing_x != missing_y).sum())} of {n})"
        )
    both = ~missing_x & ~missing_y
    xs = [v for v, keep in zip(x, both) if keep]
    ys = [v for v, keep in zip(y, both) if keep]
    if not ys:
        return problems
    if all(_is_real(v) for v in ys) and all(_is_real(v) for v in xs):
        xa, ya = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
        scale = max(float(np.ptp(ya)), float(np.max(np.abs(ya))) * 1e-3, 1e-12)
        gap = np.abs(xa - ya)
        if _is_integral(dtype, ys):
            flipped = gap > 0
            if flipped.mean() > 1 - MIN_AGREEMENT:
                problems.append(
                    f"{int(flipped.sum())} of {len(ya)} values differ "
                    f"(at most {1 - MIN_AGREEMENT:.0%} may round the other way)"
                )
            if gap.max() > 1 + rtol * scale:
                problems.append(f"a value moved by {gap.max():g}")
        elif gap.max() > rtol * scale:
            worst = int(gap.argmax())
            problems.append(
                f"values differ by up to {gap.max():.3g} ({gap.max() / scale:.2g} "
                f"of the range {scale:.3g}; tolerance {rtol:g}), e.g. "
                f"{xa[worst]!r} != {ya[worst]!r}"
            )
        return problems
    agree = np.mean([u == v for u, v in zip(xs, ys)])
    if agree < MIN_AGREEMENT:
        problems.append(f"only {agree:.1%} of the values agree")
    return problems


def _is_real(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_integral(dtype, values):
    integer_dtype = dtype.lower().lstrip("<>|=").startswith(("i", "u"))
    return integer_dtype and all(isinstance(v, int) for v in values)


def assert_close(actual, expected, what="the output", rtol=RTOL):
    """Fail, with every difference listed, if ``actual`` and ``expected``
    differ beyond rounding (:func:`compare`)."""
    problems = compare(actual, expected, rtol)
    assert not problems, f"{what} differs beyond rounding: " + "; ".join(problems)


def compare_history(actual, expected):
    """The differences beyond rounding between two ``history_`` lists: the
    same records, keys and discrete entries; losses and scores within
    ``RTOL`` of ``max(1, |value|)``."""
    if len(actual) != len(expected):
        return [f"{len(actual)} records != {len(expected)}"]
    problems = []
    for i, (a, b) in enumerate(zip(actual, expected)):
        if set(a) != set(b):
            problems.append(f"record {i} has keys {sorted(a)} != {sorted(b)}")
            continue
        for key, value in b.items():
            other = a[key]
            if isinstance(value, float):
                if not abs(other - value) <= RTOL * max(1.0, abs(value)):
                    problems.append(f"record {i} {key}: {other!r} != {value!r}")
            elif other != value:
                problems.append(f"record {i} {key}: {other!r} != {value!r}")
    return problems


def assert_same_history(actual, expected):
    problems = compare_history(actual, expected)
    assert not problems, "the histories differ beyond rounding: " + "; ".join(problems)


def assert_tensors_close(actual, expected, what="the tensors"):
    """Equal up to rounding: every element within ``RTOL`` of the largest
    absolute value of ``expected`` (other dtypes exactly)."""
    assert actual.shape == expected.shape and actual.dtype == expected.dtype, what
    actual, expected = actual.detach(), expected.detach()
    if not (expected.numel() and expected.is_floating_point()):
        assert (actual == expected).all(), what
        return
    scale = max(float(expected.abs().max()), 1e-12)
    gap = float((actual - expected).abs().max())
    assert gap <= RTOL * scale, f"{what} differ by {gap:.3g} of {scale:.3g}"


def bit_identical(actual, expected):
    """Whether two outputs are equal in every bit (their canonical forms,
    with NaN equal to NaN)."""
    return canonical(actual) == canonical(expected)
