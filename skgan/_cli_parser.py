"""The ``skgan`` command line's arguments: the parser, the value types, the help.

:func:`build_parser` builds the parser of ``skgan resample``, ``skgan
sample`` and ``skgan demo`` (see :mod:`skgan._cli`); every value is checked
as it is parsed, so that a wrong option is a usage error (exit status 2)
before any file is read. This module imports the standard library only:
``skgan --version`` and ``--help`` answer without loading numpy, pandas,
scikit-learn or torch.
"""

import argparse
import math

# max_steps="auto" for tables (the only data the command line reads), for the
# help text (tests/test_cli.py checks that they agree; reading it from the
# table kind would import torch).
DEFAULT_MAX_STEPS = 600

_SAMPLING_STRATEGIES = ("auto", "minority", "not minority", "not majority", "all")

_RESAMPLE_EXAMPLE = """\
example:
  skgan resample data.csv --target label --augmentation-ratio 0.5 -o out.csv

The output holds the lines of data.csv, unchanged, then the synthetic rows,
with the same columns in the same order. String and true/false columns are
categorical; name numeric-coded categories with --categorical.

missing values:
  Empty cells, the fields a short row lacks, and the markers NA, N/A, n/a,
  NaN, nan, NULL, null, None, <NA> and #N/A are missing values, in every
  column. Missing feature values are learned: synthetic rows have them where
  and about as often as their class has them, written as the file writes
  them (an empty cell, or the column's marker). Every row needs a label.
  A column of numbers in which a few cells (under 10 %) are not numbers is
  an error that names them: correct or empty them, or name the column with
  --categorical to treat it as categorical."""

_SAMPLE_EXAMPLE = """\
example:
  skgan resample data.csv --target label --save-model model.skgan -o out.csv
  skgan sample model.skgan -n 1000 --class fraud -o more.csv

MODEL is a file written by `skgan resample --save-model`, or a fitted
GANOversampler saved with its save() method or with joblib.dump. A file
written by save() (--save-model's default format) holds no code and is safe
to load from anyone; joblib files are pickles: load only files you trust."""


def _checked(convert, accept, expected):
    """An argparse type: ``convert`` the text, then ``accept`` the value, or a
    usage error that says what was ``expected``."""

    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            value = None
        if value is None or not accept(value):
            raise argparse.ArgumentTypeError(f"must be {expected}; got {text!r}")
        return value

    return parse


_positive_int = _checked(int, lambda n: n >= 1, "a positive integer")
_folds = _checked(int, lambda n: n >= 2, "an integer of at least 2")
_non_negative_float = _checked(float, lambda x: 0 <= x < math.inf, "a number >= 0")
_random_state = _checked(
    int, lambda n: 0 <= n < 2**32, "an integer from 0 to 4294967295"
)
_ratio = _checked(
    float,
    lambda x: 0 < x <= 1,
    f"one of {', '.join(_SAMPLING_STRATEGIES)}, or a number in (0, 1] "
    "(minority/majority ratio, two classes only)",
)


def _sampling_strategy(text):
    return text if text in _SAMPLING_STRATEGIES else _ratio(text)


def build_parser(*, resample, sample, demo, prog="skgan"):
    """The ``skgan`` argument parser; ``resample``, ``sample`` and ``demo``
    are the functions that run the commands (``args.run``); ``prog`` is the
    program's name in usage lines (``python -m skgan`` when run so)."""
    from skgan import __version__

    parser = argparse.ArgumentParser(
        prog=prog,
        description="Oversample a CSV table with a class-conditional GAN.",
        epilog="Run `skgan COMMAND --help` for a command's options and an example.",
    )
    parser.add_argument("--version", action="version", version=f"skgan {__version__}")
    commands = parser.add_subparsers(
        title="commands", dest="command", required=True, metavar="COMMAND"
    )
    _add_resample(commands, resample)
    _add_sample(commands, sample)
    _add_demo(commands, demo)
    return parser


