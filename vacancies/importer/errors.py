"""Errors a person can act on. Every message says what is wrong with *their* file."""


class ImportError(Exception):  # noqa: A001 - shadows the builtin only inside this package
    """Base class: the document cannot be imported. ``str(error)`` is shown to users."""


class UnreadableDocument(ImportError):
    """The file is empty, damaged, encrypted, image-only or of a type we do not read."""


class DocumentTooLarge(UnreadableDocument):
    """The file, or what it expands to, is over a configured limit."""


class NotACall(ImportError):
    """The file reads fine but is not a call for contributions or a vacancy notice."""
