"""The course's figure (issue 11, items 3 and 4): the SVG checked as a
structure, compared with NumPy, and rendered by Chromium where installed."""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import bcast
from bcast.cli import main
from bcast.explainer.render.svg import product_svg, to_svg

NS = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)  # well-formed XML, or this raises


def classes(el):
    return el.get("class", "").split()


def groups(root, cls):
    return [g for g in root.iter(NS + "g") if cls in classes(g)]


def cells(group):
    """(index, text, classes) of each cell of a grid, in drawing order."""
    out = []
    children = list(group)
    for k, el in enumerate(children):
        if el.tag == NS + "rect" and "bc-cell" in classes(el):
            text = children[k + 1]
            index = tuple(int(i) for i in el.get("data-index").split(",") if i)
            out.append((index, text.text or "", classes(el)))
    return out


def texts(root):
    return ["".join(t.itertext()) for t in root.iter(NS + "text")]


# -- structure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [((3, 1), (1, 4)), ((2, 3, 4), (4,)), ((5,), (2, 1)), ((2, 1, 3), (4, 1))],
)
def test_cells_copies_and_values_match_numpy(a, b):
    """Each operand has one cell per element as given; stretched to the
    result, the cells off index 0 of a stretched axis are the faded copies;
    every value is NumPy's broadcast_to of the example arrays."""
    e = bcast.explain(a, b)
    root = parse(to_svg(e))
    arrays = [
        np.arange(1, np.prod(s) + 1).reshape(s) * 10**i for i, s in enumerate((a, b))
    ]
    result = np.broadcast_shapes(a, b)
    given = groups(root, "bc-given")
    stretched = groups(root, "bc-stretched")
    assert len(given) == len(stretched) == 2
    for i, (g, s) in enumerate(zip(given, stretched)):
        got = cells(g)
        assert len(got) == arrays[i].size
        for index, text, _ in got:
            assert text == str(arrays[i][index])
        full = np.broadcast_to(arrays[i], result)
        pad = len(result) - arrays[i].ndim
        shape = (1,) * pad + arrays[i].shape
        stretched_axes = [
            k for k in range(len(result)) if shape[k] == 1 and result[k] > 1
        ]
        got = cells(s)
        assert len(got) == full.size
        copies = 0
        for index, text, cls in got:
            assert text == str(full[index])
            copy = any(index[k] != 0 for k in stretched_axes)
            assert ("bc-copy" in cls) == copy, (index, cls)
            copies += copy
        assert copies == full.size - arrays[i].size
    (res,) = groups(root, "bc-result")
    total = np.broadcast_to(arrays[0], result) + np.broadcast_to(arrays[1], result)
    assert {i: t for i, t, _ in cells(res)} == {
        idx: str(total[idx]) for idx in np.ndindex(result)
    }


def test_padded_axes_are_marked():
    root = parse(to_svg(bcast.explain((2, 3), (3,))))
    _, b = groups(root, "bc-stretched")
    assert "padded axis 0" in texts(b)
    a, _ = groups(root, "bc-stretched")
    assert not any("padded" in t for t in texts(a))


def test_a_conflict_highlights_the_clashing_axis():
    root = parse(to_svg(bcast.explain((3, 4), (3,))))
    bands = [r for r in root.iter(NS + "rect") if "bc-clash" in classes(r)]
    assert sorted((r.get("data-operand"), r.get("data-axis")) for r in bands) == [
        ("0", "-1"),
        ("1", "-1"),
    ]
    assert not groups(root, "bc-result")
    assert not groups(root, "bc-stretched")
    assert "axis -1: 4 ≠ 3 clash" in texts(root)
    # the other axis of a 3-D clash
    root = parse(to_svg(bcast.explain((2, 3, 4), (5, 1))))
    bands = [r for r in root.iter(NS + "rect") if "bc-clash" in classes(r)]
    assert {r.get("data-axis") for r in bands} == {"-2"}


