"""Library exceptions. The CLI maps each to an exit code and a one-line message."""

from __future__ import annotations


class ParplanError(Exception):
    """Base class: every error parplan raises on purpose."""

    exit_code = 1


class UnreadableInput(ParplanError):
    """The file cannot be read as a decree (missing, empty, undecodable, corrupt, no text layer)."""

    exit_code = 3


class UnsupportedFormat(UnreadableInput):
    """The content is not txt, DOCX or PDF."""


class UsageError(ParplanError):
    exit_code = 2


class TimeLimitExceeded(BaseException):
    """A parse ran past `Limits.max_seconds` (exit 3). A BaseException, like KeyboardInterrupt: the
    readers' `except Exception` guards (a damaged numbering part only costs its markers) must not
    swallow it and carry on with the deadline spent."""

    exit_code = 3
