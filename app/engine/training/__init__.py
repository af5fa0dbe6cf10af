"""The training core: numerics, losses, activations, models on a flat theta,
optimizers, schedules and the trainer."""
