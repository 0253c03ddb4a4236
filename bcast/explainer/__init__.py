"""Explanations: data -> words -> pictures, each layer importing only those below.

- ``policy`` says what is suspicious, ``advice`` turns the algebra's records
  into fixes and warnings (as data);
- ``words`` holds every sentence in English and Chinese (``catalog`` and one
  module per area), and ``words.phrasing`` turns records into sentences;
- ``messages`` reads other libraries' error messages; ``explanation`` is the
  data of an explanation (:class:`~bcast.explainer.explanation.ExplanationRecord`,
  its ``to_dict()`` the ``--json`` output);
- ``render.text`` lays the picture out as plain lines (no rich),
  ``render.terminal`` draws those lines with rich and as HTML;
- ``products`` explains matrix products by their own rule (the contraction
  of :mod:`bcast.core.products`, never broadcasting): the
  :class:`~bcast.explainer.products.Product` record with its face, its words
  in ``words.products``, its picture in ``render.products``;
- ``api`` is the public face above them all: :func:`bcast.explain`,
  :func:`bcast.why` and :class:`bcast.Explanation`, whose ``str()``, rich
  rendering and ``_repr_html_`` call the renderers when shown; a matrix
  product (``op="dot"``, a product's message) comes back as a ``Product``.

(Named ``explainer`` so that importing it never shadows :func:`bcast.explain`.)
"""
