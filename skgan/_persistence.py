"""Save a fitted GANOversampler to one file that carries no code, and load it.

A ``.skgan`` file is a zip archive of five members:

``manifest.json``
    The format's name and version, the skgan version that wrote the file,
    the versions of Python, numpy and torch it ran with, and the SHA-256 of
    every other member.
``params.json``
    The constructor parameters (``get_params(deep=False)``).
``state.json``
    The fitted state, as listed in :mod:`skgan._schema`: the estimator's
    fitted attributes and the model (kind of data, classes, encoder state,
    the generator's config).
``arrays.npz`` / ``generator.npz``
    The numeric arrays of the state (quantile grids, masks, labels) and the
    generator's weights (its ``state_dict``), read with
    ``np.load(..., allow_pickle=False)``.

Nothing in the file is ever unpickled or imported: JSON holds plain data in
the typed encoding of :mod:`skgan._jsonvalues`, and the decoder builds only
the types it knows. The hashes detect a corrupted or edited member; they do
not authenticate the file (anyone can recompute them), but a forged file can
at worst hold wrong numbers, never code. Files of format version 1 (skgan
0.1.0 before the data-kind refactor) still load.
"""

import hashlib
import io
import json
import os
import sys
import warnings
import zipfile
import zlib

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted

from skgan import _schema
from skgan._jsonvalues import ArrayStore, Decoder, Encoder, Malformed, expect

FORMAT_NAME = "skgan-model"
FORMAT_VERSION = 2
ESTIMATOR = "GANOversampler"

_MANIFEST = "manifest.json"
_PARAMS = "params.json"
_STATE = "state.json"
_ARRAYS = "arrays.npz"
_WEIGHTS = "generator.npz"
_MEMBERS = (_PARAMS, _STATE, _ARRAYS, _WEIGHTS)

# Fixed timestamps make the same sampler give the same bytes.
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_RESAVE = "Re-save the model from its source with GANOversampler.save."
# What reading a damaged zip archive raises: a bad directory, a bad deflate
# stream, a cut-off member. (Members are checked to use the compression
# methods save writes before anything is decompressed.)
_UNREADABLE_ARCHIVE = (zipfile.BadZipFile, zlib.error, EOFError)
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


# -- saving ---------------------------------------------------------------------


def save(estimator, path, extra=None):
    """Write the fitted ``estimator`` to ``path`` (see :meth:`GANOversampler.save`);
    ``extra``, a dict of plain values, is stored beside it (:func:`load`
    gives it back)."""
    check_is_fitted(estimator, "model_")
    params = _params_document(estimator)
    arrays = ArrayStore()
    state = _schema.state_document(estimator, arrays, extra)
    members = {
        _PARAMS: _json_bytes(params),
        _STATE: _json_bytes(state),
        _ARRAYS: _npz_bytes(arrays.arrays),
        _WEIGHTS: _npz_bytes(_schema.generator_weights(estimator.model_)),
    }
    manifest = _manifest(members)
    payload = _zip_bytes({_MANIFEST: _json_bytes(manifest), **members})
    if hasattr(path, "write"):
        path.write(payload)
        return
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            "path must be a str, an os.PathLike or a binary file object opened "
            f"for writing; got {type(path).__name__}."
        )
    with open(path, "wb") as file:
        file.write(payload)


def _manifest(members):
    from skgan import __version__

    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "estimator": ESTIMATOR,
        "skgan_version": __version__,
        "python_version": ".".join(map(str, sys.version_info[:3])),
        "numpy_version": np.__version__,
        "torch_version": torch.__version__,
        "sha256": {
            name: hashlib.sha256(data).hexdigest() for name, data in members.items()
        },
    }


def _params_document(estimator):
    params = estimator.get_params(deep=False)
    if callable(params.get("sampling_strategy")):
        raise TypeError(
            "A callable sampling_strategy cannot be saved: a skgan file carries no "
            "code. Set sampling_strategy to the dict it returned, e.g. "
            "sampler.set_params(sampling_strategy=dict(sampler.sampling_strategy_)), "
            "then save."
        )
    memory = params.get("memory")
    if memory is not None and not isinstance(memory, str):
        location = getattr(memory, "location", None)
        if not hasattr(memory, "location") or not isinstance(
            location, (str, os.PathLike, type(None))
        ):
            raise TypeError(
                "memory must be None, a directory path or a joblib.Memory to be "
                f"saved; got {type(memory).__name__}."
            )
        params["memory"] = None if location is None else os.fspath(location)
    init = params.get("init")
    if isinstance(init, os.PathLike):
        params["init"] = os.fspath(init)
    elif init is not None and not isinstance(init, str):
        # the file holds the adapted generator: the source is not needed
        params["init"] = None
    random_state = params.get("random_state")
    if isinstance(random_state, np.random.RandomState):
        params["random_state"] = None  # a generator's state is not a parameter
    elif isinstance(random_state, np.integer):
        params["random_state"] = int(random_state)
    encoder = Encoder(None)
    return {
        "estimator": ESTIMATOR,
        "params": {
            name: encoder.encode(value, f"parameter {name!r}")
            for name, value in params.items()
        },
    }


def _json_bytes(document):
    text = json.dumps(document, sort_keys=True, allow_nan=False, indent=1)
    return text.encode("utf-8")


