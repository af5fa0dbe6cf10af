"""gdviz's own errors: problems with the input that the user can fix. The API maps
them to 4xx answers, the live session to error frames, the CLI to exit code 2.
Anything else (a plain ValueError from NumPy, say) is a bug: a 500, logged."""

from __future__ import annotations


class UserError(ValueError):
    """The input is wrong in a way the message explains (and says how to fix)."""


class NotFound(UserError):
    """The input names something that does not exist (an upload id, say)."""


class LimitExceeded(UserError):
    """A size or amount of work over a configurable limit; the message names it."""

    def __init__(self, what: str, value: float, limit_name: str, limit: float, hint: str = ""):
        text = (f"{what} is {value:,.0f}, over the limit {limit_name}={limit:,.0f} "
                f"(set GDVIZ_{limit_name.upper()} to change it)")
        super().__init__(text + (f"; {hint}" if hint else ""))
        self.limit_name = limit_name


class TooLarge(LimitExceeded):
    """An upload's size (bytes, rows, cells) over a limit: the API answers 413."""
