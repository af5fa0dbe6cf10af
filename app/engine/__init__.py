"""Pure NumPy training engine: data, models, losses, optimizers, schedules,
trainer, gradient check and loss surfaces. No web imports."""
