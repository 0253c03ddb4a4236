"""The shape algebra, pure Python: shape text, the broadcasting rule, gufunc
signatures and matrix products, and the way back (``unbroadcast``).

Nothing here imports NumPy or rich; every other part of bcast stands on it.
"""
