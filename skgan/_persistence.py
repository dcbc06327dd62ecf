"""Save a fitted GANOversampler to one file that carries no code, and load it.

A ``.skgan`` file is a zip archive of four members:

``manifest.json``
    The format's name and version, the skgan version that wrote the file,
    the versions of Python, numpy and torch it ran with, and the SHA-256 of
    every other member.
``params.json``
    The constructor parameters (``get_params(deep=False)``).
``state.json``
    The fitted attributes, the encoder's state and the generator's
    architecture.
``arrays.npz`` / ``generator.npz``
    The numeric arrays of the state (quantile grids, masks, labels) and the
    generator's weights (its ``state_dict``), read with
    ``np.load(..., allow_pickle=False)``.

Nothing in the file is ever unpickled or imported: JSON holds plain data, in a
small typed encoding for what JSON cannot say itself (tuples, dicts with
non-string keys, non-finite floats, numpy scalars and dtypes, object arrays,
pandas dtypes and indexes), and the decoder builds only the types it knows.
The hashes detect a corrupted or edited member; they do not authenticate the
file (anyone can recompute them), but a forged file can at worst hold wrong
numbers, never code.
"""

import collections
import hashlib
import io
import json
import math
import os
import re
import sys
import warnings
import zipfile
import zlib

import numpy as np
import torch
from sklearn.utils.validation import check_is_fitted

from skgan._encoding import SequenceScaler, Span, TabularEncoder
from skgan._utils import forked_torch_rng
from skgan.nn import ConvSequenceGenerator, ResidualMLPGenerator

FORMAT_NAME = "skgan-model"
FORMAT_VERSION = 1
ESTIMATOR = "GANOversampler"

_MANIFEST = "manifest.json"
_PARAMS = "params.json"
_STATE = "state.json"
_ARRAYS = "arrays.npz"
_WEIGHTS = "generator.npz"
_MEMBERS = (_PARAMS, _STATE, _ARRAYS, _WEIGHTS)

# Fixed timestamps make the same sampler give the same bytes.
_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_ENCODERS = {cls.__name__: cls for cls in (TabularEncoder, SequenceScaler)}
_GENERATORS = {
    cls.__name__: cls for cls in (ResidualMLPGenerator, ConvSequenceGenerator)
}
_ATTRIBUTE_NAME = re.compile(r"^(?!__)[A-Za-z_][A-Za-z0-9_]*$")
_RESAVE = "Re-save the model from its source with GANOversampler.save."
# What reading a damaged zip archive raises: a bad directory, a bad deflate
# stream, a cut-off member. (Members are checked to use the compression
# methods save writes before anything is decompressed.)
_UNREADABLE_ARCHIVE = (zipfile.BadZipFile, zlib.error, EOFError)
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


# -- saving ---------------------------------------------------------------------


