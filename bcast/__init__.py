"""bcast: check and explain NumPy broadcasting.

The shape algebra (:func:`broadcast`, :func:`broadcast_shapes`,
:func:`broadcast_signature`, :func:`unbroadcast`) is pure Python: ``import
bcast`` loads neither NumPy nor rich.

>>> import bcast
>>> bcast.broadcast_shapes((3, 1), (1, 4))
(3, 4)
>>> bcast.broadcast((5,), (5, 1)).shape
(5, 5)
"""

from __future__ import annotations

from bcast.core.rule import (
    AxisStep,
    Broadcast,
    Condition,
    as_shape,
    broadcast,
    broadcast_shapes,
    can_broadcast_to,
    stretched_axes,
)
from bcast.core.shapes import format_shape
from bcast.core.syntax import SpecDim, parse_shape, parse_spec
from bcast.errors import (
    BcastError,
    BroadcastError,
    BroadcastToError,
    BroadcastWarning,
    ContractionAxisError,
    ContractionError,
    CoreDimensionError,
    DotGeneralError,
    InvalidShapeError,
    ShapeError,
    ShapeSyntaxError,
    SignatureError,
    SilentBroadcastError,
    SizeTypeError,
)

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up

__all__ = [
    "AxisStep",
    "BcastError",
    "Broadcast",
    "BroadcastError",
    "BroadcastToError",
    "BroadcastWarning",
    "Condition",
    "ContractionAxisError",
    "ContractionError",
    "CoreCondition",
    "CoreDim",
    "CoreDimensionError",
    "DimScope",
    "DotGeneralError",
    "Explanation",
    "GufuncBroadcast",
    "InvalidShapeError",
    "Shape",
    "ShapeError",
    "ShapeSyntaxError",
    "Signature",
    "SignatureError",
    "SilentBroadcastError",
    "SizeTypeError",
    "SpecDim",
    "__version__",
    "as_shape",
    "broadcast",
    "broadcast_shapes",
    "broadcast_signature",
    "can_broadcast_to",
    "dims",
    "expect",
    "explain",
    "explain_errors",
    "format_shape",
    "install_import_hook",
    "load_ipython_extension",
    "output_shapes",
    "parse_shape",
    "parse_signature",
    "parse_spec",
    "shaped",
    "stretched_axes",
    "strict",
    "unbroadcast",
    "unload_ipython_extension",
    "unwatch",
    "watch",
    "why",
]

# Public names whose modules load only when first used: they import rich,
# NumPy or other heavy things, or simply are not needed by `bcast check`.
_LAZY: dict[str, str] = {
    "CoreCondition": "bcast.core.gufunc",
    "CoreDim": "bcast.core.gufunc",
    "GufuncBroadcast": "bcast.core.gufunc",
    "Signature": "bcast.core.gufunc",
    "broadcast_signature": "bcast.core.gufunc",
    "output_shapes": "bcast.core.gufunc",
    "parse_signature": "bcast.core.gufunc",
    "unbroadcast": "bcast.core.adjoint",
    "DimScope": "bcast.guard.shaped",
    "Explanation": "bcast.explainer.api",
    "Shape": "bcast.guard.shaped",
    "dims": "bcast.guard.shaped",
    "expect": "bcast.guard.shaped",
    "explain": "bcast.explainer.api",
    "explain_errors": "bcast.runtime.notebook",
    "install_import_hook": "bcast.runtime.hook",
    "load_ipython_extension": "bcast.runtime.notebook",
    "shaped": "bcast.guard.shaped",
    "strict": "bcast.runtime.watch",
    "unload_ipython_extension": "bcast.runtime.notebook",
    "unwatch": "bcast.runtime.watch",
    "watch": "bcast.runtime.watch",
    "why": "bcast.explainer.api",
}

if TYPE_CHECKING:
    from bcast.core.adjoint import unbroadcast
    from bcast.core.gufunc import (
        CoreCondition,
        CoreDim,
        GufuncBroadcast,
        Signature,
        broadcast_signature,
        output_shapes,
        parse_signature,
    )
    from bcast.explainer.api import Explanation, explain, why
    from bcast.guard.shaped import DimScope, Shape, dims, expect, shaped
    from bcast.runtime.hook import install_import_hook
    from bcast.runtime.notebook import (
        explain_errors,
        load_ipython_extension,
        unload_ipython_extension,
    )
    from bcast.runtime.watch import strict, unwatch, watch

    __version__: str


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        value: object = version("bcast")
    elif name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'bcast' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
