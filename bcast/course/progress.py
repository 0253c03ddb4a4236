"""Training progress for :func:`bcast.logreg.fit`: a rich bar and a text cost curve.

Not part of explanations, so not in :mod:`bcast.explainer.render`: the bar
belongs to the course's training loop.  rich is imported when a bar is made.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

__all__ = ["CostProgress", "cost_curve"]


class CostProgress:
    """A rich progress bar that shows the cost, for a ``with`` block.

    The bar shows the steps done out of ``total``, the latest cost and the
    time taken; it is drawn on stderr (or on ``console``), so a script's
    standard output stays clean.

    Parameters
    ----------
    total : int
        The number of steps expected.
    description : str, optional
        The label in front of the bar.
    console : rich.console.Console, optional
        Where to draw; a console on stderr by default.

    Examples
    --------
    >>> import io
    >>> from rich.console import Console
    >>> console = Console(record=True, width=80, color_system=None, file=io.StringIO())
    >>> with CostProgress(3, description="gd", console=console) as bar:
    ...     for J in (0.69, 0.5, 0.4):
    ...         bar.advance(J)
    >>> text = console.export_text()
    >>> "gd" in text and "3/3" in text and "cost 0.400000" in text
    True
    """

    def __init__(
        self,
        total: int,
        *,
        description: str = "training",
        console: Console | None = None,
    ) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("cost {task.fields[cost]}"),
            TimeElapsedColumn(),
            console=console if console is not None else Console(stderr=True),
        )
        self._task = self._progress.add_task(description, total=total, cost="-")
        self._done = 0

    def __enter__(self) -> CostProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def advance(self, cost: float) -> None:
        """One step done; ``cost`` is its cost."""
        self._done += 1
        self._progress.update(self._task, advance=1, cost=f"{cost:.6f}")

    def finish(self) -> None:
        """Training stopped: the steps done are the total (Newton stops early)."""
        self._progress.update(self._task, total=self._done, completed=self._done)


def cost_curve(
    costs: Sequence[float],
    *,
    width: int = 60,
    height: int = 12,
    log_x: bool = False,
    label: str = "cost",
) -> str:
    """The cost history as a text picture, one column of ``█`` per sampled step.

    The ``width`` columns sample the iterations evenly from the first to the
    last — on a log scale with ``log_x``, which shows the fast early fall of
    gradient descent — each as high as its cost between the smallest and the
    largest cost.  The labels give both costs and the first and last
    iteration.

    Parameters
    ----------
    costs : sequence of float
        One cost per iteration.
    width, height : int, optional
        The plot's size in characters (the labels add some).
    log_x : bool, optional
        Sample the iterations on a log scale.
    label : str, optional
        What is plotted.

    Returns
    -------
    str
        Lines joined by newlines.

    Examples
    --------
    >>> print(cost_curve([4.0, 2.0, 1.0, 0.5], width=4, height=4))
    cost 4 ┤█
           │█
           │██
    0.5    ┤████
           └────
            1  4
    """
    if not costs:
        return f"{label}: no iterations"
    if width < 2 or height < 2:
        raise ValueError(f"cost_curve(width={width}, height={height}): at least 2 by 2")
    n = len(costs)
    width = min(width, n)
    if width == 1:
        steps = [0]
    elif log_x:
        steps = [round(n ** (k / (width - 1))) - 1 for k in range(width)]
    else:
        steps = [round(k * (n - 1) / (width - 1)) for k in range(width)]
    top, bottom = max(costs), min(costs)
    span = top - bottom
    levels = [
        height if span == 0 else 1 + round((costs[i] - bottom) / span * (height - 1))
        for i in steps
    ]
    high, low = f"{label} {top:.4g}", f"{bottom:.4g}"
    pad = max(len(high), len(low))
    lines = []
    for row in range(height, 0, -1):
        name = high if row == height else low if row == 1 else ""
        bars = "".join("█" if level >= row else " " for level in levels).rstrip()
        lines.append(f"{name:<{pad}} {'┤' if name else '│'}{bars}")
    lines.append(" " * pad + " └" + "─" * width)
    first, last = "1", str(n)
    scale = " (log scale)" if log_x else ""
    lines.append(" " * pad + "  " + first + last.rjust(width - len(first)) + scale)
    return "\n".join(lines)
