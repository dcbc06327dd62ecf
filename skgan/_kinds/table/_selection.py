"""Selection of synthetic table rows: draw more than asked, keep the useful ones.

``selection="border"`` draws :data:`N_CANDIDATES` candidate rows for every
synthetic row of a class and keeps, class by class, those whose ``k`` nearest
real training rows (:data:`N_NEIGHBOURS`) mix their class with another: rows
near the class border, where a classifier needs examples most (the region
that BorderlineSMOTE and ADASYN oversample). Candidates with only their own
class around them come next, and those with none of it (rows deep in another
class) last; within each group candidates keep the order they were drawn in,
so the choice stays random.

Neighbours are found in the space a scikit-learn user would build for the
classifier: numeric columns standardized with the real rows' mean and
standard deviation (a missing value at the mean, with a 0/1 missing
indicator beside it), categorical columns one-hot.
"""

import numpy as np

from skgan._kinds.table._encoder import as_float, missing_mask

N_CANDIDATES = 3
N_NEIGHBOURS = 5

# the order of the groups: border, safe, noise
_BORDER, _SAFE, _NOISE = 0, 1, 2


def select_border(real, real_codes, candidates, candidate_codes, counts, encoder):
    """Indices of the candidates to keep, class by class.

    Parameters
    ----------
    real : ndarray of shape (n, n_features)
        The validated training rows.
    real_codes : ndarray of shape (n,)
        Their class indices.
    candidates : ndarray of shape (m, n_features)
        Decoded synthetic rows.
    candidate_codes : ndarray of shape (m,)
        Their class indices.
    counts : dict
        Class index -> the number of rows to keep (at most its candidates).
    encoder : TabularEncoder
        The fitted encoder, for the column kinds.

    Returns
    -------
    keep : dict
        Class index -> ndarray of the candidate indices kept, in drawn order
        within each group (border, safe, noise).
    """
    from sklearn.neighbors import NearestNeighbors

    space = _NeighbourSpace(encoder).fit(real)
    real_space, candidate_space = space.transform(real), space.transform(candidates)
    if real_space.shape[1] == 0:  # every column constant: nothing to tell apart
        group = np.zeros(len(candidates), dtype=np.intp)
    else:
        k = min(N_NEIGHBOURS, len(real))
        index = NearestNeighbors(n_neighbors=k).fit(real_space)
        neighbours = index.kneighbors(candidate_space, return_distance=False)
        same = (real_codes[neighbours] == candidate_codes[:, None]).sum(axis=1)
        group = np.where(same == 0, _NOISE, np.where(same == k, _SAFE, _BORDER))
    keep = {}
    for c, count in counts.items():
        rows = np.flatnonzero(candidate_codes == c)
        keep[c] = rows[np.argsort(group[rows], kind="stable")[:count]]
    return keep


class _NeighbourSpace:
    """Standardized numeric columns (with missing indicators) and one-hot
    categorical columns, as float64; constant columns are left out."""

    def __init__(self, encoder):
        self.numeric = [j for j, _, _ in encoder.numeric_columns_]
        self.categorical = list(encoder.categorical_columns_)

    def fit(self, X):
        values = self._numeric(X)
        self.mean_ = np.nanmean(values, axis=0) if values.size else np.zeros(0)
        std = np.nanstd(values, axis=0) if values.size else np.zeros(0)
        self.scale_ = np.where(std > 0, std, 1.0)
        self.with_missing_ = np.isnan(values).any(axis=0)
        return self

    def transform(self, X):
        values = self._numeric(X)
        missing = np.isnan(values)
        parts = [np.where(missing, 0.0, (values - self.mean_) / self.scale_)]
        parts.append(missing[:, self.with_missing_].astype(np.float64))
        for j, categories in self.categorical:
            parts.append(_one_hot(X[:, j], categories))
        return np.hstack(parts)

    def _numeric(self, X):
        columns = [as_float(X[:, j], missing_mask(X[:, j])) for j in self.numeric]
        return np.column_stack(columns) if columns else np.zeros((len(X), 0))


def _one_hot(column, categories):
    """(n, n_categories) indicators; a missing value matches the missing
    category (the column's marker, last), whatever its missing marker is."""
    categories = np.asarray(categories, dtype=object)
    category_missing = missing_mask(categories)
    observed = categories[~category_missing]  # sorted, as np.unique left them
    missing = missing_mask(column)
    codes = np.full(len(column), -1)
    if category_missing.any():
        codes[missing] = np.flatnonzero(category_missing)[0]
    values = column[~missing]
    found = np.minimum(np.searchsorted(observed, values), len(observed) - 1)
    matches = observed[found] == values
    codes[np.flatnonzero(~missing)[matches]] = found[matches]
    out = np.zeros((len(column), len(categories)))
    known = codes >= 0
    out[np.flatnonzero(known), codes[known]] = 1.0
    return out


def generate_border_rows(generate, labels, real, real_codes, encoder, out):
    """Decode into ``out`` one row per label vector (``labels``, (m,
    n_classes)): rows at one-hot labels chosen by :func:`select_border`
    among ``N_CANDIDATES`` times as many drawn ones, rows at soft labels as
    drawn. ``generate(vectors)`` draws and decodes rows at label vectors;
    ``real``, ``real_codes`` are the training rows and their class indices.
    """
    hard = labels.max(axis=1) == 1.0
    if not hard.any():  # nothing to select among (no rows, or all soft)
        out[:] = generate(labels)
        return
    codes = labels.argmax(axis=1)
    candidate_labels = np.repeat(labels[hard], N_CANDIDATES, axis=0)
    candidates = generate(np.vstack([candidate_labels, labels[~hard]]))
    out[~hard] = candidates[len(candidate_labels) :]
    candidates = candidates[: len(candidate_labels)]
    candidate_codes = candidate_labels.argmax(axis=1)
    wanted = {c: int(np.sum(hard & (codes == c))) for c in np.unique(codes[hard])}
    keep = select_border(real, real_codes, candidates, candidate_codes, wanted, encoder)
    for c, chosen in keep.items():
        out[np.flatnonzero(hard & (codes == c))] = candidates[chosen]
