"""Outputs stay what they were, and model files written earlier still load.

``tests/data/reference.json`` holds the digests of seeded fits recorded with
``tests/data/make_reference.py`` before the data-kind refactor, and the
``v1_*.skgan`` files are models that version of skgan saved (file format 1).
Bit-identical floats need the library versions the digests were recorded
with (torch, numpy, pandas, scikit-learn): other builds draw or round
differently, so the digests are compared only there; old files must load and
sample everywhere.
"""

import json
import os
import sys

import numpy as np
import pandas as pd
import pytest
import sklearn
import torch

from skgan import GANOversampler

HERE = os.path.join(os.path.dirname(__file__), "data")
sys.path.insert(0, HERE)
import make_reference  # noqa: E402

sys.path.remove(HERE)

with open(os.path.join(HERE, "reference.json")) as _file:
    REFERENCE = json.load(_file)

_VERSIONS = {
    "torch": torch.__version__,
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "sklearn": sklearn.__version__,
}
_OTHER = {
    name: (REFERENCE[f"{name}_version"], version)
    for name, version in _VERSIONS.items()
    if REFERENCE[f"{name}_version"] != version
}
same_versions = pytest.mark.skipif(
    bool(_OTHER),
    reason="the digests were recorded with other library versions, which draw "
    f"or round differently: {_OTHER}",
)


@pytest.fixture(scope="module")
def outputs():
    return make_reference.outputs()


@same_versions
@pytest.mark.parametrize("name", sorted(REFERENCE["digests"]))
def test_seeded_outputs_are_bit_identical_to_the_recorded_ones(outputs, name):
    assert outputs[name][0] == REFERENCE["digests"][name]


@pytest.mark.parametrize("kind", ["table", "mixed", "sequence"])
def test_a_version_1_file_loads_and_samples(kind):
    sampler = GANOversampler.load(os.path.join(HERE, f"v1_{kind}.skgan"))
    X_new, y_new = sampler.sample(12, random_state=5)
    assert len(X_new) == len(y_new) == 12
    if not _OTHER:
        assert make_reference.digest(X_new, y_new) == REFERENCE["loaded_samples"][kind]


def test_a_version_1_file_refits():
    sampler = GANOversampler.load(os.path.join(HERE, "v1_table.skgan"))
    X, y = make_reference.table()
    X_res, y_res = sampler.set_params(max_steps=5).fit_resample(X, y)
    assert np.array_equal(X_res[: len(X)], X)
    assert sampler.n_steps_ == 5
