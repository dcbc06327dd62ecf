"""Values <-> JSON, for model files that carry no code.

JSON holds ``None``, bools, ints, finite floats, strings and lists as
themselves; everything else gets a small typed encoding, an object
``{"t": tag, ...}``: tuples, dicts with non-string keys, non-finite floats,
bytes, numpy scalars, dtypes and arrays (numeric arrays go to an ``.npz``
member and are referred to by key; object arrays are encoded element by
element), torch devices, encoder spans, and the pandas dtypes, indexes and
missing-value marker (``pd.NA``) a DataFrame's description and a fitted
encoder hold. The decoder builds only the types it knows:
reading a file never unpickles or imports anything.
"""

import collections
import math
import sys

import numpy as np
import torch

from skgan.nn._tabular import Span


class Malformed(ValueError):
    """The content of a file does not have the expected structure."""


def expect(condition, message):
    if not condition:
        raise Malformed(message)


class ArrayStore:
    """Collects the numeric arrays that go to ``arrays.npz``."""

    def __init__(self):
        self.arrays = {}

    def add(self, array):
        key = f"a{len(self.arrays)}"
        self.arrays[key] = array
        return key


class Encoder:
    """Values -> JSON, with a typed encoding for what JSON cannot say.

    ``None``, bools, ints, finite floats, strings and lists are themselves;
    everything else is an object ``{"t": tag, ...}``. Numeric arrays go to
    ``arrays`` (an :class:`ArrayStore`) and are referred to by key; object
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
        if value is pd.NA:
            return {"t": "pd_na"}
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


class Decoder:
    """JSON -> values: the inverse of :class:`Encoder`, for known tags only."""

    def __init__(self, arrays):
        self.arrays = arrays

    def decode(self, node):
        if node is None or type(node) in (bool, int, float, str):
            return node
        if type(node) is list:
            return [self.decode(v) for v in node]
        expect(type(node) is dict, f"unexpected JSON value {node!r}")
        tag = node.get("t")
        method = getattr(self, f"_decode_{tag}", None) if type(tag) is str else None
        expect(method is not None, f"unknown value tag {tag!r}")
        try:
            return method(node)
        except Malformed:
            raise
        except (KeyError, TypeError, ValueError, IndexError, OverflowError) as exc:
            raise Malformed(f"a malformed {tag!r} value ({exc!r})") from exc

    def _decode_float(self, node):
        expect(node["v"] in ("nan", "inf", "-inf"), "a malformed float")
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
        expect(type(key) is str and key in self.arrays, f"array {key!r} is missing")
        return self.arrays[key]

    def _decode_objarray(self, node):
        shape = tuple(node["shape"])
        expect(all(type(n) is int and n >= 0 for n in shape), "a malformed shape")
        items = self._list(node["v"])
        expect(len(items) == math.prod(shape), "an object array of the wrong size")
        array = np.empty(len(items), dtype=object)
        for i, item in enumerate(items):  # never let numpy interpret the items
            array[i] = item
        return array.reshape(shape)

    def _decode_npstr(self, node):
        expect(type(node["v"]) is str, "a malformed numpy string")
        return np.str_(node["v"])

    def _decode_npbytes(self, node):
        return np.bytes_(bytes.fromhex(node["v"]))

    def _decode_npscalar(self, node):
        dtype = _safe_dtype(node["dtype"])
        raw = bytes.fromhex(node["v"])
        expect(len(raw) == dtype.itemsize > 0, "a numpy scalar of the wrong size")
        return np.frombuffer(raw, dtype=dtype)[0]

    def _decode_dtype(self, node):
        return _safe_dtype(node["v"], allow_object=True)

    def _decode_device(self, node):
        expect(type(node["v"]) is str, "a malformed device")
        return torch.device(node["v"])

    def _decode_span(self, node):
        kind, width = node["kind"], node["width"]
        expect(type(kind) is str and type(width) is int, "a malformed span")
        return Span(kind, width)

    def _decode_pd_categorical(self, node):
        import pandas as pd

        categories = node["categories"]
        categories = None if categories is None else self.decode(categories)
        ordered = node["ordered"]
        expect(ordered is None or type(ordered) is bool, "a malformed ordered flag")
        return pd.CategoricalDtype(categories=categories, ordered=ordered)

    def _decode_pd_dtype(self, node):
        import pandas as pd

        expect(type(node["v"]) is str, "a malformed pandas dtype")
        return pd.api.types.pandas_dtype(node["v"])

    def _decode_pd_na(self, node):
        import pandas as pd

        return pd.NA

    def _decode_pd_range(self, node):
        import pandas as pd

        bounds = node["start"], node["stop"], node["step"]
        expect(all(type(b) is int for b in bounds), "a malformed RangeIndex")
        return pd.RangeIndex(*bounds, name=self.decode(node["name"]))

    def _decode_pd_index(self, node):
        import pandas as pd

        return pd.Index(
            self._values(node), dtype=self.decode(node["dtype"]), name=self._name(node)
        )

    def _decode_pd_series(self, node):
        import pandas as pd

        index = self.decode(node["index"])
        expect(isinstance(index, pd.Index), "a Series without an index")
        return pd.Series(
            self._values(node),
            index=index,
            dtype=self.decode(node["dtype"]),
            name=self._name(node),
        )

    def _values(self, node):
        values = self.decode(node["values"])
        expect(isinstance(values, np.ndarray), "pandas values that are not an array")
        return values

    def _name(self, node):
        name = self.decode(node["name"])
        expect(not isinstance(name, (list, dict)), "a malformed name")
        return name

    def _list(self, value):
        expect(type(value) is list, "a malformed list")
        return [self.decode(v) for v in value]

    def _key(self, key):
        key = self.decode(key)
        expect(not isinstance(key, (list, dict, np.ndarray)), "an unhashable key")
        return key


def _safe_dtype(text, allow_object=False):
    expect(type(text) is str, "a malformed dtype")
    dtype = np.dtype(text)
    expect(allow_object or not dtype.hasobject, "an object dtype where none belongs")
    return dtype
