"""Sphinx configuration for bcast's documentation (``sphinx-build -W -b html docs OUT``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bcast

project = "bcast"
author = "bcast developers"
copyright = "bcast developers"
release = version = bcast.__version__

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_ivar = True  # Attributes as fields: namedtuple fields are documented once

html_theme = "pydata_sphinx_theme"
html_title = "bcast"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
# An ``:ivar size:`` field makes ``size`` a cross-reference, ambiguous between
# records that all have a ``size`` field; the field names are not links meant.
suppress_warnings = ["ref.python"]
