"""Tables: the kind's declaration (:class:`TableKind`), the checks of its
columns, its encoder (:class:`TabularEncoder`) and the selection of
synthetic rows near class borders. Its networks are
:class:`skgan.nn.ResidualMLPGenerator` and
:class:`skgan.nn.ResidualMLPDiscriminator`."""

from skgan._kinds.table._encoder import TabularEncoder
from skgan._kinds.table._kind import TableKind
from skgan._kinds.table._selection import (
    N_CANDIDATES,
    generate_border_rows,
    select_border,
)

__all__ = [
    "N_CANDIDATES",
    "TableKind",
    "TabularEncoder",
    "generate_border_rows",
    "select_border",
]
