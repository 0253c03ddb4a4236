"""Every sentence bcast's explanations say, in English and Simplified Chinese.

The explainer, the renderer and the command line take their words from here
and from nowhere else, so a language is one dictionary.  Templates use
``str.format`` fields; both languages have the same keys and the same fields
(a test checks).  The language is chosen by ``--lang`` on the command line,
``lang=`` in the API, or the ``BCAST_LANG`` environment variable (``en`` when
unset).

Error messages of exceptions (``bcast.errors``) stay in English: they are
part of the API and may be matched by programs.
"""

from __future__ import annotations

from os import environ

TYPE_CHECKING = False  # typing stays out of start-up (see bcast.core.rule)
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from bcast.core.rule import AxisStep, Condition
    from bcast.core.shapes import Dim

__all__ = [
    "AREAS",
    "LANGS",
    "axes",
    "condition",
    "has",
    "join",
    "known",
    "labels",
    "library",
    "nbytes",
    "resolve",
    "say",
    "sentences",
    "size",
]

LANGS = ("en", "zh")
"""The languages bcast speaks."""

# Sentences live in one module per area (explain, messages, guard, runtime,
# lint, cli), each with an ``EN`` and a ``ZH`` dict of the same keys.  A key
# ``"guard.rank_hint"`` is found in ``words/guard.py``; a key without a dot in
# ``words/explain.py``.  An area's module is imported the first time one of its
# sentences is said.
AREAS = ("explain", "messages", "guard", "runtime", "lint", "cli", "products", "serve")
"""The areas of the catalog, one module of ``bcast.explainer.words`` each."""

_LOADED: dict[str, dict[str, dict[str, str]]] = {}


def sentences(area: str) -> dict[str, dict[str, str]]:
    """``{lang: {key: template}}`` for one area of the catalog.

    Examples
    --------
    >>> sorted(sentences("explain"))
    ['en', 'zh']
    """
    found = _LOADED.get(area)
    if found is None:
        module = __import__(f"bcast.explainer.words.{area}", fromlist=["EN", "ZH"])
        found = _LOADED[area] = {"en": module.EN, "zh": module.ZH}
    return found


def _template(key: str, lang: str) -> str:
    area, dot, _ = key.partition(".")
    return sentences(area if dot else "explain")[lang][key]


_LIBRARIES = {
    "numpy": "NumPy",
    "torch": "PyTorch",
    "jax": "JAX",
    "bcast": "bcast",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "tfjs": "TensorFlow.js",
    "paddle": "PaddlePaddle",
    "mxnet": "MXNet",
    "dask": "Dask",
    "cupy": "CuPy",
}


def resolve(lang: str | None = None) -> str:
    """The language to use: ``lang`` if given, else ``BCAST_LANG``, else ``en``.

    Accepts ``en``/``zh`` and locale-like spellings (``zh_CN.UTF-8``,
    ``zh-Hans``, ``en_US``).

    Raises
    ------
    ValueError
        For a language bcast does not speak.

    Examples
    --------
    >>> resolve("zh_CN.UTF-8")
    'zh'
    >>> resolve("fr")
    Traceback (most recent call last):
    ...
    ValueError: unknown language 'fr': use en or zh
    """
    if lang is None:
        lang = environ.get("BCAST_LANG") or "en"
    key = lang.strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    if key not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    return key


def known(key: str) -> bool:
    """True if the catalog has a sentence ``key``.

    Examples
    --------
    >>> known("step_result"), known("no_such_sentence")
    (True, False)
    """
    try:
        _template(key, "en")
    except (KeyError, ImportError):
        return False
    return True


def say(key: str, lang: str = "en", /, **fields: object) -> str:
    """The sentence ``key`` in ``lang``, its fields filled in.

    Examples
    --------
    >>> say("step_result", "en", shape="(3, 4)")
    'Result: (3, 4).'
    >>> say("step_result", "zh", shape="(3, 4)")
    '结果：(3, 4)。'
    """
    template = _template(key, lang)
    return template.format(**fields) if fields else template


