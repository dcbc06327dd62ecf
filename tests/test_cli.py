"""The ``skgan`` command line, end to end on small CSV files.

Most runs go through ``main([...])`` in this process; some go through
``python -m skgan`` (and ``python -m skgan._cli``) and one through the
installed ``skgan`` script.
"""

import csv
import io
import os
import re
import shutil
import subprocess
import sys

import joblib
import numpy as np
import pandas as pd
import pytest

import skgan
from skgan import GANOversampler
from skgan._cli import main
from skgan._kinds import get_kind

FAST = ["--max-steps", "2"]  # the default networks, few updates
N_ROWS, N_MINORITY = 40, 10
COLORS = {"red", "green", "blue"}


def _table(n=N_ROWS, n_minority=N_MINORITY, seed=0):
    """Numeric, string, numeric-coded and bool columns; the label in the middle."""
    rng = np.random.RandomState(seed)
    return pd.DataFrame(
        {
            "a": rng.normal(size=n),
            "label": ["x"] * (n - n_minority) + ["y"] * n_minority,
            "color": rng.choice(sorted(COLORS), n),
            "code": rng.choice([1, 5, 9], n),
            "flag": rng.rand(n) > 0.5,
        }
    )


def _read(path):
    return pd.read_csv(path)


def _error(capsys):
    """The one line main() printed on stderr (and nothing on stdout)."""
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data.csv"
    _table().to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A model saved by ``resample --save-model``, and the training CSV."""
    folder = tmp_path_factory.mktemp("saved")
    data = folder / "data.csv"
    _table().to_csv(data, index=False)
    model = folder / "model.joblib"
    argv = ["resample", str(data), "--target", "label", "-o", str(folder / "o.csv")]
    argv += ["--categorical", "code", "--random-state", "0", "--save-model"]
    assert main([*argv, str(model), *FAST]) == 0
    return model, data


# -- resample ------------------------------------------------------------------


def test_resample_writes_real_rows_then_synthetic_rows(data, tmp_path, capsys):
    out = tmp_path / "out.csv"
    argv = ["resample", str(data), "--target", "label", "-o", str(out)]
    argv += ["--augmentation-ratio", "0.5", "--categorical", "code"]
    assert main([*argv, "--random-state", "0", *FAST]) == 0
    assert capsys.readouterr() == ("", "")  # quiet without --verbose

    real, result = _read(data), _read(out)
    # balancing: y gets 30 - 10 = 20 rows; ratio 0.5: 15 more rows per class
    assert len(result) == N_ROWS + 20 + 2 * 15
    assert result["label"].value_counts().to_dict() == {"x": 45, "y": 45}
    assert list(result.columns) == list(real.columns)
    assert (result.dtypes == real.dtypes).all()
    pd.testing.assert_frame_equal(result.iloc[:N_ROWS], real, check_exact=True)
    real_lines = data.read_text().splitlines()
    assert out.read_text().splitlines()[: N_ROWS + 1] == real_lines

    synthetic = result.iloc[N_ROWS:]
    assert set(synthetic["color"]) <= COLORS
    assert set(synthetic["code"]) <= {1, 5, 9}  # categorical: training codes only
    assert set(synthetic["flag"]) <= {True, False}
    assert np.isfinite(synthetic["a"]).all()


def _needs_17_digits(value):
    return float(f"{value:.16g}") != value


def test_resample_keeps_every_real_value_bit_for_bit(tmp_path):
    """Real values that need all 17 significant digits come back bit for bit,
    whatever pandas reads the CSV (before 3.1 its default float parser can be
    one unit in the last place off: 1.8675579901499677 -> 1.867557990149968)."""
    rng = np.random.RandomState(0)
    pool = rng.normal(size=2000) * 10.0 ** rng.randint(-2, 3, size=2000)
    values = [v for v in pool.tolist() if _needs_17_digits(v)][: 2 * N_ROWS]
    values[:2] = [1.8675579901499677, -0.30000000000000004]
    assert len(values) == 2 * N_ROWS and all(map(_needs_17_digits, values))
    labels = ["x"] * (N_ROWS - N_MINORITY) + ["y"] * N_MINORITY
    lines = ["a,label,b"] + [
        f"{values[2 * i]!r},{label},{values[2 * i + 1]!r}"
        for i, label in enumerate(labels)
    ]
    data, out = tmp_path / "data.csv", tmp_path / "out.csv"
    data.write_text("\n".join(lines) + "\n")

    argv = ["resample", str(data), "--target", "label", "-o", str(out), *FAST]
    assert main(argv) == 0

    # read back without pandas: Python's float() is exact
    with open(out, newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["a", "label", "b"]
    real = rows[1 : N_ROWS + 1]
    assert [row[1] for row in real] == labels
    written = [float(field) for row in real for field in (row[0], row[2])]
    bits = np.array(written).view(np.uint64)
    expected = np.array(values).view(np.uint64)
    changed = np.flatnonzero(bits != expected)
    assert changed.size == 0, [(values[i], written[i]) for i in changed[:5]]
    assert out.read_text().splitlines()[: N_ROWS + 1] == lines


def test_resample_to_stdout_with_progress_on_stderr(data, capsys):
    argv = ["resample", str(data), "--target", "label", "-o", "-", "-v", *FAST]
    assert main(argv) == 0
    captured = capsys.readouterr()
    result = pd.read_csv(io.StringIO(captured.out))  # stdout holds the CSV only
    assert len(result) == 2 * (N_ROWS - N_MINORITY)
    assert f"wrote {len(result)} rows ({N_ROWS} real, 20 synthetic)" in captured.err


@pytest.mark.parametrize(
    "strategy, counts",
    [
        ("not majority", {"p": 20, "q": 20, "r": 20}),
        ("minority", {"p": 20, "q": 12, "r": 20}),
    ],
)
def test_sampling_strategy_words(tmp_path, strategy, counts):
    table = _table(n=40).drop(columns="label")
    table["label"] = ["p"] * 20 + ["q"] * 12 + ["r"] * 8
    table.to_csv(tmp_path / "three.csv", index=False)
    out = tmp_path / "out.csv"
    argv = ["resample", str(tmp_path / "three.csv"), "--target", "label"]
    argv += ["--sampling-strategy", strategy, "-o", str(out), *FAST]
    assert main(argv) == 0
    assert _read(out)["label"].value_counts().to_dict() == counts


def test_sampling_strategy_ratio_for_two_classes(data, tmp_path):
    out = tmp_path / "out.csv"
    argv = ["resample", str(data), "--target", "label", "-o", str(out), *FAST]
    assert main([*argv, "--sampling-strategy", "0.5"]) == 0
    assert _read(out)["label"].value_counts().to_dict() == {"x": 30, "y": 15}


def test_resample_is_reproducible_with_random_state(data, tmp_path):
    outputs = []
    for name, seed in [("one", "3"), ("two", "3"), ("three", "4")]:
        out = tmp_path / f"{name}.csv"
        argv = ["resample", str(data), "--target", "label", "-o", str(out)]
        assert main([*argv, "--random-state", seed, *FAST]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] != outputs[2]


# -- missing values --------------------------------------------------------------


def _gappy_lines(n=N_ROWS, n_minority=N_MINORITY):
    """A CSV (as lines) with missing cells written three ways: ``NA`` in
    ``weight`` (always missing in class y), empty in ``count`` (an integer
    column, missing in half of class x) and in ``color``; numbers written
    with trailing zeros."""
    rng = np.random.RandomState(0)
    lines = ["weight,count,label,color"]
    for i in range(n):
        label = "x" if i < n - n_minority else "y"
        weight = "NA" if label == "y" else f"{rng.uniform(1, 3):.2f}0"
        count = "" if label == "x" and i % 2 else str(rng.randint(0, 50))
        color = "" if i % 5 == 0 else rng.choice(sorted(COLORS))
        lines.append(f"{weight},{count},{label},{color}")
    return lines


def test_resample_learns_missing_values_and_writes_real_lines_as_they_were(
    tmp_path, capsys
):
    lines = _gappy_lines()
    data, out = tmp_path / "gaps.csv", tmp_path / "out.csv"
    data.write_text("\n".join(lines) + "\n")
    argv = ["resample", str(data), "--target", "label", "-o", str(out)]
    assert main([*argv, "--augmentation-ratio", "1", "--random-state", "0"]) == 0
    assert capsys.readouterr() == ("", "")

    written = out.read_text().splitlines()
    assert written[: N_ROWS + 1] == lines  # 1.500 stays 1.500, NA stays NA
    with open(out, newline="") as file:
        synthetic = list(csv.reader(file))[N_ROWS + 1 :]
    assert len(synthetic) == 20 + 2 * 30
    by_class = {c: [row for row in synthetic if row[2] == c] for c in "xy"}
    # weight: missing in every y row, written as the input wrote it (NA);
    # never missing in x, whose rows had it everywhere
    assert {row[0] for row in by_class["y"]} == {"NA"}
    assert all(float(row[0]) > 0 for row in by_class["x"])
    # count: an integer column with gaps stays integers; its missing cells
    # are empty, as in the input, and only where class x had them
    counts = [row[1] for row in synthetic]
    assert "" in {row[1] for row in by_class["x"]}
    assert all(row[1] != "" for row in by_class["y"])
    assert all(re.fullmatch(r"\d+", c) for c in counts if c != "")
    # color: missing cells empty, as in the input
    assert {row[3] for row in synthetic} <= COLORS | {""}
    assert "" in {row[3] for row in synthetic}


@pytest.mark.slow
def test_resample_keeps_windows_line_ends_and_a_missing_last_newline(tmp_path):
    lines = _gappy_lines()
    data, out = tmp_path / "crlf.csv", tmp_path / "out.csv"
    data.write_bytes("\r\n".join(lines).encode())  # no newline at the end
    assert main(["resample", str(data), "--target", "label", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith("\r\n".join(lines).encode() + b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # one kind of line end


@pytest.mark.parametrize("name", ["model.skgan", "model.joblib"])
def test_sample_writes_missing_cells_and_integers_as_the_training_csv(tmp_path, name):
    data, model = tmp_path / "gaps.csv", tmp_path / name
    data.write_text("\n".join(_gappy_lines()) + "\n")
    argv = ["resample", str(data), "--target", "label", "-o", str(tmp_path / "o")]
    assert main([*argv, *FAST, "--save-model", str(model)]) == 0
    out = tmp_path / "more.csv"
    assert main(["sample", str(model), "-n", "30", "--class", "y", "-o", str(out)]) == 0
    with open(out, newline="") as file:
        header, *rows = list(csv.reader(file))
    assert header == ["weight", "count", "label", "color"]
    assert len(rows) == 30 and {row[0] for row in rows} == {"NA"}
    assert all(re.fullmatch(r"\d+", row[1]) for row in rows)


def test_a_row_without_a_label_is_an_error_naming_the_row(tmp_path, capsys):
    lines = _gappy_lines()
    lines[5] = lines[5].replace(",x,", ",,")
    lines[9] = lines[9].replace(",x,", ",NA,")
    path = tmp_path / "nolabel.csv"
    path.write_text("\n".join(lines) + "\n")
    assert main(["resample", str(path), "--target", "label", "-o", "-"]) == 1
    line = _error(capsys)
    assert "data row 5 has no label (1 more row has none: data row 9)" in line
    assert "'label'" in line and "fill in" in line.lower()


def test_help_says_how_missing_cells_are_read(capsys):
    assert main(["resample", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "empty cells" in out.lower() and "NA, N/A" in out
    assert "missing values" in out and "written as the file writes them" in out


# -- numeric columns with cells that are not numbers -------------------------------


def _with_bad_cells(tmp_path):
    table = _table()
    table["weight"] = np.round(np.random.RandomState(1).uniform(1, 3, N_ROWS), 2)
    table["weight"] = table["weight"].astype(object)
    table.loc[3, "weight"] = "n/a?"
    table.loc[17, "weight"] = "heavy"
    path = tmp_path / "bad_cells.csv"
    table.to_csv(path, index=False)
    return path


def test_a_mostly_numeric_column_with_bad_cells_is_an_error(tmp_path, capsys):
    path = _with_bad_cells(tmp_path)
    assert main(["resample", str(path), "--target", "label", "-o", "-"]) == 1
    line = _error(capsys)
    assert "column 'weight'" in line
    assert "'n/a?' (data row 4)" in line and "'heavy' (data row 18)" in line
    assert "--categorical weight" in line


def test_categorical_takes_a_mostly_numeric_column_as_categorical(tmp_path):
    path = _with_bad_cells(tmp_path)
    out = tmp_path / "out.csv"
    argv = ["resample", str(path), "--target", "label", "-o", str(out), *FAST]
    assert main([*argv, "--categorical", "weight"]) == 0
    real = pd.read_csv(path)
    synthetic = pd.read_csv(out, dtype={"weight": str}).iloc[N_ROWS:]
    assert set(synthetic["weight"]) <= set(real["weight"].astype(str))


def test_a_text_column_with_a_few_numbers_stays_categorical(tmp_path):
    table = _table()
    table["size"] = np.where(np.arange(N_ROWS) < 36, "big", "12")  # 10 % numbers
    path, out = tmp_path / "text.csv", tmp_path / "out.csv"
    table.to_csv(path, index=False)
    assert (
        main(["resample", str(path), "--target", "label", "-o", str(out), *FAST]) == 0
    )
    assert set(_read(out)["size"].astype(str)) <= {"big", "12"}


# -- sample --------------------------------------------------------------------


def test_saved_model_samples_rows_like_the_training_table(saved, tmp_path):
    model, data = saved
    out = tmp_path / "more.csv"
    assert main(["sample", str(model), "-n", "7", "-o", str(out)]) == 0
    rows, real = _read(out), _read(data)
    assert len(rows) == 7
    assert list(rows.columns) == list(real.columns)  # label back in its place
    assert (rows.dtypes == real.dtypes).all()
    assert set(rows["label"]) <= {"x", "y"}
    assert set(rows["color"]) <= COLORS
    assert set(rows["code"]) <= {1, 5, 9}


def test_sample_class_and_random_state(saved, tmp_path):
    model = str(saved[0])
    texts = []
    for name, seed in [("one", "1"), ("two", "1"), ("three", "2")]:
        out = tmp_path / f"{name}.csv"
        argv = ["sample", model, "-n", "20", "--class", "y", "-o", str(out)]
        assert main([*argv, "--random-state", seed]) == 0
        assert (_read(out)["label"] == "y").all()
        texts.append(out.read_text())
    assert texts[0] == texts[1]
    assert texts[0] != texts[2]


def test_sample_target_renames_the_label_column(saved, capsys):
    argv = ["sample", str(saved[0]), "-n", "3", "--target", "kind", "-o", "-"]
    assert main(argv) == 0
    rows = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(rows.columns) == ["a", "kind", "color", "code", "flag"]


def test_sample_plain_sampler_fitted_on_numpy(tmp_path, fast):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(30, 2))
    y = np.repeat([0.0, 1.0], [20, 10])  # float classes: --class 1 finds 1.0
    sampler = GANOversampler(random_state=0, **fast).fit(X, y)
    joblib.dump(sampler, tmp_path / "plain.joblib")
    out = tmp_path / "out.csv"
    argv = ["sample", str(tmp_path / "plain.joblib"), "-n", "5", "-o", str(out)]
    assert main([*argv, "--class", "1"]) == 0
    rows = _read(out)
    assert list(rows.columns) == ["x0", "x1", "label"]
    assert (rows["label"] == 1.0).all()


def test_sample_plain_sampler_fitted_on_a_dataframe(tmp_path, fast):
    table = _table()
    sampler = GANOversampler(random_state=0, **fast)
    sampler.fit(table.drop(columns="label"), table["label"])
    joblib.dump(sampler, tmp_path / "plain.joblib")
    out = tmp_path / "out.csv"
    argv = ["sample", str(tmp_path / "plain.joblib"), "-n", "6", "-o", str(out)]
    assert main([*argv, "--class", "x", "--target", "kind"]) == 0
    rows = _read(out)
    assert list(rows.columns) == ["a", "color", "code", "flag", "kind"]
    assert len(rows) == 6 and (rows["kind"] == "x").all()
    assert set(rows["color"]) <= COLORS


def test_sample_integer_classes_match_their_text(tmp_path, fast):
    table = _table()
    table["label"] = np.repeat([3, 7], [30, 10])
    sampler = GANOversampler(random_state=0, **fast)
    sampler.fit(table.drop(columns="label"), table["label"])
    joblib.dump(sampler, tmp_path / "int.joblib")
    out = tmp_path / "out.csv"
    argv = ["sample", str(tmp_path / "int.joblib"), "-n", "4", "-o", str(out)]
    assert main([*argv, "--class", "7"]) == 0
    assert _read(out)["label"].tolist() == [7, 7, 7, 7]


# -- errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "is empty"),
        ("a,b,label\n", "has a header but no data rows"),
        ("a,b,label\n1,2,x\n3,4,y,5\n", "not a well-formed CSV file (Expected 3"),
        ("a,b,label\n1,2,x,9\n3,4,y,5\n", "more fields than its header"),
        ("a,b,label\n1,2,x\n3,4\n5,6,y\n", "data row 2 has no label"),
        ("a,b,label\n1,2,x\n3,4,x\n5,6,x\n", "has a single class ('x')"),
        ("a,b,label\n1,inf,x\n3,4,y\n5,6,y\n", "Input X contains infinity"),
        ("a,label\n1,0.5\n2,1.5\n3,2.5\n", "Unknown label type: continuous"),
    ],
)
def test_bad_csv_is_one_line_error(tmp_path, capsys, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    argv = ["resample", str(path), "--target", "label", "-o", str(tmp_path / "o")]
    assert main([*argv, *FAST]) == 1
    line = _error(capsys)
    assert line.startswith("skgan: error: ") and message in line
    assert not (tmp_path / "o").exists()


def test_not_a_text_file(tmp_path, capsys):
    path = tmp_path / "bin.csv"
    path.write_bytes(b"a,label\n\xff\xfe,x\n")
    assert main(["resample", str(path), "--target", "label", "-o", "-"]) == 1
    assert "is not a UTF-8 text CSV file" in _error(capsys)


def test_missing_file(tmp_path, capsys):
    argv = ["resample", str(tmp_path / "nope.csv"), "--target", "y", "-o", "-"]
    assert main(argv) == 1
    assert _error(capsys) == f"skgan: error: {tmp_path / 'nope.csv'}: no such file."


def test_missing_target_lists_the_columns(data, capsys):
    assert main(["resample", str(data), "--target", "lbl", "-o", "-"]) == 1
    line = _error(capsys)
    assert "has no column 'lbl'" in line
    assert "'a', 'label', 'color', 'code', 'flag'" in line


@pytest.mark.parametrize(
    "categorical, message",
    [
        ("code,nope", "--categorical names 'nope', which is not a column"),
        ("label", "'label', the target column"),
        (",", "--categorical names no column"),
    ],
)
def test_bad_categorical(data, capsys, categorical, message):
    argv = ["resample", str(data), "--target", "label", "-o", "-"]
    assert main([*argv, "--categorical", categorical]) == 1
    assert message in _error(capsys)


def test_sampler_value_error_is_one_line(tmp_path, capsys):
    table = _table()
    table["label"] = ["p"] * 20 + ["q"] * 12 + ["r"] * 8
    table.to_csv(tmp_path / "three.csv", index=False)
    argv = ["resample", str(tmp_path / "three.csv"), "--target", "label", "-o", "-"]
    assert main([*argv, "--sampling-strategy", "0.5", *FAST]) == 1
    line = _error(capsys)
    assert line.startswith("skgan: error: ") and "binary" in line


def test_output_folder_missing_fails_before_training(data, tmp_path, capsys):
    out = tmp_path / "no" / "such" / "out.csv"
    argv = ["resample", str(data), "--target", "label", "-o", str(out)]
    assert main(argv) == 1
    assert "the folder" in _error(capsys)
    argv = ["resample", str(data), "--target", "label", "-o", "-"]
    assert main([*argv, "--save-model", str(out)]) == 1
    assert "does not exist" in _error(capsys)


def test_files_that_are_not_models(tmp_path, capsys, data, fast):
    joblib.dump({"weights": [1, 2]}, tmp_path / "dict.joblib")
    joblib.dump(GANOversampler(**fast), tmp_path / "unfitted.joblib")
    cases = [
        (str(data), "is not a skgan model (it cannot be unpickled"),
        (str(tmp_path / "dict.joblib"), "holds a dict, not a skgan model"),
        (str(tmp_path / "unfitted.joblib"), "never fitted"),
        (str(tmp_path / "none.joblib"), "none.joblib: no such file."),
    ]
    for path, message in cases:
        assert main(["sample", path, "-n", "3", "-o", "-"]) == 1
        line = _error(capsys)
        assert line.startswith("skgan: error: ") and message in line


def test_sequence_model_is_refused(tmp_path, capsys, fast):
    X = np.random.RandomState(0).normal(size=(20, 8, 2))
    sampler = GANOversampler(**fast).fit(X, np.repeat([0, 1], 10))
    joblib.dump(sampler, tmp_path / "seq.joblib")
    assert main(["sample", str(tmp_path / "seq.joblib"), "-n", "2", "-o", "-"]) == 1
    assert "trained on sequence data" in _error(capsys)


def test_unknown_class(saved, capsys):
    argv = ["sample", str(saved[0]), "-n", "3", "--class", "z", "-o", "-"]
    assert main(argv) == 1
    assert "--class 'z' is not one of the model's classes: 'x', 'y'." in _error(capsys)


def test_feature_named_like_the_label_column(saved, capsys):
    argv = ["sample", str(saved[0]), "-n", "3", "--target", "color", "-o", "-"]
    assert main(argv) == 1
    assert "name the label column with --target NAME" in _error(capsys)


@pytest.mark.parametrize(
    "argv, message",
    [
        ([], "the following arguments are required: COMMAND"),
        (["resample", "d.csv", "-o", "-"], "required: --target"),
        (["resample", "d.csv", "--target", "y"], "required: -o/--output"),
        (["resample", "d", "--target", "y", "-o", "-", "--max-steps", "0"], "0'"),
        (["resample", "d", "--target", "y", "-o", "-", "--random-state", "x"], "x'"),
        (
            ["resample", "d", "--target", "y", "-o", "-", "--augmentation-ratio=-1"],
            "must be a number >= 0",
        ),
        (
            ["resample", "d", "--target", "y", "-o", "-", "--sampling-strategy", "up"],
            "must be one of auto, minority",
        ),
        (["sample", "m.joblib", "-n", "0", "-o", "-"], "must be a positive integer"),
        (["sample", "m.joblib", "-o", "-"], "required: -n/--n-samples"),
        (["shuffle"], "invalid choice: 'shuffle'"),
    ],
)
def test_usage_errors_exit_2(capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "error:" in captured.err and message in captured.err
    assert "usage: skgan" in captured.err


def test_without_pandas_says_what_to_install(data, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas fails
    assert main(["resample", str(data), "--target", "label", "-o", "-"]) == 1
    assert 'pip install "skgan[cli]"' in _error(capsys)


def test_unexpected_errors_propagate(data, monkeypatch):
    def broken(self, X, y):
        raise RuntimeError("a bug")

    monkeypatch.setattr(GANOversampler, "fit_resample", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        main(["resample", str(data), "--target", "label", "-o", "-"])


# -- help and version ------------------------------------------------------------


def test_help(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: skgan [-h] [--version] COMMAND")
    assert "resample" in out and "sample" in out and "COMMAND --help" in out


@pytest.mark.parametrize(
    "command, example",
    [
        ("resample", "skgan resample data.csv --target label"),
        ("sample", "skgan sample model.skgan -n 1000"),
    ],
)
def test_command_help_has_an_example(capsys, command, example):
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: skgan {command}")
    assert "example:" in out and example in out


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"skgan {skgan.__version__}\n"


def test_the_help_lists_the_demo(capsys):
    assert main(["--help"]) == 0
    assert "demo" in capsys.readouterr().out
    assert main(["demo", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: skgan demo")
    for option in ("--plot PATH", "--no-plot", "--folds", "--ratio"):
        assert option in out


def test_max_steps_help_shows_the_samplers_default(capsys):
    assert main(["resample", "--help"]) == 0
    default = GANOversampler().max_steps
    assert default == "auto"
    default = get_kind("table").auto_settings["max_steps"]
    assert f"(default: {default})" in " ".join(capsys.readouterr().out.split())


# -- what --version and --help import ---------------------------------------------

# Modules the command line must not import to answer --version or --help:
# torch alone takes seconds and hundreds of MB.
HEAVY = ("torch", "numpy", "scipy", "pandas", "sklearn", "imblearn", "joblib")
_IMPORTS_AFTER = """
import runpy, sys
sys.argv = ["skgan", *{argv!r}]
try:
    if {as_module!r}:
        runpy.run_module("skgan", run_name="__main__", alter_sys=True)
    else:
        from skgan._cli import main
        sys.exit(main())
