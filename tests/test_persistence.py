"""GANOversampler.save / load: round trips, and files that must not load."""

import hashlib
import io
import json
import os
import pickle
import re
import zipfile

import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from numpy.testing import assert_array_equal
from pandas.testing import assert_frame_equal, assert_series_equal
from sklearn.exceptions import NotFittedError

import skgan
from skgan import GANOversampler
from skgan import _persistence as persistence
from tests.conftest import FAST

# One torch thread: on a busy machine two threads wait on each other and a
# tiny fit takes seconds instead of a fraction of one.
SMALL = dict(FAST, n_jobs=1)


def _save_load(sampler, tmp_path, name="sampler.skgan"):
    path = tmp_path / name
    sampler.save(path)
    return GANOversampler.load(path), path


def _assert_same_state(loaded, original):
    assert loaded.get_params() == original.get_params()
    assert set(vars(loaded)) == set(vars(original))
    assert type(loaded.encoder_) is type(original.encoder_)
    assert set(vars(loaded.encoder_)) == set(vars(original.encoder_))
    if original.generator_ is None:
        assert loaded.generator_ is None
        return
    assert type(loaded.generator_) is type(original.generator_)
    assert not loaded.generator_.training
    expected = original.generator_.state_dict()
    got = loaded.generator_.state_dict()
    assert expected.keys() == got.keys()
    for key in expected:
        assert got[key].device.type == "cpu"
        assert torch.equal(got[key], expected[key]), key
    assert not any(p.requires_grad for p in loaded.generator_.parameters())


@pytest.fixture(scope="module")
def mixed_frame():
    rng = np.random.RandomState(0)
    n = 60
    X = pd.DataFrame(
        {
            "amount": rng.lognormal(size=n),
            "count": rng.randint(0, 5, n).astype(np.int32),
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n)),
            "level": pd.Categorical(
                rng.choice([1, 2, 3], n), categories=[1, 2, 3, 4], ordered=True
            ),
            "city": rng.choice(["Oslo", "Lima"], n).astype(object),
            "member": rng.rand(n) > 0.5,
            "const": 7.5,
        }
    )
    y = pd.Series(np.repeat(["no", "yes"], [45, 15]), name="target")
    return X, y


def test_numeric_table_round_trip(imbalanced, tmp_path):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **SMALL)
    X_res, y_res = sampler.fit_resample(X, y)
    loaded, _ = _save_load(sampler, tmp_path)
    _assert_same_state(loaded, sampler)
    assert loaded.n_synthetic_ == sampler.n_synthetic_
    assert loaded.history_ == sampler.history_
    assert loaded.sampling_strategy_ == sampler.sampling_strategy_
    for y_request in (None, 2, [0, 1, 2, 2]):
        n = None if isinstance(y_request, list) else 9
        X_a, y_a = sampler.sample(n, y=y_request, random_state=0)
        X_b, y_b = loaded.sample(n, y=y_request, random_state=0)
        assert X_b.dtype == X_a.dtype
        assert_array_equal(X_b, X_a)
        assert_array_equal(y_b, y_a)
    soft = np.array([[0.5, 0.5, 0.0], [0.0, 0.2, 0.8]], dtype=np.float32)
    assert_array_equal(
        loaded.sample(y=soft, random_state=1)[0],
        sampler.sample(y=soft, random_state=1)[0],
    )
    # the loaded sampler fits afresh, exactly as a new one would
    X_again, y_again = loaded.fit_resample(X, y)
    assert_array_equal(X_again, X_res)
    assert_array_equal(y_again, y_res)


def test_dataframe_round_trip_keeps_dtypes(mixed_frame, tmp_path):
    X, y = mixed_frame
    sampler = GANOversampler(random_state=1, **SMALL).fit(X, y)
    loaded, _ = _save_load(sampler, tmp_path)
    _assert_same_state(loaded, sampler)
    assert_array_equal(loaded.feature_names_in_, sampler.feature_names_in_)
    assert_array_equal(loaded.classes_, sampler.classes_)
    assert loaded.classes_.dtype == sampler.classes_.dtype
    for y_request in (None, "yes"):
        X_a, y_a = sampler.sample(25, y=y_request, random_state=3)
        X_b, y_b = loaded.sample(25, y=y_request, random_state=3)
        assert_frame_equal(X_b, X_a, check_exact=True)
        assert list(X_b.dtypes) == list(X.dtypes)
        assert X_b["level"].dtype == X["level"].dtype  # categories and order
        assert_series_equal(y_b, y_a, check_exact=True)
        assert y_b.name == "target"
    # values keep their Python/numpy types inside object columns
    X_a, _ = sampler.sample(10, random_state=0)
    X_b, _ = loaded.sample(10, random_state=0)
    assert [type(v) for v in X_b["city"]] == [type(v) for v in X_a["city"]]
    X_res, y_res = loaded.fit_resample(X, y)
    assert_frame_equal(X_res.iloc[: len(X)], X)
    assert list(X_res.dtypes) == list(X.dtypes)


