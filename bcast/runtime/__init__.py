"""Where code runs: frames, watched arrays, the IPython extension, ``bcast run``."""
