"""Kinds of data: everything that differs between tables, sequences and more.

A kind of data is one :class:`DataKind` object. It recognises its inputs,
validates them, makes the encoder that maps them to the networks' space and
back, builds the generator and discriminator, finishes raw generator output
(the output activation), and says what ``"auto"`` network settings mean for
it. The sampler, training, persistence and the command line ask the kind and
never branch on which kind it is.

Which kind an input is
----------------------
``GANOversampler(data_kind="auto")`` reads it off the input, never by
guessing from the values:

- a DataFrame or a 2-D array is a **table** (rows of columns);
- a 3-D array ``(n, time, channels)`` is a **sequence** set, and so is a
  4-D array ``(n, time, 1, channels)`` (the classifier-image layout of EEG
  pipelines);
- a 4-D array ``(n, height, width, channels)`` whose third axis is not 1 is
  an **image** set (grey images ``(n, height, width)`` are 3-D, which reads
  as sequences: they need ``data_kind="image"``);
- anything else is an error that lists the layouts.

The first registered kind that recognises the shape wins (tables, then
sequences, then images, then kinds registered later). ``data_kind="table"``,
``"sequence"`` or ``"image"`` (or the name of any registered kind) overrides
the rule; the kind named then checks that it can take the input and says so
when it cannot.

Each kind is one folder: its declaration (a :class:`DataKind` subclass), its
encoder (a :class:`StatefulEncoder`) and its augmentation of the
discriminator's batches, if it has one; its networks are in ``skgan.nn``.
Adding a kind is such a folder (or module) plus its networks, then
:func:`register` of an instance.
"""

from skgan._kinds._base import DataKind, StatefulEncoder
from skgan._kinds.image import ImageKind
from skgan._kinds.sequence import SequenceKind
from skgan._kinds.table import TableKind

_REGISTRY = {}


def register(kind):
    """Make ``kind`` (a :class:`DataKind` instance) known by its ``name``:
    to ``data_kind=name``, to ``"auto"`` (after the kinds registered
    before it) and to loading saved models."""
    if not isinstance(kind, DataKind) or not isinstance(kind.name, str):
        raise TypeError("register takes a DataKind instance with a str name.")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name):
    """Forget the kind called ``name`` (for kinds registered by tests)."""
    _REGISTRY.pop(name, None)


def get_kind(name):
    """The registered kind called ``name``; a ValueError lists the others."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"data_kind={name!r} is not a kind of data skgan knows; use 'auto' "
            f"or one of {sorted(_REGISTRY)}."
        ) from None


def resolve_kind(data_kind, shape):
    """The kind for an input of ``shape``: the one named by ``data_kind``,
    or with ``"auto"`` the first registered kind that recognises it."""
    if data_kind != "auto":
        return get_kind(data_kind)
    for kind in _REGISTRY.values():
        if kind.recognises(shape):
            return kind
    hint = " Reshape a single feature with X.reshape(-1, 1)." if len(shape) == 1 else ""
    raise ValueError(
        f"Expected a 2-D table (n_samples, n_features), sequences (n, time, "
        f"channels) or (n, time, 1, channels), or images (n, height, width, "
        f"channels); got shape {tuple(shape)}.{hint}"
    )


TABLE = register(TableKind())
SEQUENCE = register(SequenceKind())
IMAGE = register(ImageKind())

__all__ = [
    "DataKind",
    "StatefulEncoder",
    "IMAGE",
    "SEQUENCE",
    "TABLE",
    "get_kind",
    "register",
    "resolve_kind",
    "unregister",
]
