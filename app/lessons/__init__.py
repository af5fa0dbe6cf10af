"""The lessons: one folder each, found by the registry, and the five articles they are built from."""