def test_large_arrays_are_elided_along_each_axis():
    X = np.arange(20000.0).reshape(20, 1000)
    mu = X.mean(axis=0)
    e = bcast.explain(X, mu, names=["X", "mu"])
    assert e.compatible
    assert e.values is not None
    assert not e.values.example
    root = parse(to_svg(e))
    gx, gmu = groups(root, "bc-given")
    got = cells(gx)
    assert len(got) == 5 * 5  # 3 first and 2 last of each axis
    assert {i for i, _, _ in got} == {
        (r, c) for r in (0, 1, 2, 18, 19) for c in (0, 1, 2, 998, 999)
    }
    for index, text, _ in got:  # the array's own values
        assert text == f"{X[index]:.4g}"
    assert "…" in texts(gx)
    assert "⋮" in texts(gx)
    assert {i for i, _, _ in cells(gmu)} == {(c,) for c in (0, 1, 2, 998, 999)}
    assert "The arrays' own values." in texts(root)


def test_example_values_say_they_are_examples():
    root = parse(to_svg(bcast.explain((2, 1), (3,))))
    assert any("Example values: np.arange(size) + 1" in t for t in texts(root))


def test_chinese_labels_are_text_of_their_own():
    root = parse(to_svg(bcast.explain((3, 1), (4,), lang="zh")))
    labels = texts(root)
    assert "原样" in labels
    assert "拉伸到 (3, 4)（淡色格子是复制）" in labels
    assert "结果 (3, 4)：逐元素的和" in labels
    assert "Noto Sans CJK SC" in root.get("font-family")
    for t in root.iter(NS + "text"):  # every run placed explicitly
        assert t.get("x") is not None
        assert t.get("y") is not None
        assert t.get("text-anchor") in ("middle", "start")


def test_names_are_escaped():
    svg = to_svg(bcast.explain((3, 1), (4,), names=["x<&>", "y"]))
    assert "x<&>" not in svg
    assert "x&lt;&amp;&gt;" in svg
    assert "x<&> (3, 1)" in texts(parse(svg))


def test_products_align_the_inner_axes():
    root = parse(product_svg(bcast.explain((2, 3), (3, 4), op="dot")))
    a, b = groups(root, "bc-operand")
    assert len(cells(a)) == 6
    assert len(cells(b)) == 12
    inner = [r for r in root.iter(NS + "rect") if "bc-inner" in classes(r)]
    assert [(r.get("data-operand"), r.get("data-axis")) for r in inner] == [
        ("0", "-1"),
        ("1", "-2"),
    ]
    # A's columns are as many as B's rows: the same length on the page
    (res,) = groups(root, "bc-result")
    assert len(cells(res)) == 8
    root = parse(product_svg(bcast.explain((11, 3), (11, 1), op="dot")))
    assert [r for r in root.iter(NS + "rect") if "bc-clash" in classes(r)]
    assert not groups(root, "bc-result")


# -- arrays and names in, as on the command line ----------------------------------------


def test_explain_takes_arrays_and_names_in_text():
    e = bcast.explain(np.zeros((20, 1000)), np.zeros(20))
    assert e.shapes == ((20, 1000), (20,))
    assert not e.compatible
    e = bcast.explain("X=20,1000", "w=20")
    assert e.names == ("X", "w")
    assert e.fixes[0].code == "w[:, None]"
    assert bcast.explain("X=3,1", (4,), names=["p", "q"]).names == ("p", "q")


