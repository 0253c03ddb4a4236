"""The old name of :mod:`bcast.course.logreg`, kept working: the same module object."""

import sys

from bcast.course import logreg as _logreg

sys.modules[__name__] = _logreg
