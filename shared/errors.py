"""The one exception tree of reportflow; third-party errors are translated into it at the boundary."""


class ReportflowError(Exception):
    """Base of every error reportflow raises on purpose."""


class DocumentError(ReportflowError):
    """One document cannot be processed; other documents are unaffected."""

    def __init__(self, filename: str, problem: str):
        self.filename = filename
        self.problem = problem
        super().__init__(f"{filename}: {problem}")


class UnsupportedFormat(DocumentError):
    """The file is of a type reportflow does not read."""


class UnreadableDocument(DocumentError):
    """The file claims a supported type but its bytes cannot be read as one (empty, binary, truncated, mislabelled)."""


class ServiceError(ReportflowError):
    """A backing service (database, broker, object storage) failed while serving a request or a task."""


class StorageError(ServiceError):
    """The object store refused an operation (missing object, access denied, bad request)."""


class StorageUnavailable(StorageError):
    """The object store could not be reached or answered with a server error; worth retrying."""
