"""Finer kinds of DocumentError the readers raise, so callers and tests can tell the problems apart."""

from shared.errors import DocumentError, UnreadableDocument


class EmptyDocument(UnreadableDocument):
    """The file has no bytes, or no text at all once read."""


class MislabelledDocument(UnreadableDocument):
    """The bytes are of another kind than the file name says (a PDF named .txt, PNG bytes named .pdf)."""


class CorruptDocument(UnreadableDocument):
    """The file is of the right kind but truncated or damaged."""


class EncryptedDocument(UnreadableDocument):
    """The file is protected by a password."""


class NoTextLayer(UnreadableDocument):
    """A PDF without a usable text layer, read from its text layer alone (the OCR reader reads scans)."""


class OcrLimitExceeded(UnreadableDocument):
    """A scanned document with more pages, or taking longer, than OCR is allowed for one document."""


class OcrUnavailable(DocumentError):
    """The OCR engine (rapidocr-onnxruntime) is not installed where the document is read."""


class UndecodableText(UnreadableDocument):
    """A text file that is binary, or in no encoding that yields readable text."""


class ConverterMissing(DocumentError):
    """The external program that reads this format (antiword for .doc/.wps) is not installed on this machine."""


class ConversionFailed(UnreadableDocument):
    """The external converter crashed or ran past its time limit on this file."""
