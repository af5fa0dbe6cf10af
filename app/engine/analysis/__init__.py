"""Analyses of a model at theta: the gradient check, loss surfaces, decision maps."""
