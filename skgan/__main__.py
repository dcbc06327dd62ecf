"""``python -m skgan``: the ``skgan`` command line (:mod:`skgan._cli`).

``python -m skgan demo`` runs the demo, ``python -m skgan --help`` lists the
commands.
"""

import sys

from skgan._cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m skgan"))