def save(estimator, path):
    """Write the fitted ``estimator`` to ``path`` (see :meth:`GANOversampler.save`)."""
    check_is_fitted(estimator, "generator_")
    params = _params_document(estimator)
    arrays = _ArrayStore()
    state = _state_document(estimator, arrays)
    weights = {}
    if estimator.generator_ is not None:
        weights = {
            name: tensor.detach().cpu().numpy()
            for name, tensor in estimator.generator_.state_dict().items()
        }
    members = {
        _PARAMS: _json_bytes(params),
        _STATE: _json_bytes(state),
        _ARRAYS: _npz_bytes(arrays.arrays),
        _WEIGHTS: _npz_bytes(weights),
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
    random_state = params.get("random_state")
    if isinstance(random_state, np.random.RandomState):
        params["random_state"] = None  # a generator's state is not a parameter
    elif isinstance(random_state, np.integer):
        params["random_state"] = int(random_state)
    encoder = _Encoder(None)
    return {
        "estimator": ESTIMATOR,
        "params": {
            name: encoder.encode(value, f"parameter {name!r}")
            for name, value in params.items()
        },
    }


def _state_document(estimator, arrays):
    params = set(estimator.get_params(deep=False))
    encoder = _Encoder(arrays)
    attributes = {}
    for name, value in vars(estimator).items():
        if name in params or name in ("encoder_", "generator_"):
            continue
        attributes[name] = encoder.encode(value, f"attribute {name!r}")
    return {
        "attributes": attributes,
        "encoder": _encoder_document(estimator.encoder_, encoder),
        "generator": _generator_document(estimator.generator_),
    }


def _encoder_document(column_encoder, encoder):
    name = type(column_encoder).__name__
    if _ENCODERS.get(name) is not type(column_encoder):
        raise TypeError(
            f"encoder_ of type {name} cannot be saved; only skgan's own encoders "
            f"({', '.join(_ENCODERS)}) can."
        )
    return {
        "class": name,
        "attributes": {
            key: encoder.encode(value, f"attribute 'encoder_.{key}'")
            for key, value in vars(column_encoder).items()
        },
    }


def _generator_document(generator):
    if generator is None:
        return None
    name = type(generator).__name__
    if _GENERATORS.get(name) is not type(generator):
        raise TypeError(
            f"generator_ of type {name} cannot be saved; only skgan's own "
            f"generators ({', '.join(_GENERATORS)}) can."
        )
    arguments = _generator_arguments(generator)
    # the architecture read back must build the same network, or the file
    # would not load: check it now rather than at load time
    rebuilt = _build_generator(name, arguments)
    expected = {k: tuple(v.shape) for k, v in generator.state_dict().items()}
    got = {k: tuple(v.shape) for k, v in rebuilt.state_dict().items()}
    if expected != got:
        raise TypeError(
            f"generator_ ({name}) does not match the architecture it reports "
            f"({arguments}); it cannot be saved."
        )
    return {
        "class": name,
        "arguments": _Encoder(None).encode(arguments, "the generator architecture"),
        "requires_grad": any(p.requires_grad for p in generator.parameters()),
    }


def _generator_arguments(generator):
    """The constructor arguments that rebuild ``generator``'s architecture."""
    embedding_dim = generator.embed.out_features
    arguments = {
        "latent_dim": generator.input.in_features - embedding_dim,
        "n_classes": generator.embed.in_features,
        "embedding_dim": embedding_dim,
    }
    if isinstance(generator, ResidualMLPGenerator):
        arguments["hidden_sizes"] = tuple(
            int(b.linear2.out_features) for b in generator.blocks
        )
        arguments["spans"] = list(generator.spans)
    else:
        arguments["hidden_sizes"] = tuple(
            int(b.conv2.out_channels) for b in generator.blocks
        )
        arguments["n_timesteps"] = int(generator.n_timesteps)
        arguments["n_channels"] = int(generator.output.out_channels)
    return arguments


def _build_generator(name, arguments):
    """Build an untrained generator without touching torch's global RNG."""
    with forked_torch_rng(0, torch.device("cpu")):
        if name == "ResidualMLPGenerator":
            return ResidualMLPGenerator(
                arguments["latent_dim"],
                arguments["n_classes"],
                arguments["hidden_sizes"],
                arguments["spans"],
                embedding_dim=arguments["embedding_dim"],
            )
        return ConvSequenceGenerator(
            arguments["latent_dim"],
            arguments["n_classes"],
            arguments["hidden_sizes"],
            arguments["n_timesteps"],
            arguments["n_channels"],
            embedding_dim=arguments["embedding_dim"],
        )


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


class _ArrayStore:
    """Collects the numeric arrays that go to ``arrays.npz``."""

    def __init__(self):
        self.arrays = {}

    def add(self, array):
        key = f"a{len(self.arrays)}"
        self.arrays[key] = array
        return key


class _Encoder:
    """Values -> JSON, with a typed encoding for what JSON cannot say.

    ``None``, bools, ints, finite floats, strings and lists are themselves;
    everything else is an object ``{"t": tag, ...}``. Numeric arrays go to
    ``arrays`` (an :class:`_ArrayStore`) and are referred to by key; object
    arrays are encoded element by element.
    """

    def __init__(self, arrays):
        self.arrays = arrays

    def encode(self, value, where):
        kind = type(value)
        if value is None or kind in (bool, int, str):
            return value
        if kind is float:
            return value if math.isfinite(value) else {"t": "float", "v": repr(value)}
        if kind is list:
            return [self.encode(v, where) for v in value]
        if kind is tuple:
            return {"t": "tuple", "v": [self.encode(v, where) for v in value]}
        if kind in (dict, collections.OrderedDict):
            pairs = [
                [self.encode(k, where), self.encode(v, where)] for k, v in value.items()
            ]
            return {"t": "dict" if kind is dict else "odict", "v": pairs}
        if kind is bytes:
            return {"t": "bytes", "v": value.hex()}
        if kind is np.ndarray:
            return self._array(value, where)
        if isinstance(value, np.generic):
            return self._numpy_scalar(value, where)
        if isinstance(value, np.dtype):
            return {"t": "dtype", "v": _dtype_string(value, where)}
        if kind is torch.device:
            return {"t": "device", "v": str(value)}
        if kind is Span:
            return {"t": "span", "kind": value.kind, "width": int(value.width)}
        pandas = sys.modules.get("pandas")
        if pandas is not None:
            encoded = self._pandas(pandas, value, where)
            if encoded is not None:
                return encoded
        raise TypeError(
            f"Cannot save {where}: values of type {kind.__module__}.{kind.__name__} "
            "have no place in a skgan file. Fit on data whose labels, category values "
            "and column names are str, int, float, bool or None."
        )

    def _array(self, array, where):
        if array.dtype.hasobject:
            if array.dtype != object:
                raise TypeError(f"Cannot save {where}: a structured object array.")
            items = [self.encode(v, where) for v in array.ravel(order="C")]
            return {"t": "objarray", "shape": list(array.shape), "v": items}
        _dtype_string(array.dtype, where)
        if self.arrays is None:  # parameters: small arrays, written inline
            inline = self.encode(array.tolist(), where)
            return {"t": "array", "inline": inline, "dtype": array.dtype.str}
        return {"t": "array", "key": self.arrays.add(array)}

    def _numpy_scalar(self, value, where):
        if isinstance(value, np.str_):
            return {"t": "npstr", "v": str(value)}
        if isinstance(value, np.bytes_):
            return {"t": "npbytes", "v": bytes(value).hex()}
        dtype = _dtype_string(value.dtype, where)
        return {"t": "npscalar", "dtype": dtype, "v": value.tobytes().hex()}

    def _pandas(self, pd, value, where):
        if isinstance(value, pd.CategoricalDtype):
            categories = value.categories
            return {
                "t": "pd_categorical",
                "categories": None
                if categories is None
                else self.encode(categories, where),
                "ordered": value.ordered,
            }
        if isinstance(value, pd.api.extensions.ExtensionDtype):
            name = str(value)
            if pd.api.types.pandas_dtype(name) != value:
                raise TypeError(
                    f"Cannot save {where}: the pandas dtype {value!r} cannot be "
                    "rebuilt from its name."
                )
            return {"t": "pd_dtype", "v": name}
        if isinstance(value, pd.MultiIndex):
            raise TypeError(
                f"Cannot save {where}: MultiIndex columns are not supported. Flatten "
                "the column names (e.g. join the levels with '_') and fit again."
            )
        if isinstance(value, pd.RangeIndex):
            return {
                "t": "pd_range",
                "start": int(value.start),
                "stop": int(value.stop),
                "step": int(value.step),
                "name": self.encode(value.name, where),
            }
        if isinstance(value, (pd.Index, pd.Series)):
            values = value.to_numpy()
            if values.dtype != object and not isinstance(value.dtype, np.dtype):
                values = values.astype(object)
            encoded = {
                "t": "pd_index" if isinstance(value, pd.Index) else "pd_series",
                "values": self.encode(values, where),
                "dtype": self.encode(value.dtype, where),
                "name": self.encode(value.name, where),
            }
            if isinstance(value, pd.Series):
                encoded["index"] = self.encode(value.index, where)
            return encoded
        return None


def _dtype_string(dtype, where):
    if dtype.names is not None or np.dtype(dtype.str) != dtype:
        raise TypeError(f"Cannot save {where}: numpy dtype {dtype!r} is not supported.")
    return dtype.str


# -- loading --------------------------------------------------------------------


def load(cls, path):
    """Read a sampler written by :func:`save` (see :meth:`GANOversampler.load`)."""
    name, data = _read_source(path)
    members = _read_members(name, data)
    try:
        params = _decode_params(cls, members[_PARAMS])
        estimator = cls(**params)
        _restore_state(estimator, members)
    except _Malformed as exc:
        raise ValueError(
            f"{name} is not a valid skgan model file: {exc}. {_RESAVE}"
        ) from exc
    return estimator


class _Malformed(ValueError):
    """The content of an archive does not have the expected structure."""


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
    return members


def _check_manifest(name, raw):
    from skgan import __version__

    try:
        manifest = _parse_json(raw)
    except _Malformed as exc:
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
        raise _Malformed(f"non-standard JSON constant {constant}")

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=reject)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _Malformed(str(exc)) from exc


