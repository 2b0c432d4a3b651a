"""Where the reader puts what it finds: located errors and remarks of one file."""

from __future__ import annotations

from dataclasses import dataclass

from svetofor.messages import Message
from svetofor.model import Problem, ReadResult

Place = tuple[str, str]  # a column as the planner sees it: (header text, or the letter; letter)


@dataclass
class Notes:
    """The result's error and remark lists, with the file name every problem carries."""

    result: ReadResult
    file_name: str

    def problem(
        self,
        message: Message,
        sheet: str | None = None,
        row: int | None = None,
        column: Place | None = None,
        item: str | None = None,
    ) -> Problem:
        header, letter = column if column is not None else (None, None)
        return Problem(message, sheet, row, header, self.file_name, letter, item)

    def error(
        self,
        message: Message,
        sheet: str | None = None,
        row: int | None = None,
        column: Place | None = None,
        item: str | None = None,
    ) -> None:
        self.result.errors.append(self.problem(message, sheet, row, column, item))

    def remark(
        self,
        message: Message,
        sheet: str | None = None,
        row: int | None = None,
        column: Place | None = None,
        item: str | None = None,
    ) -> None:
        self.result.remarks.append(self.problem(message, sheet, row, column, item))
