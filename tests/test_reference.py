"""Seeded outputs stay what they were, and saved model files keep loading.

``tests/data/reference.json`` holds the values that a few seeded fits, and
draws from the saved model files ``tests/data/v*_*.skgan`` (one set per file
format), returned when they were recorded with
``tests/data/make_reference.py``. Another CPU, or other library versions,
round the last bits differently, so the values are compared within the
tolerance of :mod:`tests.rounding` (discrete results, such as the steps
trained, the shapes, dtypes, columns and index, exactly): the comparison
holds on any machine and still catches a real change, which
``test_the_tolerance_catches_a_real_change`` shows.
"""

import json
import os

import pytest

from skgan import GANOversampler
from skgan._persistence import FORMAT_VERSION
from tests.data import make_reference
from tests.rounding import assert_close, compare, tolerance

HERE = os.path.dirname(make_reference.__file__)

with open(os.path.join(HERE, "reference.json")) as _file:
    REFERENCE = json.load(_file)


@pytest.fixture
def outputs(reference_outputs):
    return reference_outputs


@pytest.mark.parametrize("name", sorted(REFERENCE["outputs"]))
def test_seeded_outputs_match_the_recorded_values(outputs, name):
    values, n_steps, _ = outputs[name]
    expected = REFERENCE["outputs"][name]
    assert n_steps == expected["n_steps"]
    assert len(values) == len(expected["values"])
    for i, (actual, recorded) in enumerate(zip(values, expected["values"])):
        assert_close(actual, recorded, f"{name}, output {i}", tolerance(name))


def test_every_seeded_output_is_recorded(outputs):
    assert sorted(outputs) == sorted(REFERENCE["outputs"])


@pytest.mark.parametrize("name", sorted(make_reference.model_files()))
def test_a_saved_model_file_loads_and_samples_the_recorded_values(name):
    path = make_reference.model_files()[name]
    X_new, y_new = make_reference.loaded_sample(path)
    assert len(X_new) == len(y_new) == 12
    recorded = REFERENCE["loaded_samples"][name]["values"]
    assert_close(X_new, recorded[0], f"{name}'s rows")
    assert_close(y_new, recorded[1], f"{name}'s labels")


@pytest.mark.parametrize("version", range(1, FORMAT_VERSION + 1))
def test_every_file_format_has_saved_models_of_each_kind(version):
    files = make_reference.model_files()
    kinds = {"table", "mixed", "sequence"} | ({"image"} if version >= 2 else set())
    assert {f"v{version}_{kind}" for kind in kinds} <= set(files)
    assert set(files) == set(REFERENCE["loaded_samples"])


def test_a_version_1_file_refits():
    sampler = GANOversampler.load(make_reference.model_files()["v1_table"])
    X, y = make_reference.table()
    X_res, y_res = sampler.set_params(max_steps=5).fit_resample(X, y)
    assert (X_res[: len(X)] == X).all()
    assert sampler.n_steps_ == 5


@pytest.mark.parametrize(
    "change",
    [
        dict(max_steps=21, early_stopping=False),
        dict(random_state=1),
        dict(latent_dim=9),
    ],
)
def test_the_tolerance_catches_a_real_change(change):
    """One more step, another seed or another network is far outside the
    tolerance: the comparison tells a real change from rounding. (Early
    stopping keeps the best check's weights, so without it: the 21st
    step counts.)"""
    X, y = make_reference.table()
    settings = {**make_reference.SETTINGS, **change}
    X_res, _ = GANOversampler(augmentation_ratio=0.5, **settings).fit_resample(X, y)
    recorded = REFERENCE["outputs"]["table_fit_resample"]["values"][0]
    assert compare(X_res, recorded)