def _add_resample(commands, run):
    command = commands.add_parser(
        "resample",
        help="train on a CSV table; write it with synthetic rows added",
        description="Train a GANOversampler on a CSV table and write the table "
        "followed by synthetic rows.",
        epilog=_RESAMPLE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = command.add_argument
    add("data", help="CSV file with a header row")
    add("--target", required=True, metavar="NAME", help="the label column")
    add(
        "--augmentation-ratio",
        type=_non_negative_float,
        default=0.0,
        metavar="X",
        help="extra rows for every class, as a fraction of its count after "
        "balancing (default: 0, balance only)",
    )
    add(
        "--sampling-strategy",
        type=_sampling_strategy,
        default="auto",
        metavar="STRATEGY",
        help="which classes to balance: auto, minority, "
        "'not minority', 'not majority', all, or a minority/majority ratio for "
        "two classes (default: auto)",
    )
    add(
        "--categorical",
        metavar="COL1,COL2",
        help="numeric columns to treat as "
        "categorical (string and true/false columns already are)",
    )
    add(
        "--max-steps",
        type=_positive_int,
        metavar="N",
        help="the most generator updates training makes (default: "
        f"{DEFAULT_MAX_STEPS}); tables stop sooner once more steps "
        "stop bringing the samples closer to the data",
    )
    add(
        "--no-early-stopping",
        action="store_true",
        help="train all --max-steps steps (early_stopping=False)",
    )
    add(
        "--selection",
        choices=["border"],
        help="return the synthetic rows chosen near the class borders among "
        "three times as many drawn (default: the rows as drawn)",
    )
    add(
        "--save-model",
        metavar="PATH",
        help="also save the trained sampler (for `skgan sample`), in the "
        "safe .skgan format that carries no code; a PATH ending in .joblib, .pkl "
        "or .pickle gets a joblib pickle instead",
    )
    _add_common(command, verbose="print training progress on stderr")
    command.set_defaults(run=run)


def _add_sample(commands, run):
    command = commands.add_parser(
        "sample",
        help="draw new rows from a saved model",
        description="Draw synthetic rows from a trained GANOversampler.",
        epilog=_SAMPLE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = command.add_argument
    add("model", help="model file (see below)")
    add(
        "-n",
        "--n-samples",
        type=_positive_int,
        required=True,
        metavar="N",
        help="number of rows",
    )
    add(
        "--class",
        dest="label",
        metavar="LABEL",
        help="draw every row of this "
        "class (default: classes at random, by their training frequency)",
    )
    add(
        "--target",
        metavar="NAME",
        help="name of the label column (default: the "
        "name used in training, or 'label')",
    )
    _add_common(command, verbose="say what was written, on stderr")
    command.set_defaults(run=run)


def _add_demo(commands, run):
    command = commands.add_parser(
        "demo",
        help="cross-validate no resampling, SMOTE and GANOversampler on a "
        "built-in table",
        description="A demo on data that ships with scikit-learn: the "
        "breast-cancer table, made imbalanced, classified by a logistic "
        "regression trained without resampling, after SMOTE and after "
        "GANOversampler; prints held-out balanced accuracy and G-mean.",
    )
    add = command.add_argument
    add("--folds", type=_folds, default=3, help="cross-validation folds (default: 3)")
    add(
        "--ratio",
        type=_positive_int,
        default=10,
        help="benign rows per malignant row (default: 10)",
    )
    picture = command.add_mutually_exclusive_group()
    picture.add_argument(
        "--plot",
        metavar="PATH",
        default="skgan_demo.png",
        help="where to write the picture of the GAN (needs matplotlib; "
        "default: skgan_demo.png)",
    )
    picture.add_argument(
        "--no-plot", action="store_true", help="do not write the picture"
    )
    command.set_defaults(run=run)


def _add_common(command, verbose):
    """The options both commands take: the output, the seed, verbosity."""
    add = command.add_argument
    add(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="output CSV file; - writes to stdout",
    )
    add(
        "--random-state",
        type=_random_state,
        metavar="SEED",
        help="seed: the same seed gives the same rows",
    )
    add("-v", "--verbose", action="count", default=0, help=verbose)