def join(items: Sequence[str], lang: str = "en") -> str:
    """``a``, ``a and b``, ``a, b and c`` — in ``lang``.

    Examples
    --------
    >>> join(["a", "b", "c"]), join(["a", "b"], "zh")
    ('a, b and c', 'a 和 b')
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    sep = say("sep", lang)
    return say("list", lang, items=sep.join(items[:-1]), last=items[-1])


def axes(n: int, lang: str = "en") -> str:
    """``1 axis``, ``3 axes`` — in ``lang``.

    Examples
    --------
    >>> axes(1), axes(3), axes(3, "zh")
    ('1 axis', '3 axes', '3 个轴')
    """
    return say("one_axis", lang) if n == 1 else say("n_axes", lang, n=n)


def has(step: AxisStep, names: Sequence[str], lang: str = "en") -> str:
    """The sizes in conflict on one axis: ``a has 4, b has 3``.

    Examples
    --------
    >>> from bcast.core.rule import broadcast
    >>> step = broadcast((3, 4), (3,)).conflict
    >>> has(step, ["X", "m"]), has(step, ["X", "m"], "zh")
    ('X has 4, m has 3', 'X 为 4、m 为 3')
    """
    return say("sep", lang).join(
        say("has", lang, name=names[i], size=size(step.sizes[i]))
        for i in step.conflicting
    )


def labels(n: int, names: Sequence[str | None] | None = None) -> tuple[str, ...]:
    """Names for ``n`` operands: the ones given, ``a``, ``b``, ``c`` … for the rest.

    Examples
    --------
    >>> labels(3), labels(3, [None, "a", None])
    (('a', 'b', 'c'), ('b', 'a', 'c'))
    """
    if names is not None and len(names) != n:
        raise ValueError(f"{len(names)} names for {n} shapes")
    given = [None] * n if names is None else list(names)
    taken = {x for x in given if x is not None}
    spare = (x for x in _letters() if x not in taken)
    return tuple(x if x is not None else next(spare) for x in given)


def _letters() -> Iterator[str]:
    yield from "abcdefghijklmnopqrstuvwxyz"
    k = 26
    while True:
        yield f"x{k}"
        k += 1


def library(name: str) -> str:
    """How a library is written: ``NumPy``, ``PyTorch``, ``JAX``.

    Examples
    --------
    >>> library("torch")
    'PyTorch'
    """
    return _LIBRARIES.get(name, name)


def size(d: Dim) -> str:
    """One size as shown: ``?`` for an unknown size.

    Examples
    --------
    >>> size(4), size("m"), size(None)
    ('4', 'm', '?')
    """
    return "?" if d is None else str(d)


def condition(c: Condition, names: Sequence[str], lang: str = "en") -> str:
    """A :class:`bcast.Condition` in words, without its axis.

    Examples
    --------
    >>> from bcast.core.rule import broadcast
    >>> b = broadcast(("m",), (4,))
    >>> condition(b.conditions[0], ["a", "b"]), condition(b.conditions[0], ["a", "b"], "zh")
    ('m is 1 or 4', 'm 为 1 或 4')
    """
    subjects = [
        say("cond_unknown", lang, name=names[i]) if d is None else str(d)
        for i, d in zip(c.operands, c.sizes)
    ]
    subject = join(subjects, lang)
    many = len(subjects) > 1
    if c.kind == "agree":
        return say("cond_agree", lang, subject=subject)
    if c.size == 0:
        return say("cond_one_many" if many else "cond_one", lang, subject=subject)
    key = "cond_one_of_many" if many else "cond_one_of"
    return say(key, lang, subject=subject, size=size(c.size))


def nbytes(n: int, lang: str = "en") -> str:
    """A number of bytes for people: ``7.6 MiB (8,000,000 bytes)``.

    Examples
    --------
    >>> nbytes(8_000_000)
    '7.6 MiB (8,000,000 bytes)'
    >>> nbytes(512)
    '512 B (512 bytes)'
    """
    value = float(n)
    unit = "B"
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        if value < 1024 or unit == "EiB":
            break
        value /= 1024
    human = f"{n} B" if unit == "B" else f"{value:.1f} {unit}"
    return say("bytes", lang, human=human, n=f"{n:,}")
