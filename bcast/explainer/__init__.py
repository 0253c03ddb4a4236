"""Explanations: data -> words -> pictures.

``advice`` turns the algebra's records into fixes and warnings (as data),
``words`` turns records into sentences in English and Chinese, ``messages``
reads other libraries' error messages, ``explanation`` is the
:class:`~bcast.explainer.explanation.Explanation` record and ``render`` draws.
(Named ``explainer`` so that importing it never shadows :func:`bcast.explain`.)
"""
