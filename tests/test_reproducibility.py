"""The reproducibility promise, tested as the user guide states it.

- The same ``random_state`` on the same machine, with the same library
  versions and device, gives the same rows bit for bit: here, two runs in
  one process, for every kind of data and every way of drawing rows.
- Another CPU, or other kernels on this one, round the last bits
  differently: the rows agree up to rounding (:mod:`tests.rounding`) over
  trainings of a few dozen steps. Here a second process runs the reference
  fits on other kernels (``OTHER_KERNELS``) and its rows are compared with
  this process's; the test also checks that the other kernels really
  changed some bits, so that it cannot pass by comparing a run with itself.
  CI runs the reproducibility tests a second time with ``OTHER_KERNELS`` set
  (``.ci/run``): the second process then runs on the machine's own kernels.
- A hit in ``memory`` returns the rows of a fresh fit bit for bit
  (``tests/test_fitting.py``); a GAN that ``prefit_folds`` trained gives the
  rows of a fresh fit up to rounding, and the search that follows trains
  nothing (``tests/test_batched.py``).
"""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

from skgan import GANOversampler
from tests.data import make_reference
from tests.rounding import bit_identical, canonical, compare, tolerance

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Kernels other than the ones torch, MKL and oneDNN pick for this CPU: ATen's
# portable (non-vectorized) kernels, oneDNN's SSE4.1 convolutions and MKL's
# conditional-numerical-reproducibility code path for matrix products. On
# the project's machine each of the three changes the bits of a fit.
OTHER_KERNELS = {
    "ATEN_CPU_CAPABILITY": "default",
    "ONEDNN_MAX_CPU_ISA": "SSE41",
    "MKL_CBWR": "COMPATIBLE",
}

SHORT = {**make_reference.SETTINGS, "max_steps": 10}


def _runs(kind):
    """Fit ``kind`` data twice from the same seed; each run's seeded outputs
    (fit_resample's, a seeded sample's, augment's for sequences), its
    history and steps, and rows drawn without a seed."""
    X, y = {
        "table": make_reference.table,
        "mixed": make_reference.mixed,
        "sequence": make_reference.sequences,
        "image": make_reference.images,
    }[kind]()
    extra = {"data_kind": "image"} if kind == "image" else {}
    runs = []
    for _ in range(2):
        sampler = GANOversampler(augmentation_ratio=0.5, **SHORT, **extra)
        seeded = [*sampler.fit_resample(X, y), *sampler.sample(9, random_state=3)]
        history, n_steps = sampler.history_, sampler.n_steps_
        unseeded = sampler.sample(4, y=y[0], random_state=None)[0]
        if kind == "sequence":
            seeded.append(sampler.augment(X, y, samples_per_class=2).x_train)
        runs.append((seeded, history, n_steps, unseeded))
    return runs


@pytest.mark.parametrize("kind", ["table", "mixed", "sequence", "image"])
@pytest.mark.slow
def test_same_seed_same_machine_gives_the_same_bits(kind):
    (first, history_1, steps_1, _), (second, history_2, steps_2, _) = _runs(kind)
    assert steps_1 == steps_2
    assert history_1 == history_2
    assert len(first) == len(second) >= 4
    for a, b in zip(first, second):
        assert bit_identical(a, b)


def test_a_sample_without_a_seed_differs():
    (*_, first), (*_, second) = _runs("table")
    assert not np.array_equal(first, second)


def _capability(name):
    """ATen's name of a kernel set: "default" is "DEFAULT" in torch 2.5 and
    later, "NO AVX" before."""
    name = name.upper()
    return "DEFAULT" if name == "NO AVX" else name


def _other_environment():
    """The environment of the second process: the other kernels, or this
    machine's own when this process already runs on the other ones."""
    env = dict(os.environ)
    if any(name in env for name in OTHER_KERNELS):
        for name in OTHER_KERNELS:
            env.pop(name, None)
    else:
        env.update(OTHER_KERNELS)
    env["PYTHONPATH"] = os.pathsep.join([ROOT, *filter(None, [env.get("PYTHONPATH")])])
    return env


_CHILD = """
import json, sys, torch
from tests.data import make_reference
from tests.rounding import canonical
outputs = make_reference.outputs()
json.dump({
    "capability": torch.backends.cpu.get_cpu_capability(),
    "outputs": {
        name: {"n_steps": n_steps, "values": [canonical(v) for v in values]}
        for name, (values, n_steps, _) in outputs.items()
    },
}, open(sys.argv[1], "w"))
"""


@pytest.mark.slow
def test_other_kernels_give_the_same_rows_up_to_rounding(reference_outputs, tmp_path):
    path = tmp_path / "other.json"
    env = _other_environment()
    subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], check=True, env=env, cwd=ROOT
    )
    other = json.loads(path.read_text())
    wanted = env.get("ATEN_CPU_CAPABILITY")
    if wanted:  # the variable took effect in the second process
        assert _capability(other["capability"]) == _capability(wanted)
    if "ATEN_CPU_CAPABILITY" in os.environ:  # ... and in this one
        assert _capability(torch.backends.cpu.get_cpu_capability()) == _capability(
            os.environ["ATEN_CPU_CAPABILITY"]
        )
    assert sorted(other["outputs"]) == sorted(reference_outputs)
    identical = []
    for name, (values, n_steps, _) in reference_outputs.items():
        theirs = other["outputs"][name]
        assert theirs["n_steps"] == n_steps, name
        for i, (ours, their) in enumerate(zip(values, theirs["values"])):
            problems = compare(their, ours, tolerance(name))
            assert not problems, f"{name}, output {i}: " + "; ".join(problems)
            identical.append(canonical(ours) == their)
    if other["capability"] != torch.backends.cpu.get_cpu_capability():
        # the other kernels changed the arithmetic: some output must show it
        assert not all(identical), "no output changed: the kernels did not"
