"""The benchmark scripts stay runnable: each answers ``--help`` at once.

``--help`` must work with nothing beyond the core dependencies, so it may
import neither torch (nor skgan's estimator, which imports torch) nor the
optional packages the benchmarks run with: those are imported after the
arguments are parsed. Each script is run as a contributor runs it, in a
fresh interpreter, with ``-X importtime`` listing every module it imports.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(BENCHMARKS.glob("bench_*.py"))
# top-level packages that --help must not import
HEAVY = {"torch", "pandas", "ctgan", "pyriemann", "aeon_neuro", "smote_variants"}


def _imported(stderr):
    """The top-level names of the modules ``-X importtime`` reports."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[-1].strip().split(".")[0])
    return names


def test_the_scripts_are_found():
    assert len(SCRIPTS) >= 17, SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
@pytest.mark.slow
def test_help_answers_without_heavy_imports(script, tmp_path):
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(script), "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith(f"usage: {script.name}"), result.stdout
    heavy = _imported(result.stderr) & HEAVY
    assert not heavy, f"{script.name} --help imports {sorted(heavy)}"
    # the description is what the script measures: its docstring's first line
    first_line = script.read_text(encoding="utf-8").split('"""')[1].splitlines()[0]
    squeeze = " ".join
    assert squeeze(first_line.split()) in squeeze(result.stdout.split())


def test_every_script_is_in_the_readme():
    readme = (BENCHMARKS / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SCRIPTS if not re.search(rf"\b{s.name}\b", readme)]
    assert not missing, f"benchmarks/README.md does not describe {missing}"


def test_the_paired_comparison_pairs_draws_and_gives_mean_and_standard_error(
    tmp_path, monkeypatch
):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    from _paired import paired_table

    before, after = tmp_path / "before.csv", tmp_path / "after.csv"
    before.write_text("block,seed,score\na,0,0.5\na,1,0.6\na,2,0.7\nb,0,0.1\n")
    # a's differences: +0.1, +0.3, -0.1 (in another order); b has no pair
    after.write_text("block,seed,score\na,2,0.6\na,0,0.6\na,1,0.9\nb,1,0.1\n")
    table = paired_table(str(before), str(after), pair="seed", blocks=("block",))
    rows = [line for line in table.splitlines() if line.startswith("| a ")]
    assert rows == ["| a | +0.1000 | 0.1155 | 3 |"]
    assert "| all | **+0.1000** | 0.1155 | 3 |" in table
    assert "| b " not in table
