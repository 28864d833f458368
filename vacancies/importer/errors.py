"""Errors a person can act on. Every message says what is wrong with *their* file."""


class DocumentError(Exception):
    """Base class: the document cannot be imported. ``str(error)`` is shown to users."""


class UnreadableDocument(DocumentError):
    """The file is empty, damaged, encrypted, image-only or of a type we do not read."""


class DocumentTooLarge(UnreadableDocument):
    """The file, or what it expands to, is over a configured limit."""


class NotACall(DocumentError):
    """The file reads fine but is not a call for contributions or a vacancy notice."""


class IncompleteCall(DocumentError):
    """The document was read but lacks something a call cannot be saved without."""
