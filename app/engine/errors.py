"""gdviz's own errors: problems with the input that the user can fix. The API maps
them to 4xx answers, the live session to error frames, the CLI to exit code 2.
Anything else (a plain ValueError from NumPy, say) is a bug: a 500, logged."""

from __future__ import annotations


class UserError(ValueError):
    """The input is wrong in a way the message explains (and says how to fix)."""


class NotFound(UserError):
    """The input names something that does not exist (an upload id, say), or that belongs to
    someone else who has not shared it: the two read the same."""


class NeedsIdentity(UserError):
    """The input names something that is someone's (an upload), and the asker has no identity."""


class Forbidden(UserError):
    """The input names something the asker may see but not change (another's saved run)."""


class LimitExceeded(UserError):
    """A size or amount of work over a configurable limit. The message names the setting (for the
    API's users, the logs and the docs); ``words`` says the same without it, for a learner's page."""

    def __init__(self, what: str, value: float, limit_name: str, limit: float, hint: str = ""):
        text = (f"{what} is {value:,.0f}, over the limit {limit_name}={limit:,.0f} "
                f"(set GDVIZ_{limit_name.upper()} to change it)")
        super().__init__(text + (f"; {hint}" if hint else ""))
        self.limit_name = limit_name
        self.words = f"{what} is {value:,.0f}, more than this server allows ({limit:,.0f})" + (
            f"; {hint}" if hint else "")


class TooMany(UserError):
    """One person has as many of something going at once as they may (running jobs): the API answers
    429. The message is in a learner's words; ``limit_name`` names the setting."""

    def __init__(self, message: str, limit_name: str):
        super().__init__(message)
        self.limit_name = limit_name
        self.words = message


def for_learner(exc: UserError) -> str:
    """What a page shows of ``exc``: its words without a setting's name."""
    return getattr(exc, "words", None) or str(exc)


class TooLarge(LimitExceeded):
    """An upload's size (bytes, rows, cells) over a limit: the API answers 413."""
