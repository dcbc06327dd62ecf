"""What a ``.skgan`` file stores: the listed state of a fitted sampler.

``state.json`` (format version 2) is::

    {"estimator": {<fitted attribute>: value, ...},
     "model": {"kind": name, "classes": ..., "class_counts": ...,
               "sample_shape": ..., "latent_dim": ..., "container": ...,
               "encoder": <the encoder's get_state()>,
               "generator": null | {"config": <the generator's config>,
                                    "requires_grad": bool}},
     "extra": {...}}

The estimator's attributes are the ones in ``FITTED_ATTRIBUTES`` (those in
``OPTIONAL_ATTRIBUTES`` only when set); the model is a
:class:`~skgan._model.GANModel`, its encoder restored by the kind's encoder
class from exactly the state it lists, its generator rebuilt by the kind
from its recorded ``config`` (the weights are in ``generator.npz``).
``extra`` is what the caller adds (the command line keeps the label column
there). Files of format version 1 (every instance attribute, the generator's
architecture read off its layers) are read through :func:`upgrade_v1`.
"""

import re

import numpy as np
import torch

from skgan import _kinds
from skgan._jsonvalues import Decoder, Encoder, Malformed, expect
from skgan._model import GANModel
from skgan._utils import forked_torch_rng

FITTED_ATTRIBUTES = (
    "sampling_strategy_",
    "n_features_in_",
    "feature_names_in_",
    "history_",
    "n_steps_",
    "n_threads_",
    "n_synthetic_",
)
OPTIONAL_ATTRIBUTES = ("feature_names_in_", "n_synthetic_")
_MODEL_FIELDS = (
    "kind",
    "classes",
    "class_counts",
    "sample_shape",
    "latent_dim",
    "container",
    "encoder",
    "generator",
)
_NAME = re.compile(r"^(?!__)[A-Za-z_][A-Za-z0-9_]*$")


# -- writing ---------------------------------------------------------------------


def state_document(estimator, arrays, extra=None):
    """The JSON document of ``estimator``'s fitted state; numeric arrays go
    to ``arrays`` (a :class:`~skgan._jsonvalues.ArrayStore`)."""
    encoder = Encoder(arrays)
    model = estimator.model_
    attributes = {
        name: encoder.encode(getattr(estimator, name), f"attribute {name!r}")
        for name in FITTED_ATTRIBUTES
        if name in vars(estimator)
    }
    state = {
        "kind": model.kind.name,
        "classes": model.classes,
        "class_counts": model.class_counts,
        "sample_shape": tuple(int(n) for n in model.sample_shape),
        "latent_dim": int(model.latent_dim),
        "container": model.container,
    }
    document = {
        "estimator": attributes,
        "model": {
            **{k: encoder.encode(v, f"the model's {k}") for k, v in state.items()},
            "encoder": {
                k: encoder.encode(v, f"the encoder's {k}")
                for k, v in model.encoder.get_state().items()
            },
            "generator": _generator_document(model.kind, model.generator),
        },
        "extra": Encoder(None).encode(dict(extra or {}), "the extra information"),
    }
    return document


def generator_weights(model):
    """The generator's weights as numpy arrays (its ``state_dict``)."""
    if model.generator is None:
        return {}
    return {
        name: tensor.detach().cpu().numpy()
        for name, tensor in model.generator.state_dict().items()
    }


def _generator_document(kind, generator):
    if generator is None:
        return None
    config = getattr(generator, "config", None)
    if not isinstance(config, dict):
        raise TypeError(
            f"generator_ of type {type(generator).__name__} records no config; "
            "it cannot be saved."
        )
    # the config read back must build the same network, or the file would
    # not load: check it now rather than at load time
    rebuilt = _build_generator(kind, config)
    expected = {k: tuple(v.shape) for k, v in generator.state_dict().items()}
    got = {k: tuple(v.shape) for k, v in rebuilt.state_dict().items()}
    if type(rebuilt) is not type(generator) or expected != got:
        raise TypeError(
            f"generator_ ({type(generator).__name__}) does not match the network "
            f"its config builds ({config}); it cannot be saved."
        )
    return {
        "config": Encoder(None).encode(config, "the generator's config"),
        "requires_grad": any(p.requires_grad for p in generator.parameters()),
    }


def _build_generator(kind, config):
    """An untrained generator, built without touching torch's global RNG."""
    with forked_torch_rng(0, torch.device("cpu")):
        return kind.build_generator(config)


# -- reading ---------------------------------------------------------------------


