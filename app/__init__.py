"""gdviz: a gradient-descent visualizer."""