def test_anything_with_a_shape_is_read_without_numpy():
    code = """
import sys
import bcast

class Tensor:
    shape = (2, 3)
    def __getitem__(self, idx):
        return idx[0] * 10 + idx[1]

e = bcast.explain(Tensor(), (3,))
print(e.result, e.values.arrays[0], "numpy" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split("\n")[0] == "(2, 3) [[0, 1, 2], [10, 11, 12]] False"


def test_an_object_that_cannot_be_indexed_is_drawn_as_a_shape():
    class Spec:
        shape = (2, 3)

    e = bcast.explain(Spec(), np.ones(3))
    assert e.values.arrays[0] is None
    assert e.values.arrays[1] == [1.0, 1.0, 1.0]
    root = parse(to_svg(e))
    assert "a: a shape only, no values" in texts(root)


# -- the surfaces -----------------------------------------------------------------------


def test_cli_writes_svg_and_html(tmp_path, capsys):
    svg, page = tmp_path / "x.svg", tmp_path / "x.html"
    assert (
        main(
            ["explain", "X=20,1000", "mu=1000", "--svg", str(svg), "--html", str(page)]
        )
        == 0
    )
    root = parse(svg.read_text(encoding="utf-8"))
    assert len(cells(groups(root, "bc-given")[0])) == 25
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") == 1
    assert main(["explain", "--dot", "2,3", "3,4", "--svg", str(svg)]) == 0
    assert groups(parse(svg.read_text(encoding="utf-8")), "bc-result")


def test_cli_unwritable_path_is_one_line_exit_2(tmp_path, capsys):
    assert main(["explain", "3,4", "3", "--svg", str(tmp_path / "no" / "x.svg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cannot write" in err
    assert "Traceback" not in err


def test_jupyter_html_has_one_grid_picture():
    e = bcast.explain((3, 1), (1, 4))
    html = e._repr_html_()
    assert html.count("<svg") == 1
    assert html.index("<pre") < html.index("<svg")


# -- Chromium: the Chinese picture renders without overlapping text ------------------------

MEASURE = """
<script>
const boxes = [...document.querySelectorAll("svg text")].map(t => {
  const r = t.getBoundingClientRect();
  return [t.textContent, r.left, r.top, r.right, r.bottom];
});
const bad = [];
for (let i = 0; i < boxes.length; i++)
  for (let j = i + 1; j < boxes.length; j++) {
    const [a, b] = [boxes[i], boxes[j]];
    const w = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    const h = Math.min(a[4], b[4]) - Math.max(a[2], b[2]);
    if (w > 0.5 && h > 0.5) bad.push([a[0], b[0]]);
  }
const out = document.createElement("pre");
out.id = "measured";
out.textContent = JSON.stringify({n: boxes.length, overlaps: bad,
  widths: boxes.filter(b => /[\\u4e00-\\u9fff]/.test(b[0])).map(b => b[3] - b[1])});
document.body.appendChild(out);
</script>
"""


def chromium():
    for path in ("/usr/bin/chromium", shutil.which("chromium")):
        if path and os.path.exists(path):
            return path
    return None


def chromium_args(exe, tmp_path, *more):
    return [
        exe,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        *more,
    ]


@pytest.mark.parametrize(
    "shapes",
    [((3, 1), (4,)), ((3, 4), (3,)), ((2, 3, 4), (3, 1)), ((20, 1000), (1000,))],
)
def test_chinese_text_boxes_do_not_overlap_in_chromium(tmp_path, shapes):
    exe = chromium()
    if exe is None:
        print(
            "skipped: Chromium is not installed (/usr/bin/chromium or chromium on PATH)"
        )
        pytest.skip("Chromium is not installed (/usr/bin/chromium or chromium on PATH)")
    e = bcast.explain(*shapes, names=["X", "mu"], lang="zh")
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"></head><body>'
        + to_svg(e)
        + MEASURE
        + "</body></html>",
        encoding="utf-8",
    )
    shot = tmp_path / "shot.png"
    args = chromium_args(exe, tmp_path, "--window-size=1000,900")
    done = subprocess.run(
        [*args, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120
    )
    assert done.returncode == 0
    assert shot.stat().st_size > 1000
    done = subprocess.run(
        [*args, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = done.stdout
    start = dom.index('<pre id="measured">') + len('<pre id="measured">')
    measured = json.loads(dom[start : dom.index("</pre>", start)].replace("&amp;", "&"))
    assert measured["n"] > 10
    assert measured["overlaps"] == []
    assert measured["widths"]
    assert min(measured["widths"]) > 0
