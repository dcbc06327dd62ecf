"""The ``skgan`` command line: GAN oversampling for a CSV file, no Python needed.

``skgan`` and ``python -m skgan`` run it. Three commands (``skgan --help``,
``skgan COMMAND --help``):

- ``skgan resample data.csv --target label -o out.csv`` trains a
  :class:`~skgan.GANOversampler` on the table and writes the input's lines,
  unchanged, followed by the synthetic rows, in the input's column order;
  missing feature cells (empty, or an NA marker) are learned and written as
  the input writes them; ``--save-model`` keeps the trained sampler for
  later.
- ``skgan sample model.skgan -n 1000 -o more.csv`` draws new rows from a
  saved sampler (one written by ``--save-model``, or a fitted
  ``GANOversampler`` saved with its ``save`` method or ``joblib.dump``).
- ``skgan demo`` cross-validates a classifier on a built-in table with no
  resampling, SMOTE and GANOversampler (:mod:`skgan._demo`).

``--save-model PATH`` writes the ``.skgan`` format, which carries no code and
is safe to share, with the label column's name and position; a PATH ending in
``.joblib``, ``.pkl`` or ``.pickle`` asks for a joblib pickle instead. ``skgan
sample`` tells the formats apart by their content, not their names.

Problems with the user's files or data print one line, ``skgan: error: ...``,
on stderr and exit with status 1; command-line usage errors exit with 2.
CSV files are read and written with pandas (``pip install "skgan[cli]"``).

Only the standard library is imported up front: numpy, pandas, scikit-learn
and torch are imported when a command runs, so ``--version`` and ``--help``
answer at once.
"""

import collections
import contextlib
import os
import pickle
import re
import sys

from skgan._cli_parser import build_parser

# What --save-model writes as a joblib pickle: a dict, so that it stays
# loadable whatever the classes of skgan become, holding the sampler and what
# the CSV needs back. (A .skgan file keeps the same two values beside the
# sampler.)
_MODEL_FORMAT = "skgan-cli-model"
# Paths whose extension asks --save-model for a joblib pickle.
_PICKLE_EXTENSIONS = (".joblib", ".pkl", ".pickle")

# What unpickling a file that is not a pickle can raise (the pickle docs list
# AttributeError, EOFError, ImportError and IndexError besides
# UnpicklingError; joblib adds KeyError and ValueError for foreign bytes).
_UNPICKLING_ERRORS = (
    pickle.UnpicklingError,
    AttributeError,
    EOFError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)

_Model = collections.namedtuple(
    "_Model", ["sampler", "target", "position", "layout"], defaults=[None]
)
_Model.__doc__ = """A loaded model: the fitted sampler, the label column's name
and its position among the CSV's columns (both None when unknown), and how
the training CSV wrote its cells (a :class:`_Layout`, None when unknown)."""

_Layout = collections.namedtuple("_Layout", ["markers", "integer_columns"])
_Layout.__doc__ = """How a CSV wrote its cells, for writing synthetic rows
alike: ``markers`` maps each column with missing values to the text of its
first missing cell (``""``, ``"NA"``, ...); ``integer_columns`` lists the
columns written as integers that pandas read as floats because of gaps."""

# A share of numbers at or above which a text column of a CSV is a numeric
# column with bad cells, not a categorical one (skgan._kinds.table._checks uses the
# same share for numpy arrays of text).
_NUMERIC_SHARE = 0.9
# How many cells that are not numbers an error about such a column shows.
_BAD_CELLS_SHOWN = 3


class _CLIError(Exception):
    """A problem with the user's files or data: one line on stderr, exit 1."""


