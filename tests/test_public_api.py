"""The public names: importable without docstrings, all in the API reference,
documented without internal jargon, with no parameter that does nothing."""

import inspect
import os
import re
import subprocess
import sys

import pytest

import skgan
from skgan import augmentation, metrics, nn, plotting
from skgan._kinds.sequence import SequenceScaler
from skgan._oversampler import GANOversampler

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PUBLIC_MODULES = {
    "skgan": skgan,
    "skgan.augmentation": augmentation,
    "skgan.metrics": metrics,
    "skgan.nn": nn,
    "skgan.plotting": plotting,
}


def _public_objects():
    for module_name, module in PUBLIC_MODULES.items():
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                yield f"{module_name}.{name}", value


@pytest.mark.parametrize(
    "code",
    ["import skgan", "import skgan.plotting, skgan.nn, skgan._cli"],
)
@pytest.mark.slow
def test_imports_without_docstrings(code):
    """``python -OO`` strips docstrings; importing must not depend on them."""
    result = subprocess.run(
        [sys.executable, "-OO", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "argv, usage",
    [
        (["demo", "--help"], "usage: python -m skgan demo"),
        (["--help"], "usage: python -m skgan [-h] [--version] COMMAND"),
        (["resample", "--help"], "usage: python -m skgan resample"),
    ],
)
def test_the_command_line_parses_its_arguments_without_docstrings(argv, usage):
    """``python -m skgan`` is the command line, the demo one of its commands."""
    result = subprocess.run(
        [sys.executable, "-OO", "-m", "skgan", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(usage)


def test_star_import_gives_every_public_name():
    namespace = {}
    exec("from skgan import *", namespace)
    assert set(skgan.__all__) <= set(namespace)
    assert namespace["GANOversampler"] is GANOversampler
    assert set(skgan.__all__) <= set(dir(skgan))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="module 'skgan' has no attribute 'nope'"):
        skgan.nope  # noqa: B018


def test_every_public_class_and_function_is_in_the_api_reference():
    with open(os.path.join(ROOT, "docs", "api.rst")) as file:
        text = file.read()
    listed, module = set(), None
    for line in text.splitlines():
        current = re.match(r"\.\. currentmodule:: (\S+)", line)
        if current:
            module = current.group(1)
        entry = re.match(r"   ([A-Za-z_]\w*)$", line)
        if entry and module:
            listed.add(f"{module}.{entry.group(1)}")
    missing = sorted(name for name, _ in _public_objects() if name not in listed)
    assert missing == []


@pytest.mark.parametrize("name, value", list(_public_objects()))
def test_public_docstrings_name_features_not_internal_documents(name, value):
    """Users never saw the project's seed documents: a docstring names the
    feature (``skgan.augmentation``), not "seed 000"."""
    texts = [inspect.getdoc(value) or ""]
    if inspect.isclass(value):
        texts += [
            inspect.getdoc(member) or ""
            for member_name, member in vars(value).items()
            if not member_name.startswith("_") and callable(member)
        ]
    for text in texts:
        assert not re.search(r"\bseed (0\d\d|documents?)\b|\bthe seed's\b", text)


def test_no_parameter_is_accepted_and_ignored():
    assert (
        "accept_sparse" not in inspect.signature(GANOversampler._check_X_y).parameters
    )
    assert "rng" not in inspect.signature(SequenceScaler.fit_transform).parameters
