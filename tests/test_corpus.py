"""The message corpus: real errors that users posted in public, read by ``bcast why``.

Every record of ``tests/corpus/messages.jsonl`` is a message a user pasted
into a public issue thread, forum or Q&A page (its URL and library are in
the record), quoted as posted: the error line(s), and for some the traceback,
log or prose around them, so that cutting the message out of its
surroundings is tested too.  ``tests/corpus/README.md`` says how they were
collected and counts them by library and form.

- A record to be read (``expected.read``) must be read with exactly the
  expected shapes, and the explanation must not call the shapes compatible —
  every one of these calls failed.  The command line explains it with exit
  status 0 (1 is also accepted: the shapes do not go together), never 2.
- A negative (a shape error that is not about broadcasting: reshape, ndim,
  concatenation, view, channels) must make ``bcast why`` exit 2 with one line
  on stderr and nothing on stdout.
- Each message read is labelled with the library that printed it (Keras's
  merge layers say "Operands could not ..." themselves; "Dimensions must be
  equal" in a Keras model is TensorFlow's).
- ``test_read_rate`` is the summary: at least 95% of the records to be read
  are read right; its failure message lists the ids that are not, by kind.

The expected readings were written by hand from the message text, and
``test_expected_readings_agree_with_numpy`` holds them to NumPy wherever
NumPy can answer: a message of a failed broadcast must name shapes that NumPy
refuses to broadcast, and so on.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

import bcast
from bcast.cli import main

CORPUS = Path(__file__).parent / "corpus"
_spec = importlib.util.spec_from_file_location("corpus_counts", CORPUS / "counts.py")
assert _spec is not None
assert _spec.loader is not None
counts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(counts)

RECORDS = counts.load()
POSITIVES = [r for r in RECORDS if r["expected"]["read"]]
NEGATIVES = [r for r in RECORDS if not r["expected"]["read"]]
LIBRARIES = {"numpy", "torch", "jax", "tensorflow", "keras", "tfjs", "paddle"}
LIBRARIES |= {"mxnet", "cupy", "dask"}
KINDS = {"broadcast", "broadcast_to", "contraction", "same_shape", "rank_promotion"}
RATE = 0.95


def ids(records):
    return [r["id"] for r in records]


def expected_shapes(record):
    return tuple(tuple(s) for s in record["expected"]["shapes"])


def reading_problem(record):
    """Why ``bcast.why`` misreads a record to be read, or None when it reads it right."""
    e = bcast.why(record["text"])
    if e is None:
        return "not read"
    if e.shapes != expected_shapes(record):
        return f"read as {e.shapes}"
    if e.compatible:
        return "explained as compatible"
    return None


def run_cli(capsys, text):
    status = main(["why", text])
    out, err = capsys.readouterr()
    return status, out, err


# -- the data itself -----------------------------------------------------------


def test_corpus_size_and_mix():
    assert len(POSITIVES) >= 120
    assert len(NEGATIVES) >= 15
    assert len(set(ids(RECORDS))) == len(RECORDS)
    assert len({r["text"] for r in RECORDS}) == len(RECORDS)
    assert {r["library"] for r in RECORDS} == LIBRARIES


@pytest.mark.parametrize("record", RECORDS, ids=ids(RECORDS))
def test_record_is_well_formed(record):
    assert set(record) == {"id", "library", "form", "url", "text", "expected"}
    assert record["library"] in LIBRARIES
    assert record["url"].startswith("https://")
    assert record["text"].strip()
    assert record["form"]
    assert " " not in record["form"]
    expected = record["expected"]
    if expected["read"]:
        assert set(expected) == {"read", "shapes", "kind", "incompatible"}
        assert expected["kind"] in KINDS
        assert expected["incompatible"] is True
        for shape in expected["shapes"]:
            assert all(d is None or (type(d) is int and d >= 0) for d in shape)
    else:
        assert expected == {"read": False}
        assert record["id"].startswith("neg-")


def test_readme_counts_are_the_data():
    """The README's table is what ``tests/corpus/counts.py`` computes."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert counts.block(RECORDS) in readme


def _numpy_refuses(kind, shapes, form):
    """None when NumPy cannot judge; else whether NumPy refuses the shapes."""
    if any(d is None for s in shapes for d in s) or len(shapes) < 2:
        return None
    arrays = [np.broadcast_to(np.zeros((), np.int8), s) for s in shapes]
    if kind == "broadcast":
        call = lambda: np.broadcast_shapes(*shapes)  # noqa: E731
    elif kind == "broadcast_to":
        call = lambda: np.broadcast_to(arrays[0], shapes[1])  # noqa: E731
    elif kind == "contraction" and not form.startswith(("dot_general_batch", "bmm")):
        if form.startswith("dot"):
            call = lambda: np.dot(*arrays)  # noqa: E731
        else:
            call = lambda: np.matmul(*arrays)  # noqa: E731
    elif kind == "same_shape":
        return shapes[0] != shapes[1]
    else:  # rank promotion: NumPy broadcasts what JAX was told not to
        return None
    try:
        call()
    except ValueError:
        return True
    return False


@pytest.mark.parametrize("record", POSITIVES, ids=ids(POSITIVES))
def test_expected_readings_agree_with_numpy(record):
    """A hand-written expectation must be a failure NumPy also refuses."""
    shapes = expected_shapes(record)
    refuses = _numpy_refuses(record["expected"]["kind"], shapes, record["form"])
    assert refuses in (None, True), f"NumPy accepts {shapes}"


# -- bcast on the corpus -------------------------------------------------------


@pytest.mark.parametrize("record", POSITIVES, ids=ids(POSITIVES))
def test_message_read_with_its_shapes_and_not_compatible(record):
    assert reading_problem(record) is None


@pytest.mark.parametrize("record", POSITIVES, ids=ids(POSITIVES))
def test_message_labelled_with_the_library_that_printed_it(record):
    """MXNet's text is NumPy's but for its brackets: it is still MXNet's."""
    e = bcast.why(record["text"])
    assert e is not None
    assert e.reading.library == record["library"]


@pytest.mark.parametrize("record", POSITIVES, ids=ids(POSITIVES))
def test_cli_explains_message(record, capsys):
    status, out, err = run_cli(capsys, record["text"])
    assert status in (0, 1), err
    assert out.strip()


@pytest.mark.parametrize("record", NEGATIVES, ids=ids(NEGATIVES))
def test_negative_exits_2_with_one_line(record, capsys):
    status, out, err = run_cli(capsys, record["text"])
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("bcast: ")


def test_read_rate():
    """At least 95% of the messages to be read are read right."""
    failing = defaultdict(list)
    for record in POSITIVES:
        problem = reading_problem(record)
        if problem is not None:
            failing[record["expected"]["kind"]].append(f"{record['id']} ({problem})")
    wrong = sum(len(v) for v in failing.values())
    rate = 1 - wrong / len(POSITIVES)
    report = "; ".join(f"{kind}: {', '.join(v)}" for kind, v in sorted(failing.items()))
    assert rate >= RATE, f"{rate:.1%} of {len(POSITIVES)} read right; failing: {report}"