def main(argv=None, *, prog="skgan"):
    """Run the ``skgan`` command line (the ``skgan`` console script).

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after the program name; None reads ``sys.argv[1:]``.

    prog : str, default="skgan"
        The program's name in usage lines (``python -m skgan`` passes its
        own).

    Returns
    -------
    status : int
        0 on success, 1 for a problem with the files or the data (a missing
        file or column, an unreadable CSV, a rejected parameter value), 2 for
        a command-line usage error. The problem is printed on stderr as one
        line, ``skgan: error: ...``.

    Raises
    ------
    Exception
        Errors other than the ones above are bugs and are not caught.

    Examples
    --------
    >>> import os, tempfile
    >>> import numpy as np, pandas as pd
    >>> from skgan._cli import main
    >>> main(["--version"])  # doctest: +ELLIPSIS
    skgan ...
    0
    >>> folder = tempfile.TemporaryDirectory()
    >>> data = os.path.join(folder.name, "data.csv")
    >>> out = os.path.join(folder.name, "out.csv")
    >>> rng = np.random.RandomState(0)
    >>> table = pd.DataFrame({"x": rng.normal(size=40),
    ...                       "label": ["a"] * 30 + ["b"] * 10})
    >>> table.to_csv(data, index=False)
    >>> main(["resample", data, "--target", "label", "-o", out,
    ...       "--max-steps", "5", "--random-state", "0"])
    0
    >>> pd.read_csv(out)["label"].value_counts().to_dict()
    {'a': 30, 'b': 30}
    >>> folder.cleanup()
    """
    parser = build_parser(resample=_resample, sample=_sample, demo=_demo, prog=prog)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and usage errors
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    try:
        return args.run(args)
    except _CLIError as error:
        print(f"skgan: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("skgan: interrupted", file=sys.stderr)
        return 130


# -- the commands --------------------------------------------------------------


def _resample(args):
    """``skgan resample``: fit_resample on a CSV, write the result as a CSV."""
    pd = _import_pandas()
    from skgan import GANOversampler

    _check_writable(args.output)
    if args.save_model is not None:
        _check_writable(args.save_model)
    frame = _read_csv(pd, args.data)
    X, y, position = _split_target(frame, args.target, args.data)
    named = _named_categorical(X, args.categorical, args.target)
    _check_numeric_text(pd, X, named)
    cells = _read_cells(pd, args.data)
    layout = _layout(frame, cells)
    params = dict(
        sampling_strategy=args.sampling_strategy,
        augmentation_ratio=args.augmentation_ratio,
        categorical_features=_categorical_features(X, named),
        random_state=args.random_state,
        verbose=args.verbose,
    )
    if args.max_steps is not None:
        params["max_steps"] = args.max_steps
    if args.no_early_stopping:
        params["early_stopping"] = False
    if args.selection is not None:
        params["selection"] = args.selection
    sampler = GANOversampler(**params)
    with _progress_on_stderr(args.verbose):
        X_res, y_res = _call_sampler(sampler.fit_resample, X, y)
    X_res.insert(position, args.target, y_res)
    synthetic = _as_written(X_res.iloc[len(frame) :], layout)
    _write_after_input(args.data, synthetic, args.output)
    if args.save_model is not None:
        _save_model(
            args.save_model,
            sampler,
            target=args.target,
            position=position,
            layout=layout,
        )
    if args.verbose:
        n_real = len(frame)
        _tell(
            f"wrote {len(X_res)} rows ({n_real} real, {len(X_res) - n_real} "
            f"synthetic) to {_where(args.output)}"
        )
    return 0


def _sample(args):
    """``skgan sample``: draw rows from a saved sampler, write them as a CSV."""
    pd = _import_pandas()
    _check_writable(args.output)
    model = _load_model(args.model)
    target = args.target or model.target or "label"
    label = None if args.label is None else _match_class(args.label, model.sampler)
    X_syn, y_syn = _call_sampler(
        model.sampler.sample, args.n_samples, y=label, random_state=args.random_state
    )
    frame = _as_frame(pd, X_syn, model.sampler)
    if target in frame.columns:
        raise _CLIError(
            f"the model's features include a column named {target!r}, the name "
            "meant for the labels; name the label column with --target NAME."
        )
    position = len(frame.columns) if model.position is None else model.position
    labels = pd.Series(y_syn).set_axis(frame.index)
    frame.insert(min(position, len(frame.columns)), target, labels)
    _write_csv(_as_written(frame, model.layout), args.output)
    if args.verbose:
        _tell(f"wrote {len(frame)} rows to {_where(args.output)}")
    return 0


def _demo(args):
    """``skgan demo``: the cross-validation demo (:mod:`skgan._demo`)."""
    from skgan._demo import run

    return run(args)


# -- reading and checking the table ------------------------------------------


def _import_pandas():
    try:
        import pandas
    except ImportError as error:
        raise _CLIError(
            "the command line reads and writes CSV files with pandas, which is not "
            'installed; install it with: pip install "skgan[cli]"'
        ) from error
    return pandas


def _read_csv(pd, path):
    """The CSV as a DataFrame; unreadable, empty or ragged files are errors.

    Real rows must come back unchanged: pandas before 3.1 reads floats with a
    converter that can be one unit in the last place off, unless asked for
    round-trip precision (from 3.1 every converter is exact, and asking warns).
    """
    version = tuple(int(part) for part in re.findall(r"\d+", pd.__version__)[:2])
    exact = {} if version >= (3, 1) else {"float_precision": "round_trip"}
    try:
        frame = pd.read_csv(path, **exact)
    except FileNotFoundError as error:
        raise _CLIError(f"{path}: no such file.") from error
    except OSError as error:
        raise _CLIError(f"cannot read {path}: {error.strerror or error}.") from error
    except pd.errors.EmptyDataError as error:
        raise _CLIError(
            f"{path} is empty: expected a CSV file with a header row of column "
            "names, then data rows."
        ) from error
    except pd.errors.ParserError as error:
        detail = _one_line(error).removeprefix("Error tokenizing data. C error: ")
        raise _CLIError(
            f"{path} is not a well-formed CSV file ({detail}); every row needs "
            "one field per column name in the header."
        ) from error
    except UnicodeDecodeError as error:
        raise _CLIError(
            f"{path} is not a UTF-8 text CSV file ({error.reason} at byte "
            f"{error.start}); save it as CSV (UTF-8) and try again."
        ) from error
    if not frame.index.equals(pd.RangeIndex(len(frame))):  # a column became the index
        raise _CLIError(
            f"{path} is not a well-formed CSV file: its data rows have more fields "
            f"than its header has column names ({len(frame.columns)}); every row "
            "needs one field per column name."
        )
    if len(frame) == 0:
        raise _CLIError(f"{path} has a header but no data rows.")
    return frame


def _read_cells(pd, path):
    """The text of every cell of the CSV, as the file writes it (missing
    markers and number formats included); NaN for the fields a short row
    lacks. Read after :func:`_read_csv` has accepted the file."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)


def _split_target(frame, target, path):
    """``(X, y, position)``: the features, the labels and the label column's
    position among the columns; every row has a label, of two classes at
    least. Feature cells may be missing: the sampler learns them."""
    columns = list(frame.columns)
    if target not in columns:
        raise _CLIError(
            f"{path} has no column {target!r}; its columns are {_names(columns)}. "
            "Name the label column with --target."
        )
    _check_labels_present(frame[target], path)
    y = frame[target]
    if y.nunique() < 2:
        raise _CLIError(
            f"the target column {target!r} has a single class "
            f"({_names(y.unique().tolist())}); "
            "resampling needs at least two classes."
        )
    return frame.drop(columns=target), y, columns.index(target)


def _check_labels_present(y, path):
    """A row without a label (an empty cell, an NA marker, a short row) is an
    error naming it: the sampler learns missing features, not missing
    classes."""
    missing = (y.isna().to_numpy()).nonzero()[0]
    if not len(missing):
        return
    others = ""
    if len(missing) > 1:
        rows = ", ".join(str(i + 1) for i in missing[1:6])
        rows += ", ..." if len(missing) > 6 else ""
        plural = "row has" if len(missing) == 2 else "rows have"
        others = (
            f" ({len(missing) - 1} more {plural} none: data "
            f"row{'s' if len(missing) > 2 else ''} {rows})"
        )
    raise _CLIError(
        f"{path}: data row {missing[0] + 1} has no label{others}: its "
        f"{y.name!r} cell is empty, a missing-value marker such as NA, or absent "
        "(a row with too few fields). Every row needs a class: fill in the "
        "label, or drop the row."
    )


def _named_categorical(X, categorical, target):
    """The feature columns ``--categorical`` names (checked), or []."""
    if categorical is None:
        return []
    names = [name.strip() for name in categorical.split(",") if name.strip()]
    if not names:
        raise _CLIError("--categorical names no column; give COL1,COL2,...")
    columns = list(X.columns)
    for name in names:
        if name == target:
            raise _CLIError(
                f"--categorical names {name!r}, the target column; it lists "
                "feature columns only (the target is always categorical)."
            )
        if name not in columns:
            raise _CLIError(
                f"--categorical names {name!r}, which is not a column; the feature "
                f"columns are {_names(columns)}."
            )
    return names


def _categorical_features(X, named):
    """``"auto"``, or the auto-detected categorical columns plus ``named``."""
    if not named:
        return "auto"
    from skgan._validation import auto_categorical_mask

    auto = auto_categorical_mask(X)
    return [c for c, is_auto in zip(X.columns, auto) if is_auto or c in named]


def _check_numeric_text(pd, X, named):
    """A text column not ``named`` categorical whose non-missing cells are
    numbers at least ``_NUMERIC_SHARE`` of the time, but not always, is a
    numeric column with bad cells: an error naming it and those cells.
    (Taken as categorical, every synthetic value of it would be copied from
    a real row.)"""
    for name in X.columns:
        column = X[name]
        types = pd.api.types
        text = types.is_object_dtype(column.dtype) or types.is_string_dtype(
            column.dtype
        )
        if name in named or not text:
            continue
        present = column.dropna()
        numbers = pd.to_numeric(present, errors="coerce")
        bad = numbers.isna().to_numpy()
        share = 1.0 - bad.mean() if len(present) else 0.0
        if not (_NUMERIC_SHARE <= share < 1.0):
            continue
        rows = present.index[bad]
        shown = ", ".join(
            f"{present[i]!r} (data row {i + 1})" for i in rows[:_BAD_CELLS_SHOWN]
        )
        more = len(rows) - _BAD_CELLS_SHOWN
        shown += f" and {more} more" if more > 0 else ""
        raise _CLIError(
            f"column {name!r} holds numbers, but {len(rows)} of its "
            f"{len(present)} cells are not numbers: {shown}. If these are "
            "missing values, empty them (or write NA); otherwise correct them. "
            f"To treat the column as categorical instead, name it with "
            f"--categorical {name}."
        )


def _layout(frame, cells):
    """How the CSV wrote its cells (:class:`_Layout`), from the parsed
    ``frame`` and the text of its ``cells``."""
    markers, integers = {}, []
    for name in frame.columns:
        missing = frame[name].isna().to_numpy()
        if not missing.any():
            continue
        first = cells[name].iloc[int(missing.argmax())]
        markers[str(name)] = first if isinstance(first, str) else ""
        if frame[name].dtype.kind == "f":
            written = cells[name][~missing].astype(str)
            if written.str.fullmatch(r"\s*[+-]?\d+\s*").all():
                integers.append(str(name))
    return _Layout(markers, integers)


# -- models ------------------------------------------------------------------


def _save_model(path, sampler, *, target, position, layout):
    """Write the fitted ``sampler`` with the label column's name and position
    and the CSV's :class:`_Layout`: the ``.skgan`` format, or a joblib pickle
    for a path ending in ``_PICKLE_EXTENSIONS``."""
    import joblib

    from skgan._persistence import save

    written = {
        "missing_markers": dict(layout.markers),
        "integer_columns": list(layout.integer_columns),
    }
    try:
        if not os.fspath(path).lower().endswith(_PICKLE_EXTENSIONS):
            extra = {"target": target, "position": position, **written}
            save(sampler, path, extra=extra)
            return
        bundle = {
            "format": _MODEL_FORMAT,
            "version": 1,
            "sampler": sampler,
            "target": target,
            "position": position,
            **written,
        }
        joblib.dump(bundle, path)
    except OSError as error:
        raise _CLIError(f"cannot write {path}: {error.strerror or error}.") from error


def _load_model(path):
    """A fitted table sampler from ``path``, as a :class:`_Model`."""
    import joblib

    from skgan import GANOversampler
    from skgan._persistence import load

    hint = (
        "pass a file written by `skgan resample --save-model`, or a fitted "
        "GANOversampler saved with its save() method or joblib.dump"
    )
    if not os.path.isfile(path):
        raise _CLIError(f"{path}: no such file.")
    if _is_zip_archive(path):  # the .skgan format
        try:
            sampler, extra = load(GANOversampler, path)
        except ValueError as error:  # not a skgan archive, truncated, edited
            raise _CLIError(_one_line(error)) from error
        target = extra.get("target", sampler.model_.label_name)
        target = None if target is None else str(target)
        model = _Model(sampler, target, extra.get("position"), _saved_layout(extra))
        _check_table_sampler(model.sampler, path)
        return model
    try:
        loaded = joblib.load(path)
    except OSError as error:
        raise _CLIError(f"cannot read {path}: {error.strerror or error}.") from error
    except _UNPICKLING_ERRORS as error:
        raise _CLIError(
            f"{path} is not a skgan model (it cannot be unpickled: "
            f"{type(error).__name__}: {_one_line(error)[:100]}); {hint}."
        ) from error
    model = _Model(loaded, None, None)
    if isinstance(loaded, dict) and loaded.get("format") == _MODEL_FORMAT:
        model = _Model(
            loaded["sampler"],
            loaded["target"],
            loaded["position"],
            _saved_layout(loaded),
        )
    if not isinstance(model.sampler, GANOversampler):
        found = type(model.sampler).__name__
        raise _CLIError(f"{path} holds a {found}, not a skgan model; {hint}.")
    _check_table_sampler(model.sampler, path)
    return model


def _saved_layout(saved):
    """The :class:`_Layout` saved with a model (models saved before it was
    kept have none: None)."""
    if "missing_markers" not in saved:
        return None
    return _Layout(dict(saved["missing_markers"]), list(saved["integer_columns"]))


def _is_zip_archive(path):
    try:
        with open(path, "rb") as file:
            return file.read(4) == b"PK\x03\x04"
    except OSError as error:
        raise _CLIError(f"cannot read {path}: {error.strerror or error}.") from error


def _check_table_sampler(sampler, path):
    """A fitted sampler of tables (the command line writes CSV tables)."""
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(sampler, "model_")
    except NotFittedError as error:
        raise _CLIError(
            f"{path} holds a GANOversampler that was never fitted; fit it before "
            "saving it."
        ) from error
    kind = sampler.model_.kind
    if not kind.tabular:
        raise _CLIError(
            f"{path} holds a GANOversampler trained on {kind.name} data; the "
            "command line writes tables. Sample it from Python with "
            "sampler.sample(n)."
        )


def _match_class(text, sampler):
    """The class of ``sampler.classes_`` that ``text`` (from the command line)
    names: by its text, or by value for numeric classes (``1`` finds 1.0)."""
    classes = sampler.classes_
    for label in classes:
        if str(label) == text:
            return label
    if classes.dtype.kind in "iuf":
        try:
            value = float(text)
        except ValueError:
            value = None
        for label in classes:
            if value is not None and label == value:
                return label
    raise _CLIError(
        f"--class {text!r} is not one of the model's classes: "
        f"{_names(classes.tolist())}."
    )


def _as_frame(pd, X_syn, sampler):
    """Synthetic rows as a DataFrame; numpy-trained samplers get the fitted
    feature names, or ``x0, x1, ...`` as scikit-learn names them."""
    if isinstance(X_syn, pd.DataFrame):
        return X_syn
    names = getattr(sampler, "feature_names_in_", None)
    if names is None:
        names = [f"x{j}" for j in range(sampler.n_features_in_)]
    return pd.DataFrame(X_syn, columns=list(names))


# -- helpers -----------------------------------------------------------------


def _call_sampler(method, *args, **kwargs):
    """Call a sampler method; its ValueError/TypeError (bad data or values)
    and FloatingPointError (training diverged) become a one-line error."""
    try:
        return method(*args, **kwargs)
    except (ValueError, TypeError, FloatingPointError) as error:
        raise _CLIError(_one_line(error)) from error


def _progress_on_stderr(verbose):
    """Training progress goes to stderr: stdout may be the output CSV."""
    if verbose:
        return contextlib.redirect_stdout(sys.stderr)
    return contextlib.nullcontext()


def _check_writable(path):
    """Fail before training, not after it, when ``path`` cannot be written."""
    if path == "-":
        return
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise _CLIError(f"cannot write {path}: it is a folder; give a file name.")
    if not os.path.isdir(folder):
        raise _CLIError(f"cannot write {path}: the folder {folder} does not exist.")


def _as_written(frame, layout):
    """Synthetic rows ready for ``to_csv`` as the training CSV wrote its
    cells: integer columns with gaps as integers (3, not 3.0), and missing
    cells as the column's marker (``""``, ``NA``, ...)."""
    if layout is None:
        return frame
    frame = frame.copy()
    for name in frame.columns:
        if str(name) in layout.integer_columns:
            frame[name] = frame[name].astype("Int64")
        marker = layout.markers.get(str(name), "")
        if marker and frame[name].isna().any():
            column = frame[name].astype(object)
            frame[name] = column.where(column.notna(), marker)
    return frame


def _write_after_input(data, synthetic, path):
    """Write the input CSV ``data`` as it is, byte for byte, followed by the
    ``synthetic`` rows (no header), with the input's line ends."""
    try:
        with open(data, encoding="utf-8", newline="") as file:
            text = file.read()
    except OSError as error:
        raise _CLIError(f"cannot read {data}: {error.strerror or error}.") from error
    end = "\r\n" if text.partition("\n")[0].endswith("\r") else "\n"
    if text and not text.endswith(("\n", "\r")):
        text += end
    text += synthetic.to_csv(index=False, header=False, lineterminator=end)
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.write(text)
    except OSError as error:
        raise _CLIError(f"cannot write {path}: {error.strerror or error}.") from error


def _write_csv(frame, path):
    if path == "-":
        frame.to_csv(sys.stdout, index=False)
        return
    try:
        frame.to_csv(path, index=False)
    except OSError as error:
        raise _CLIError(f"cannot write {path}: {error.strerror or error}.") from error


def _tell(message):
    print(f"skgan: {message}", file=sys.stderr)


def _where(path):
    return "stdout" if path == "-" else path


def _one_line(error):
    return " ".join(str(error).split())


def _names(values, limit=20):
    """``'a', 'b', 'c'`` (the first ``limit``, then how many more)."""
    shown = ", ".join(repr(v) for v in list(values)[:limit])
    more = len(values) - limit
    return shown + (f" and {more} more" if more > 0 else "")


if __name__ == "__main__":
    sys.exit(main())