def _npz_bytes(arrays):
    """An ``.npz`` (a zip of ``.npy`` files) without pickles or timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for key, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, array, allow_pickle=False)
            archive.writestr(
                zipfile.ZipInfo(f"{key}.npy", _DATE_TIME), member.getvalue()
            )
    return buffer.getvalue()


def _zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, _DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# -- loading --------------------------------------------------------------------


def load(cls, path):
    """Read a sampler written by :func:`save` (see :meth:`GANOversampler.load`);
    return it and the ``extra`` dict saved with it."""
    name, data = _read_source(path)
    members, version = _read_members(name, data)
    try:
        params = _decode_params(cls, members[_PARAMS])
        estimator = cls(**params)
        state = _parse_json(members[_STATE])
        if version == 1:
            state = _schema.upgrade_v1(state, params)
        arrays = _read_npz(members[_ARRAYS], _ARRAYS)
        weights = _read_npz(members[_WEIGHTS], _WEIGHTS)
        extra = _schema.restore(estimator, state, arrays, weights)
    except Malformed as exc:
        raise ValueError(
            f"{name} is not a valid skgan model file: {exc}. {_RESAVE}"
        ) from exc
    return estimator, extra


def _read_source(path):
    if hasattr(path, "read"):
        data = path.read()
        name = repr(getattr(path, "name", path))
        if not isinstance(data, bytes):
            raise TypeError(
                f"{name} is open in text mode; open it in binary mode ('rb')."
            )
        return name, data
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            "path must be a str, an os.PathLike or a binary file object; got "
            f"{type(path).__name__}."
        )
    with open(path, "rb") as file:
        return repr(os.fspath(path)), file.read()


def _read_members(name, data):
    """Open the archive, check its manifest and hashes; return its members."""
    if not data.startswith(b"PK\x03\x04"):
        hint = ""
        if data[:1] == b"\x80":
            hint = (
                " It looks like a pickle (e.g. from joblib.dump): load it with "
                "joblib.load, and only if you trust its source, since loading a "
                "pickle runs code."
            )
        raise ValueError(
            f"{name} is not a skgan model file (it is not a zip archive; skgan "
            f"files are written by GANOversampler.save).{hint}"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            methods = {info.compress_type for info in archive.infolist()}
            if not methods <= set(_COMPRESSIONS):
                raise ValueError(
                    f"{name} is not a valid skgan model file: its members use "
                    "compression methods GANOversampler.save never writes. "
                    f"{_RESAVE}"
                )
            if _MANIFEST not in names:
                raise ValueError(
                    f"{name} is not a skgan model file: it has no {_MANIFEST}. "
                    f"{_RESAVE}"
                )
            manifest = _check_manifest(name, archive.read(_MANIFEST))
            unexpected = sorted(set(names) - {_MANIFEST, *_MEMBERS})
            missing = [m for m in _MEMBERS if m not in names]
            if missing:
                raise ValueError(
                    f"{name} is not a valid skgan model file: it lacks "
                    f"{', '.join(missing)}. {_RESAVE}"
                )
            if unexpected:
                raise ValueError(
                    f"{name} is not a valid skgan model file: it holds unexpected "
                    f"members {', '.join(unexpected)}. {_RESAVE}"
                )
            members = {member: archive.read(member) for member in _MEMBERS}
            version = manifest["format_version"]
    except _UNREADABLE_ARCHIVE as exc:
        raise ValueError(
            f"{name} is truncated or corrupted ({exc}); it cannot be read. {_RESAVE}"
        ) from exc
    for member, content in members.items():
        if hashlib.sha256(content).hexdigest() != manifest["sha256"].get(member):
            raise ValueError(
                f"{name} has been modified or corrupted: the SHA-256 of {member} does "
                f"not match the one in {_MANIFEST}. {_RESAVE}"
            )
    return members, version


def _check_manifest(name, raw):
    from skgan import __version__

    try:
        manifest = _parse_json(raw)
    except Malformed as exc:
        raise ValueError(f"{name}: {_MANIFEST} is not valid JSON ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ValueError(
            f"{name} is not a skgan model file: its {_MANIFEST} does not name the "
            f"format {FORMAT_NAME!r}."
        )
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise ValueError(
            f"{name} is not a valid skgan model file: format_version {version!r} "
            f"in {_MANIFEST} is not a positive integer. {_RESAVE}"
        )
    if version > FORMAT_VERSION:
        raise ValueError(
            f"{name} uses skgan file format version {version}, newer than this "
            f"skgan {__version__} reads (up to {FORMAT_VERSION}). Upgrade skgan "
            "to load it."
        )
    hashes = manifest.get("sha256")
    if not isinstance(hashes, dict) or manifest.get("estimator") != ESTIMATOR:
        raise ValueError(
            f"{name} is not a valid skgan model file: its {_MANIFEST} is incomplete. "
            f"{_RESAVE}"
        )
    saved_by = manifest.get("skgan_version")
    if saved_by != __version__:
        warnings.warn(
            f"{name} was saved by skgan {saved_by} and is loaded by skgan "
            f"{__version__}; it may not behave the same. Re-save it with skgan "
            f"{__version__} once it works as expected.",
            UserWarning,
            stacklevel=5,
        )
    return manifest


def _parse_json(raw):
    def reject(constant):
        raise Malformed(f"non-standard JSON constant {constant}")

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=reject)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise Malformed(str(exc)) from exc


def _read_npz(raw, member):
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            # copies: writable, as the arrays of a fitted sampler are
            return {key: np.array(npz[key]) for key in npz.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise Malformed(f"{member} cannot be read ({exc})") from exc


def _decode_params(cls, raw):
    document = _parse_json(raw)
    decoder = Decoder({})
    expect(isinstance(document, dict), "params.json is not a JSON object")
    expect(document.get("estimator") == ESTIMATOR, "params.json names no estimator")
    stored = document.get("params")
    expect(isinstance(stored, dict), "params.json has no parameters")
    known = set(cls._get_param_names())
    unknown = sorted(set(stored) - known)
    expect(not unknown, f"parameters unknown to this skgan: {unknown}")
    return {name: decoder.decode(value) for name, value in stored.items()}
