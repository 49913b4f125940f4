"""The workspace's error: the project's DataValidationError with one problem that says
what went wrong and what to do."""

from __future__ import annotations

from core.errors import DataValidationError, Problem


class WorkspaceError(DataValidationError):
    """Something about the saved work: an unknown register or view, a name taken, a
    file that is not a GeoPackage, a database that cannot be reached. ``str()`` reads
    "<where>: <what> — <fix>"; ``.problems`` holds it as one :class:`Problem`."""

    def __init__(self, message: str, fix: str = "", *, source: str = "workspace"):
        self.message, self.fix, self.source = message, fix, source
        super().__init__([Problem(source, None, None, message, fix)])
        # one problem: the message alone, without the "1 problem found:" heading
        self.args = (str(self.problems[0]),)

    def __str__(self) -> str:
        return self.args[0]