def test_numpy_string_labels_and_object_rows(tmp_path):
    rng = np.random.RandomState(2)
    columns = [
        rng.normal(size=40),
        rng.choice(["a", "b", "c"], 40),  # np.str_ values
        rng.randint(0, 3, 40),  # np.int64 values
        (rng.rand(40) > 0.5).tolist(),  # Python bools
    ]
    X = np.empty((40, 4), dtype=object)
    for j, column in enumerate(columns):
        for i, value in enumerate(column):  # keep each value's own type
            X[i, j] = value
    assert isinstance(X[0, 1], np.str_) and isinstance(X[0, 2], np.int64)
    y = np.repeat(["cat", "dog"], [30, 10])
    sampler = GANOversampler(random_state=0, categorical_features=[1, 2, 3], **SMALL)
    sampler.fit(X, y)
    loaded, _ = _save_load(sampler, tmp_path)
    _assert_same_state(loaded, sampler)
    assert loaded.classes_.dtype == sampler.classes_.dtype
    X_a, y_a = sampler.sample(12, y="dog", random_state=0)
    X_b, y_b = loaded.sample(12, y="dog", random_state=0)
    assert X_b.dtype == X_a.dtype == object
    assert X_b.tolist() == X_a.tolist()
    assert [type(v) for v in X_b.ravel()] == [type(v) for v in X_a.ravel()]
    assert_array_equal(y_b, y_a)


@pytest.mark.parametrize("shape", [(40, 20, 2), (40, 20, 1, 2)])
def test_sequence_round_trip(shape, tmp_path):
    rng = np.random.RandomState(0)
    X = rng.normal(size=shape).astype(np.float32)
    y = np.repeat([0, 1], [28, 12])
    sampler = GANOversampler(random_state=0, **SMALL).fit(X, y)
    loaded, _ = _save_load(sampler, tmp_path)
    _assert_same_state(loaded, sampler)
    X_a, _ = sampler.sample(7, y=1, random_state=5)
    X_b, y_b = loaded.sample(7, y=1, random_state=5)
    assert X_b.shape == (7, *shape[1:])
    assert X_b.dtype == X_a.dtype
    assert_array_equal(X_b, X_a)
    assert_array_equal(y_b, np.ones(7, dtype=y.dtype))


def test_all_constant_columns_round_trip(tmp_path):
    X = np.tile([[1.0, 2.0, -3.0]], (30, 1))
    y = np.repeat([0, 1], [20, 10])
    sampler = GANOversampler(random_state=0, **SMALL).fit(X, y)
    assert sampler.generator_ is None
    loaded, _ = _save_load(sampler, tmp_path)
    _assert_same_state(loaded, sampler)
    X_b, y_b = loaded.sample(4, y=1, random_state=0)
    assert_array_equal(X_b, sampler.sample(4, y=1, random_state=0)[0])
    assert_array_equal(X_b, np.tile([[1.0, 2.0, -3.0]], (4, 1)))


def test_paths_and_file_objects(imbalanced, tmp_path):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **SMALL).fit(X, y)
    expected = sampler.sample(5, random_state=0)[0]
    buffer = io.BytesIO()
    sampler.save(buffer)
    buffer.seek(0)
    assert_array_equal(
        GANOversampler.load(buffer).sample(5, random_state=0)[0], expected
    )
    sampler.save(str(tmp_path / "a.skgan"))
    with open(tmp_path / "a.skgan", "rb") as file:
        assert_array_equal(
            GANOversampler.load(file).sample(5, random_state=0)[0], expected
        )
    # the same sampler gives the same bytes
    assert (tmp_path / "a.skgan").read_bytes() == buffer.getvalue()
    with pytest.raises(TypeError, match="path must be"):
        sampler.save(42)
    with pytest.raises(TypeError, match="path must be"):
        GANOversampler.load(42)


