"""The way back: sum a gradient onto the shape that was broadcast.

If ``y = f(broadcast_to(x, s))``, then ``dL/dx = unbroadcast(dL/dy, x.shape)``:
every axis along which ``x`` was stretched is summed, because each stretched
copy of an element contributed to the loss.  It is the adjoint of
broadcasting: ``<broadcast_to(x, s), g> == <x, unbroadcast(g, x.shape)>``.
In the course notes it is ``db = (1/m) Σ dz``: ``b`` was a scalar broadcast
over the ``m`` examples, so its gradient sums over them.
"""

from __future__ import annotations

from bcast.core.rule import as_shape, stretched_axes
from bcast.errors import InvalidShapeError

TYPE_CHECKING = False  # see bcast.core.rule: typing stays out of start-up
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from bcast.core.rule import ShapeLike

    A = TypeVar("A")

__all__ = ["unbroadcast"]


def unbroadcast(grad: A, shape: ShapeLike) -> A:
    """Sum ``grad`` over the axes broadcasting stretched, returning ``shape``.

    The backward pass of broadcasting.  Works on any array with ``.shape``,
    ``.sum(axis=..., keepdims=...)`` and ``.reshape`` (NumPy, PyTorch via
    ``dim``-less ``sum``, JAX, CuPy, Dask); bcast itself never imports NumPy.
    When nothing was stretched, ``grad`` itself is returned, not a copy.

    Parameters
    ----------
    grad : array
        The gradient with respect to the broadcast result.
    shape : shape-like
        The shape of the operand before it was broadcast.  Known sizes only.

    Returns
    -------
    array
        An array of exactly ``shape``.

    Raises
    ------
    BroadcastToError
        If ``shape`` does not broadcast to ``grad.shape``.

    Examples
    --------
    >>> import numpy as np
    >>> dz = np.array([[0.5, -0.25, 1.0]])   # (1, m): one example per column
    >>> unbroadcast(dz, ())                   # b was a scalar: db = Σ dz
    array(1.25)
    >>> unbroadcast(np.ones((2, 3, 4)), (3, 1)).shape
    (3, 1)
    """
    target = as_shape(shape)
    for d in target:
        if type(d) is not int:
            raise InvalidShapeError(target, "unbroadcast needs known sizes")
    have = tuple(getattr(grad, "shape", ()))  # a Python number has shape ()
    if have == target:
        return grad
    axes = stretched_axes(target, have)
    g: Any = grad
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(target)  # type: ignore[no-any-return]