def restore(estimator, document, arrays, weights):
    """Set ``estimator``'s fitted state from a version-2 ``state.json``
    document; return its ``extra`` dict."""
    expect(isinstance(document, dict), "state.json is not a JSON object")
    decoder = Decoder(arrays)
    stored = document.get("estimator")
    expect(isinstance(stored, dict), "state.json has no estimator attributes")
    unknown = sorted(set(stored) - set(FITTED_ATTRIBUTES))
    expect(not unknown, f"unknown estimator attributes {unknown}")
    required = set(FITTED_ATTRIBUTES) - set(OPTIONAL_ATTRIBUTES)
    lacking = sorted(required - set(stored))
    expect(not lacking, f"state.json lacks {lacking}")
    attributes = {name: decoder.decode(value) for name, value in stored.items()}
    model = _decode_model(document.get("model"), decoder, weights)
    extra = Decoder({}).decode(document.get("extra", {"t": "dict", "v": []}))
    expect(isinstance(extra, dict), "the extra information is not a dict")
    vars(estimator).update(attributes)
    estimator.model_ = model
    estimator.classes_ = model.classes
    return extra


def _decode_model(document, decoder, weights):
    expect(isinstance(document, dict), "state.json has no model")
    expect(set(document) == set(_MODEL_FIELDS), "the model has the wrong fields")
    try:
        kind = _kinds.get_kind(document["kind"])
    except ValueError:
        raise Malformed(f"unknown kind of data {document['kind']!r}") from None
    fields = {k: decoder.decode(document[k]) for k in _MODEL_FIELDS[1:6]}
    classes, counts = fields["classes"], fields["class_counts"]
    expect(isinstance(classes, np.ndarray) and classes.ndim == 1, "malformed classes")
    expect(
        isinstance(counts, np.ndarray) and counts.shape == classes.shape,
        "class counts that do not match the classes",
    )
    shape = fields["sample_shape"]
    expect(
        isinstance(shape, tuple) and all(type(n) is int and n > 0 for n in shape),
        "a malformed sample shape",
    )
    expect(type(fields["latent_dim"]) is int, "a malformed latent_dim")
    expect(isinstance(fields["container"], dict), "a malformed container")
    encoder_state = document["encoder"]
    expect(isinstance(encoder_state, dict), "the encoder state is not an object")
    bad = [name for name in encoder_state if not _NAME.match(name)]
    expect(not bad, f"invalid encoder attribute names {bad}")
    try:
        encoder = kind.encoder_class.from_state(
            {k: decoder.decode(v) for k, v in encoder_state.items()}
        )
    except ValueError as exc:
        raise Malformed(str(exc)) from exc
    generator = _decode_generator(kind, document["generator"], weights)
    return GANModel(
        kind,
        encoder,
        generator,
        classes,
        counts,
        shape,
        fields["latent_dim"],
        fields["container"],
    )


def _decode_generator(kind, document, weights):
    if document is None:
        expect(not weights, "generator weights without a generator")
        return None
    expect(isinstance(document, dict), "the generator entry is not an object")
    config = Decoder({}).decode(document.get("config"))
    expect(isinstance(config, dict), "the generator has no config")
    try:
        generator = _build_generator(kind, config)
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        raise Malformed(f"the generator's config is invalid ({exc})") from exc
    expected = generator.state_dict()
    expect(
        set(weights) == set(expected),
        "generator.npz does not hold the weights of the stored network",
    )
    for key, tensor in expected.items():
        array = weights[key]
        expect(
            array.shape == tuple(tensor.shape) and array.dtype == tensor.numpy().dtype,
            f"weight {key!r} in generator.npz has the wrong shape or dtype",
        )
    generator.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})
    generator.requires_grad_(bool(document.get("requires_grad")))
    return generator.eval()


def upgrade_v1(document, params):
    """A format-1 ``state.json`` document (every instance attribute, the
    encoder's and the generator's by class name) as a format-2 one."""
    expect(isinstance(document, dict), "state.json is not a JSON object")
    stored = document.get("attributes")
    expect(isinstance(stored, dict), "state.json has no attributes")
    layout = Decoder({}).decode(stored.get("_layout"))
    expect(layout in ("table", "sequence", "image"), f"unknown layout {layout!r}")
    missing = [
        name
        for name in ("classes_", "_class_counts", "_sample_shape", "_output_spec")
        if name not in stored
    ]
    expect(not missing, f"state.json lacks {missing}")
    encoder = document.get("encoder")
    expect(isinstance(encoder, dict), "state.json has no encoder")
    generator = document.get("generator")
    if generator is not None:
        expect(isinstance(generator, dict), "the generator entry is not an object")
        arguments = Decoder({}).decode(generator.get("arguments"))
        expect(isinstance(arguments, dict), "the generator has no architecture")
        latent_dim = arguments.get("latent_dim")
        generator = {
            "config": generator.get("arguments"),
            "requires_grad": generator.get("requires_grad"),
        }
    else:
        latent_dim = params.get("latent_dim")
    return {
        "estimator": {k: v for k, v in stored.items() if k in FITTED_ATTRIBUTES},
        "model": {
            "kind": "table" if layout == "table" else "sequence",
            "classes": stored["classes_"],
            "class_counts": stored["_class_counts"],
            "sample_shape": stored["_sample_shape"],
            "latent_dim": latent_dim,
            "container": stored["_output_spec"],
            "encoder": encoder.get("attributes"),
            "generator": generator,
        },
    }