def test_parameters_that_cannot_be_stored(imbalanced, tmp_path):
    X, y = imbalanced
    memory = joblib.Memory(location=str(tmp_path / "cache"), verbose=0)
    sampler = GANOversampler(
        random_state=np.random.RandomState(0),
        memory=memory,
        device=torch.device("cpu"),
        categorical_features=np.array([], dtype=int),
        **SMALL,
    ).fit(X, y)
    loaded, _ = _save_load(sampler, tmp_path)
    assert loaded.random_state is None
    assert loaded.memory == memory.location
    assert loaded.device == torch.device("cpu")
    assert_array_equal(loaded.categorical_features, np.array([], dtype=int))
    assert loaded.categorical_features.dtype == int

    sampler.set_params(sampling_strategy=lambda y: {2: 5})
    with pytest.raises(TypeError, match="callable sampling_strategy"):
        sampler.save(tmp_path / "callable.skgan")
    assert not (tmp_path / "callable.skgan").exists()


def test_unfitted_save_raises(tmp_path):
    with pytest.raises(NotFittedError):
        GANOversampler().save(tmp_path / "never.skgan")
    assert not (tmp_path / "never.skgan").exists()


def test_load_runs_no_pickle_and_keeps_global_state(imbalanced, tmp_path, monkeypatch):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **SMALL).fit(X, y)
    path = tmp_path / "sampler.skgan"
    sampler.save(path)

    def forbidden(*args, **kwargs):
        raise AssertionError("loading a skgan file must not unpickle")

    monkeypatch.setattr(pickle, "loads", forbidden)
    monkeypatch.setattr(pickle, "load", forbidden)
    monkeypatch.setattr(pickle, "Unpickler", forbidden)
    monkeypatch.setattr(torch, "load", forbidden)
    monkeypatch.setattr(joblib, "load", forbidden)
    torch_state = torch.get_rng_state()
    numpy_state = np.random.get_state()
    threads = torch.get_num_threads()
    loaded = GANOversampler.load(path)
    assert torch.equal(torch.get_rng_state(), torch_state)
    assert all(np.array_equal(a, b) for a, b in zip(np.random.get_state(), numpy_state))
    assert torch.get_num_threads() == threads
    assert_array_equal(
        loaded.sample(5, random_state=0)[0], sampler.sample(5, random_state=0)[0]
    )


# -- files that must not load --------------------------------------------------


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    y = np.repeat([0, 1], [30, 10])
    sampler = GANOversampler(random_state=0, **SMALL).fit(X, y)
    path = tmp_path_factory.mktemp("saved") / "sampler.skgan"
    sampler.save(path)
    return path


def _members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path, members):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _edit_manifest(saved, tmp_path, **changes):
    members = _members(saved)
    manifest = json.loads(members["manifest.json"])
    manifest.update(changes)
    members["manifest.json"] = json.dumps(manifest)
    return _write(tmp_path / "edited.skgan", members)


def test_other_skgan_version_warns(saved, tmp_path):
    path = _edit_manifest(saved, tmp_path, skgan_version="0.0.1")
    with pytest.warns(UserWarning, match=r"skgan 0\.0\.1") as record:
        loaded = GANOversampler.load(path)
    assert skgan.__version__ in str(record[0].message)
    assert str(path) in str(record[0].message)
    assert record[0].filename == __file__  # points at the caller
    assert hasattr(loaded, "generator_")


def test_newer_format_version_is_an_error(saved, tmp_path):
    path = _edit_manifest(
        saved, tmp_path, format_version=persistence.FORMAT_VERSION + 1
    )
    newer = persistence.FORMAT_VERSION + 1
    with pytest.raises(ValueError, match=f"format version {newer}.*Upgrade skgan"):
        GANOversampler.load(path)


@pytest.mark.parametrize(
    "change", [{"format": "other"}, {"format_version": "1"}, {"sha256": None}]
)
def test_edited_manifest_is_an_error(saved, tmp_path, change):
    path = _edit_manifest(saved, tmp_path, **change)
    with pytest.raises(ValueError, match="edited.skgan"):
        GANOversampler.load(path)


def test_truncated_file(saved, tmp_path):
    data = saved.read_bytes()
    for size in (len(data) // 2, len(data) - 10, 10):
        path = tmp_path / "truncated.skgan"
        path.write_bytes(data[:size])
        with pytest.raises(ValueError, match="truncated or corrupted") as info:
            GANOversampler.load(path)
        assert str(path) in str(info.value)
        assert "Re-save the model" in str(info.value)


def test_flipped_byte_in_the_weights(saved, tmp_path):
    data = bytearray(saved.read_bytes())
    with zipfile.ZipFile(saved) as archive:
        info = archive.getinfo("generator.npz")
    # the member's data starts after its 30-byte local header, name and extra
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path = tmp_path / "flipped.skgan"
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="flipped.skgan.*(corrupted|modified)"):
        GANOversampler.load(path)


