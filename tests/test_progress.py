"""The training bar and the text cost curve of bcast.logreg.fit (in bcast.course.progress)."""

from __future__ import annotations

import io
import math
from itertools import pairwise

import pytest
from rich.console import Console

from bcast.course.progress import CostProgress, cost_curve


def heights(picture: str) -> list[int]:
    """How many rows each column of the plot fills."""
    rows = [
        line.split("┤" if "┤" in line else "│", 1)[1]
        for line in picture.splitlines()[:-2]
    ]
    width = max(map(len, rows))
    return [sum(1 for r in rows if len(r) > k and r[k] == "█") for k in range(width)]


def test_cost_curve_falls_with_the_costs():
    costs = [1 / (i + 1) for i in range(100)]
    picture = cost_curve(costs, width=20, height=8)
    lines = picture.splitlines()
    assert len(lines) == 8 + 2  # the plot, the axis, the labels
    h = heights(picture)
    assert len(h) == 20
    assert h[0] == 8  # the first and highest cost fills the column
    assert h[-1] == 1  # the lowest fills one row
    assert all(later <= earlier for earlier, later in pairwise(h))
    assert lines[0].startswith("cost 1 ┤")
    assert lines[-3].startswith("0.01 ")  # min(costs) = 1/100
    assert lines[-1].split() == ["1", "100"]


def test_cost_curve_samples_the_last_iteration():
    costs = [5.0] * 99 + [1.0]  # only the very last step is low
    assert heights(cost_curve(costs, width=10, height=4))[-1] == 1


def test_cost_curve_log_scale_shows_the_early_fall():
    costs = [math.exp(-i) + 1 for i in range(1000)]  # all but over after 10 steps
    linear = heights(cost_curve(costs, width=30, height=10))
    logged = heights(cost_curve(costs, width=30, height=10, log_x=True))
    assert sum(h > 1 for h in logged) > sum(h > 1 for h in linear)
    assert "(log scale)" in cost_curve(costs, log_x=True)


def test_cost_curve_flat_and_short():
    assert set(heights(cost_curve([0.5, 0.5, 0.5], height=3))) == {3}
    assert (
        len(heights(cost_curve([2.0, 1.0], width=60))) == 2
    )  # never wider than the data
    assert cost_curve([]) == "cost: no iterations"
    with pytest.raises(ValueError, match="width=1"):
        cost_curve([1.0, 2.0], width=1)


def test_cost_progress_renders_the_cost():
    console = Console(file=io.StringIO(), width=100, color_system=None, record=True)
    with CostProgress(10, description="Newton", console=console) as bar:
        for cost in (0.7, 0.3, 0.2):
            bar.advance(cost)
        bar.finish()  # stopped early: 3 of 10 is all
    text = console.export_text()
    assert "Newton" in text
    assert "3/3" in text
    assert "cost 0.200000" in text
