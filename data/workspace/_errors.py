"""The workspace's error: the project's DataValidationError with one problem that says
what went wrong and what to do."""

from __future__ import annotations

from core.errors import DataValidationError, Problem
from core.messages import describe


class WorkspaceError(DataValidationError):
    """Something about the saved work: an unknown register or view, a name taken, a
    file that is not a GeoPackage, a database that cannot be reached. ``str()`` reads
    "<where>: <what> — <fix>" in English; ``.problems`` holds it as one
    :class:`Problem` whose message and fix are catalogue messages (``ws.err.*`` in
    :mod:`core.i18n.workspace_errors`), so :meth:`text` says it in Chinese too."""

    def __init__(self, message: str, fix: str = "", *, source: str = "workspace"):
        self.message, self.fix, self.source = message, fix, source
        super().__init__([Problem(source, None, None, message, fix)])
        # one problem: the message alone, without the "1 problem found:" heading
        self.args = (str(self.problems[0]),)

    def __str__(self) -> str:
        return self.args[0]

    def text(self, lang: str) -> str:
        """This error in ``lang`` ("zh" or "en"): where, what and the fix, as a page in
        that language shows it (``str(self)`` for "en")."""
        return describe(self.problems[0], lang)
