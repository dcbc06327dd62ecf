"""Paired comparison of two benchmark runs written to CSV.

Two runs of one benchmark on the same draws and seeds (before and after a
change) give one difference per draw; the mean difference and its standard
error say whether the change moved the measure beyond the draw-to-draw noise.
A CSV file here has one value per row, in its last column; the other columns
name it (e.g. ``dataset,k,classifier,method,repeat``).
"""

import csv
import math
from collections import defaultdict


def read_values(path):
    """``{(column, value) pairs...: float}`` of one CSV file, and its columns."""
    with open(path, newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        values = {}
        for row in reader:
            values[tuple(zip(header[:-1], row[:-1]))] = float(row[-1])
    return values, header[:-1]


def read_rows(paths, types):
    """The rows of CSV files as tuples, each column converted by its
    ``types[name]`` (``str`` for the ones not named), in the files' order."""
    rows = []
    for path in paths:
        with open(path, newline="") as file:
            for record in csv.DictReader(file):
                rows.append(
                    tuple(types.get(name, str)(v) for name, v in record.items())
                )
    return rows


def _summary(diffs):
    n = len(diffs)
    mean = sum(diffs) / n
    if n < 2:
        return mean, math.nan, n
    variance = sum((d - mean) ** 2 for d in diffs) / (n - 1)
    return mean, math.sqrt(variance / n), n


def paired_table(before, after, pair, blocks):
    """A Markdown table of after - before: per block (every column but
    ``pair``), then over the blocks (every column but ``pair`` and
    ``blocks``), the mean difference, its standard error and the number of
    pairs."""
    first, columns = read_values(before)
    second, _ = read_values(after)
    per_block, overall = defaultdict(list), defaultdict(list)
    for key in sorted(first.keys() & second.keys()):
        diff = second[key] - first[key]
        named = dict(key)
        block = tuple((c, named[c]) for c in columns if c != pair)
        per_block[block].append(diff)
        rest = tuple((c, named[c]) for c in columns if c != pair and c not in blocks)
        overall[rest].append(diff)
    if not per_block:
        return "no measure is in both files"
    lines = [
        f"after ({after}) - before ({before}), paired by {pair}",
        "",
        "| " + " | ".join(c for c in columns if c != pair) + " | mean diff | SE | n |",
        "|" + "---|" * (len([c for c in columns if c != pair]) + 3),
    ]
    for block, diffs in per_block.items():
        mean, se, n = _summary(diffs)
        cells = " | ".join(v for _, v in block)
        lines.append(f"| {cells} | {mean:+.4f} | {se:.4f} | {n} |")
    for rest, diffs in overall.items():
        mean, se, n = _summary(diffs)
        named = dict(rest)
        cells = " | ".join(named.get(c, "all") for c in columns if c != pair)
        lines.append(f"| {cells} | **{mean:+.4f}** | {se:.4f} | {n} |")
    return "\n".join(lines)