except SystemExit as exit_:
    status = exit_.code
print("STATUS", status, "HEAVY", sorted(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--help"],
        ["resample", "--help"],
        ["sample", "--help"],
        ["demo", "--help"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("as_module", [False, True], ids=["script", "python -m"])
def test_version_and_help_import_nothing_heavy(argv, as_module):
    code = _IMPORTS_AFTER.format(argv=argv, as_module=as_module, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last == "STATUS 0 HEAVY []", done.stdout[-3000:]


@pytest.mark.slow
def test_import_skgan_is_lazy_and_its_names_load_on_use():
    code = (
        "import sys, skgan\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        "print(skgan.__version__, 'GANOversampler' in dir(skgan))\n"
        "print(skgan.GANOversampler.__module__, 'torch' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "[]",
        f"{skgan.__version__} True",
        "skgan._oversampler True",
    ]


# -- as users run it -------------------------------------------------------------


@pytest.mark.parametrize("module", ["skgan", "skgan._cli"])
@pytest.mark.slow
def test_python_dash_m(data, tmp_path, module):
    out = tmp_path / "out.csv"
    argv = ["resample", str(data), "--target", "label", "-o", str(out), *FAST]
    done = subprocess.run(
        [sys.executable, "-m", module, *argv],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    result = _read(out)
    assert len(result) == 2 * (N_ROWS - N_MINORITY)
    pd.testing.assert_frame_equal(result.iloc[:N_ROWS], _read(data), check_exact=True)


@pytest.mark.slow
def test_console_script(saved, tmp_path):
    # pip puts the script beside the interpreter that installed the package:
    # look there first, so `venv/bin/python -m pytest` finds it off PATH too
    here = os.path.dirname(sys.executable)
    script = shutil.which("skgan", path=here) or shutil.which("skgan")
    assert script is not None, "install the package: pip install -e ."
    out = tmp_path / "more.csv"
    argv = ["sample", str(saved[0]), "-n", "7", "--class", "y", "-o", str(out)]
    done = subprocess.run([script, *argv], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == ""
    rows = _read(out)
    assert len(rows) == 7 and (rows["label"] == "y").all()


# -- the safe format ------------------------------------------------------------


def test_save_model_as_skgan_file_samples_the_same_rows(data, tmp_path):
    """A .skgan model file carries no code; it samples what the pickle does."""
    argv = ["resample", str(data), "--target", "label", "-o", str(tmp_path / "o.csv")]
    argv += ["--categorical", "code", "--random-state", "0", *FAST]
    assert main([*argv, "--save-model", str(tmp_path / "m.skgan")]) == 0
    assert main([*argv, "--save-model", str(tmp_path / "m.joblib")]) == 0
    outputs = []
    for name in ("m.skgan", "m.joblib"):
        out = tmp_path / f"{name}.csv"
        argv = ["sample", str(tmp_path / name), "-n", "9", "--random-state", "3"]
        assert main([*argv, "--class", "y", "-o", str(out)]) == 0
        outputs.append(_read(out))
    safe, pickled = outputs
    assert len(safe) == 9 and (safe["label"] == "y").all()
    # both formats keep the label column's name and its position in the CSV
    assert list(safe.columns) == list(_read(data).columns)
    pd.testing.assert_frame_equal(safe, pickled)


@pytest.mark.parametrize("name", ["model", "model.skgan", "model.bin"])
def test_save_model_writes_the_safe_format_unless_asked_for_joblib(
    data, tmp_path, name
):
    argv = ["resample", str(data), "--target", "label", "-o", str(tmp_path / "o.csv")]
    path = tmp_path / name
    assert main([*argv, *FAST, "--save-model", str(path)]) == 0
    assert path.read_bytes()[:4] == b"PK\x03\x04"  # a .skgan zip, not a pickle
    loaded = GANOversampler.load(path)
    assert loaded.model_.label_name == "label"
    assert main(["sample", str(path), "-n", "2", "-o", str(tmp_path / "s.csv")]) == 0
    assert list(_read(tmp_path / "s.csv").columns) == list(_read(data).columns)


@pytest.mark.parametrize("name", ["model.joblib", "model.PKL", "model.pickle"])
def test_save_model_writes_joblib_when_the_path_asks_for_it(data, tmp_path, name):
    argv = ["resample", str(data), "--target", "label", "-o", str(tmp_path / "o.csv")]
    path = tmp_path / name
    assert main([*argv, *FAST, "--save-model", str(path)]) == 0
    bundle = joblib.load(path)
    assert bundle["target"] == "label" and isinstance(bundle["sampler"], GANOversampler)


def test_a_damaged_skgan_file_is_one_line_error(data, tmp_path, capsys):
    model = tmp_path / "m.skgan"
    argv = ["resample", str(data), "--target", "label", "-o", str(tmp_path / "o.csv")]
    assert main([*argv, "--save-model", str(model), *FAST]) == 0
    capsys.readouterr()
    model.write_bytes(model.read_bytes()[:200])  # truncated
    assert main(["sample", str(model), "-n", "3", "-o", "-"]) == 1
    line = _error(capsys)
    assert line.startswith("skgan: error: ") and "m.skgan" in line


@pytest.mark.slow
def test_no_early_stopping_trains_every_step(data, tmp_path):
    import joblib

    argv = ["resample", str(data), "--target", "label", "-o", str(tmp_path / "o.csv")]
    argv += ["--categorical", "code", "--random-state", "0", "--max-steps", "120"]
    model = str(tmp_path / "m.joblib")
    for flags, stops_early in (([], True), (["--no-early-stopping"], False)):
        assert main([*argv, *flags, "--save-model", model]) == 0
        sampler = joblib.load(model)["sampler"]
        assert sampler.early_stopping == ("auto" if stops_early else False)
        assert ("best_step" in sampler.history_[-1]) == stops_early
        if not stops_early:
            assert sampler.n_steps_ == 120


def test_selection_flag_sets_the_selection(data, tmp_path):
    import joblib

    argv = ["resample", str(data), "--target", "label", "-o", str(tmp_path / "o.csv")]
    argv += ["--categorical", "code", "--random-state", "0", *FAST]
    model = str(tmp_path / "m.joblib")
    for flags, selection in (([], None), (["--selection", "border"], "border")):
        assert main([*argv, *flags, "--save-model", model]) == 0
        assert joblib.load(model)["sampler"].selection == selection