def test_tampered_members_fail_their_hash(saved, tmp_path):
    members = _members(saved)
    # a weight changed inside a well-formed npz
    weights = dict(np.load(io.BytesIO(members["generator.npz"]), allow_pickle=False))
    key = sorted(weights)[0]
    weights[key] = weights[key] + 1.0
    buffer = io.BytesIO()
    np.savez(buffer, **weights)
    path = _write(
        tmp_path / "weights.skgan", {**members, "generator.npz": buffer.getvalue()}
    )
    with pytest.raises(ValueError, match="SHA-256 of generator.npz does not match"):
        GANOversampler.load(path)
    # an edited parameter
    params = json.loads(members["params.json"])
    params["params"]["max_steps"] = 99
    path = _write(
        tmp_path / "params.skgan", {**members, "params.json": json.dumps(params)}
    )
    with pytest.raises(ValueError, match="params.skgan.*SHA-256 of params.json"):
        GANOversampler.load(path)


@pytest.mark.parametrize("member", ["state.json", "generator.npz", "manifest.json"])
def test_missing_member(saved, tmp_path, member):
    members = _members(saved)
    del members[member]
    path = _write(tmp_path / "missing.skgan", members)
    with pytest.raises(ValueError, match="missing.skgan.*(lacks|no manifest)"):
        GANOversampler.load(path)


def test_unexpected_member(saved, tmp_path):
    members = _members(saved)
    path = _write(tmp_path / "extra.skgan", {**members, "payload.pkl": b"\x80\x04."})
    with pytest.raises(ValueError, match="unexpected members payload.pkl"):
        GANOversampler.load(path)


def _forge_state(saved, tmp_path, edit):
    """Rewrite state.json with ``edit`` and give the manifest its new hash."""
    members = _members(saved)
    state = json.loads(members["state.json"])
    edit(state)
    changed = json.dumps(state).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["sha256"]["state.json"] = hashlib.sha256(changed).hexdigest()
    members.update({"manifest.json": json.dumps(manifest), "state.json": changed})
    return _write(tmp_path / "forged.skgan", members)


def _narrower_generator(state):
    for pair in state["model"]["generator"]["config"]["v"]:
        if pair[0] == "hidden_sizes":
            pair[1] = {"t": "tuple", "v": [3]}


def _dunder_attribute(state):
    state["estimator"]["__class__"] = "str"


def _dunder_encoder_attribute(state):
    state["model"]["encoder"]["__class__"] = "str"


def _unknown_kind(state):
    state["model"]["kind"] = "os.system"


def _missing_encoder_state(state):
    del state["model"]["encoder"]["support_"]


def _unknown_tag(state):
    state["model"]["classes"] = {"t": "pickle", "v": "8004"}


@pytest.mark.parametrize(
    "edit",
    [
        _narrower_generator,
        _dunder_attribute,
        _dunder_encoder_attribute,
        _unknown_kind,
        _missing_encoder_state,
        _unknown_tag,
    ],
)
def test_malformed_content_with_matching_hashes(saved, tmp_path, edit):
    """The hashes detect accidents, not forgeries: a rewritten member with a
    fresh hash still gets a clear error, never code, a half-built sampler or
    a torch stack trace."""
    path = _forge_state(saved, tmp_path, edit)
    with pytest.raises(ValueError, match="forged.skgan' is not a valid skgan"):
        GANOversampler.load(path)


def test_joblib_file_is_not_loaded(imbalanced, tmp_path):
    X, y = imbalanced
    sampler = GANOversampler(random_state=0, **SMALL).fit(X, y)
    path = tmp_path / "model.joblib"
    joblib.dump(sampler, path)
    with pytest.raises(ValueError, match="not a skgan model file.*joblib.load"):
        GANOversampler.load(path)


def test_text_file_is_not_loaded(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b,label\n1,2,x\n3,4,y\n")
    with pytest.raises(ValueError, match=re.escape(f"{os.fspath(path)!r} is not a")):
        GANOversampler.load(path)
    empty = tmp_path / "empty.skgan"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="not a zip archive"):
        GANOversampler.load(empty)


def test_other_zip_is_not_loaded(tmp_path):
    path = _write(tmp_path / "other.zip", {"readme.txt": b"hello"})
    with pytest.raises(ValueError, match="other.zip' is not a skgan model file"):
        GANOversampler.load(path)


def test_members_compressed_with_another_method_are_refused(saved, tmp_path):
    """Only the methods save writes are decompressed (zipfile would raise a
    bare "compression method not supported" for some others)."""
    path = tmp_path / "bzip2.skgan"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        for name, data in _members(saved).items():
            archive.writestr(name, data)
    with pytest.raises(ValueError, match="compression methods .* never writes"):
        GANOversampler.load(path)