def _read_npz(raw, member):
    try:
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            # copies: writable, as the arrays of a fitted sampler are
            return {key: np.array(npz[key]) for key in npz.files}
    except (ValueError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise _Malformed(f"{member} cannot be read ({exc})") from exc


def _decode_params(cls, raw):
    document = _parse_json(raw)
    decoder = _Decoder({})
    _expect(isinstance(document, dict), "params.json is not a JSON object")
    _expect(document.get("estimator") == ESTIMATOR, "params.json names no estimator")
    stored = document.get("params")
    _expect(isinstance(stored, dict), "params.json has no parameters")
    known = set(cls._get_param_names())
    unknown = sorted(set(stored) - known)
    _expect(not unknown, f"parameters unknown to this skgan: {unknown}")
    return {name: decoder.decode(value) for name, value in stored.items()}


def _restore_state(estimator, members):
    state = _parse_json(members[_STATE])
    _expect(isinstance(state, dict), "state.json is not a JSON object")
    decoder = _Decoder(_read_npz(members[_ARRAYS], _ARRAYS))
    params = set(estimator.get_params(deep=False))
    attributes = _attributes(state.get("attributes"), decoder, "the sampler")
    _expect(not params & set(attributes), "state.json holds parameters")
    vars(estimator).update(attributes)
    estimator.encoder_ = _decode_encoder(state.get("encoder"), decoder)
    weights = _read_npz(members[_WEIGHTS], _WEIGHTS)
    estimator.generator_ = _decode_generator(state.get("generator"), weights)


def _attributes(stored, decoder, owner):
    _expect(isinstance(stored, dict), f"no attributes for {owner}")
    bad = [name for name in stored if not _ATTRIBUTE_NAME.match(name)]
    _expect(not bad, f"invalid attribute names for {owner}: {bad}")
    return {name: decoder.decode(value) for name, value in stored.items()}


def _decode_encoder(document, decoder):
    _expect(isinstance(document, dict), "state.json has no encoder")
    cls = _ENCODERS.get(document.get("class"))
    _expect(cls is not None, f"unknown encoder {document.get('class')!r}")
    column_encoder = cls.__new__(cls)
    vars(column_encoder).update(
        _attributes(document.get("attributes"), decoder, "the encoder")
    )
    return column_encoder


def _decode_generator(document, weights):
    if document is None:
        _expect(not weights, "generator weights without a generator")
        return None
    _expect(isinstance(document, dict), "the generator entry is not an object")
    name = document.get("class")
    _expect(name in _GENERATORS, f"unknown generator {name!r}")
    arguments = _Decoder({}).decode(document.get("arguments"))
    _expect(isinstance(arguments, dict), "the generator has no architecture")
    try:
        generator = _build_generator(name, arguments)
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise _Malformed(f"the generator architecture is invalid ({exc})") from exc
    expected = generator.state_dict()
    _expect(
        set(weights) == set(expected),
        f"{_WEIGHTS} does not hold the weights of the stored architecture",
    )
    for key, tensor in expected.items():
        array = weights[key]
        _expect(
            array.shape == tuple(tensor.shape) and array.dtype == tensor.numpy().dtype,
            f"weight {key!r} in {_WEIGHTS} has the wrong shape or dtype",
        )
    generator.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})
    generator.requires_grad_(bool(document.get("requires_grad")))
    return generator.eval()


