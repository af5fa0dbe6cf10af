"""Data sets: synthetic generators, scikit-learn's bundled tables, CSV reading and
the upload store."""
