"""Where the reader puts what it finds: located errors and remarks of one file."""

from __future__ import annotations

from dataclasses import dataclass

from svetofor.model import Problem, ReadResult


@dataclass
class Notes:
    """The result's error and remark lists, with the file name every problem carries."""

    result: ReadResult
    file_name: str

    def error(
        self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None
    ) -> None:
        self.result.errors.append(Problem(message, sheet, row, column, self.file_name))

    def remark(
        self, message: str, sheet: str | None = None, row: int | None = None, column: str | None = None
    ) -> None:
        self.result.remarks.append(Problem(message, sheet, row, column, self.file_name))