def _expect(condition, message):
    if not condition:
        raise _Malformed(message)


class _Decoder:
    """JSON -> values: the inverse of :class:`_Encoder`, for known tags only."""

    def __init__(self, arrays):
        self.arrays = arrays

    def decode(self, node):
        if node is None or type(node) in (bool, int, float, str):
            return node
        if type(node) is list:
            return [self.decode(v) for v in node]
        _expect(type(node) is dict, f"unexpected JSON value {node!r}")
        tag = node.get("t")
        method = getattr(self, f"_decode_{tag}", None) if type(tag) is str else None
        _expect(method is not None, f"unknown value tag {tag!r}")
        try:
            return method(node)
        except _Malformed:
            raise
        except (KeyError, TypeError, ValueError, IndexError, OverflowError) as exc:
            raise _Malformed(f"a malformed {tag!r} value ({exc!r})") from exc

    def _decode_float(self, node):
        _expect(node["v"] in ("nan", "inf", "-inf"), "a malformed float")
        return float(node["v"])

    def _decode_tuple(self, node):
        return tuple(self._list(node["v"]))

    def _decode_dict(self, node):
        return {self._key(k): self.decode(v) for k, v in node["v"]}

    def _decode_odict(self, node):
        return collections.OrderedDict(
            (self._key(k), self.decode(v)) for k, v in node["v"]
        )

    def _decode_bytes(self, node):
        return bytes.fromhex(node["v"])

    def _decode_array(self, node):
        if "inline" in node:
            dtype = _safe_dtype(node["dtype"])
            return np.array(self.decode(node["inline"]), dtype=dtype)
        key = node["key"]
        _expect(type(key) is str and key in self.arrays, f"array {key!r} is missing")
        return self.arrays[key]

    def _decode_objarray(self, node):
        shape = tuple(node["shape"])
        _expect(all(type(n) is int and n >= 0 for n in shape), "a malformed shape")
        items = self._list(node["v"])
        _expect(len(items) == math.prod(shape), "an object array of the wrong size")
        array = np.empty(len(items), dtype=object)
        for i, item in enumerate(items):  # never let numpy interpret the items
            array[i] = item
        return array.reshape(shape)

    def _decode_npstr(self, node):
        _expect(type(node["v"]) is str, "a malformed numpy string")
        return np.str_(node["v"])

    def _decode_npbytes(self, node):
        return np.bytes_(bytes.fromhex(node["v"]))

    def _decode_npscalar(self, node):
        dtype = _safe_dtype(node["dtype"])
        raw = bytes.fromhex(node["v"])
        _expect(len(raw) == dtype.itemsize > 0, "a numpy scalar of the wrong size")
        return np.frombuffer(raw, dtype=dtype)[0]

    def _decode_dtype(self, node):
        return _safe_dtype(node["v"], allow_object=True)

    def _decode_device(self, node):
        _expect(type(node["v"]) is str, "a malformed device")
        return torch.device(node["v"])

    def _decode_span(self, node):
        kind, width = node["kind"], node["width"]
        _expect(type(kind) is str and type(width) is int, "a malformed span")
        return Span(kind, width)

    def _decode_pd_categorical(self, node):
        import pandas as pd

        categories = node["categories"]
        categories = None if categories is None else self.decode(categories)
        ordered = node["ordered"]
        _expect(ordered is None or type(ordered) is bool, "a malformed ordered flag")
        return pd.CategoricalDtype(categories=categories, ordered=ordered)

    def _decode_pd_dtype(self, node):
        import pandas as pd

        _expect(type(node["v"]) is str, "a malformed pandas dtype")
        return pd.api.types.pandas_dtype(node["v"])

    def _decode_pd_range(self, node):
        import pandas as pd

        bounds = node["start"], node["stop"], node["step"]
        _expect(all(type(b) is int for b in bounds), "a malformed RangeIndex")
        return pd.RangeIndex(*bounds, name=self.decode(node["name"]))

    def _decode_pd_index(self, node):
        import pandas as pd

        return pd.Index(
            self._values(node), dtype=self.decode(node["dtype"]), name=self._name(node)
        )

    def _decode_pd_series(self, node):
        import pandas as pd

        index = self.decode(node["index"])
        _expect(isinstance(index, pd.Index), "a Series without an index")
        return pd.Series(
            self._values(node),
            index=index,
            dtype=self.decode(node["dtype"]),
            name=self._name(node),
        )

    def _values(self, node):
        values = self.decode(node["values"])
        _expect(isinstance(values, np.ndarray), "pandas values that are not an array")
        return values

    def _name(self, node):
        name = self.decode(node["name"])
        _expect(not isinstance(name, (list, dict)), "a malformed name")
        return name

    def _list(self, value):
        _expect(type(value) is list, "a malformed list")
        return [self.decode(v) for v in value]

    def _key(self, key):
        key = self.decode(key)
        _expect(not isinstance(key, (list, dict, np.ndarray)), "an unhashable key")
        return key


def _safe_dtype(text, allow_object=False):
    _expect(type(text) is str, "a malformed dtype")
    dtype = np.dtype(text)
    _expect(allow_object or not dtype.hasobject, "an object dtype where none belongs")
    return dtype
