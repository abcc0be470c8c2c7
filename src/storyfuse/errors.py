"""Errors a user can act on; the CLI prints their message without a traceback."""


class StoryfuseError(Exception):
    """Base class of storyfuse's own errors."""


class NoArticlesError(StoryfuseError):
    """No readable article was found in the input."""


class UnknownMethodError(StoryfuseError, ValueError):
    """A summarization method name that is not in the registry."""


class MissingExtraError(StoryfuseError, ImportError):
    """An optional dependency (a pip extra) is not installed; the message names the extra."""
