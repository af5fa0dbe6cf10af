"""The lessons' own maths: loss and activation curves, vanishing gradients, one
sample's chain rule, the vectorisation timing and the CE-vs-MSE experiment."""
