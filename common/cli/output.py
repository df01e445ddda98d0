"""What a command prints, in the format asked for: the one switch on --format.

A command hands its answer to an Output once, as a listing (rows) or a record
(one object), with the text people read; the Output writes the table or text,
the JSON document or the CSV rows. Commands never look at the format
themselves. Sentences about what was done (`say`) are for people: JSON and CSV
output carries only the document, so a script can parse all of stdout.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from common.cli.cells import safe_lines
from common.cli.render import Column, csv_text, json_text, table


class Output:
    def __init__(self, fmt: str = "table", stream: TextIO | None = None) -> None:
        self.format = fmt
        self._stream = stream

    @property
    def stream(self) -> TextIO:
        return self._stream or sys.stdout

    @property
    def for_people(self) -> bool:
        return self.format == "table"

    def write(self, text: str) -> None:
        if text:
            self.stream.write(text if text.endswith("\n") else text + "\n")

    def say(self, text: str) -> None:
        """A sentence or block for people (a receipt, 'added store S001'); not in JSON or CSV."""
        if self.for_people:
            self.write(safe_lines(text))

    def warn(self, text: str) -> None:
        """A warning or a refusal's details for people, on stderr in every format."""
        print(safe_lines(text), file=sys.stderr)

    def listing(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[Column],
        *,
        currency: str = "",
        empty: str = "",
        footer: Callable[[], str] | None = None,
        lines_key: str = "",
    ) -> None:
        """Rows of one kind: a JSON array of the rows, CSV of the columns, or a table.

        `empty` is said instead of an empty table; `footer` (totals) is said under it.
        With `lines_key`, CSV has one row per element of each row's list of lines,
        beside its row's other fields (an order's lines with the order's id).
        """
        if self.format == "json":
            self.write(json_text(list(rows)))
        elif self.format == "csv":
            if lines_key:
                rows = [
                    {**{k: v for k, v in row.items() if k != lines_key}, **line}
                    for row in rows
                    for line in row[lines_key]
                ]
            self.write(csv_text(columns, rows))
        else:
            self.write(safe_lines(empty) if not rows and empty else table(columns, rows, currency))
            if footer is not None:
                self.write(safe_lines(footer()))

    def record(
        self,
        data: Mapping[str, Any],
        text: Callable[[], str],
        *,
        rows_key: str = "",
        columns: Sequence[Column] = (),
    ) -> None:
        """One object: JSON as it is; for people, `text()` (built only when it is shown);
        CSV of its `rows_key` list under `columns`, or without a rows_key, of the object
        itself as one row (under `columns`, or its plain fields)."""
        if self.format == "json":
            self.write(json_text(dict(data)))
        elif self.format == "csv":
            rows: list[Mapping[str, Any]] = [data]
            if rows_key:  # each line beside its document's own plain fields (its id)
                plain = {k: v for k, v in data.items() if not isinstance(v, dict | list)}
                rows = [{**plain, **row} for row in data[rows_key]]
            if not columns:
                columns = [Column(k) for k, v in data.items() if not isinstance(v, dict | list)]
            self.write(csv_text(columns, rows))
        else:
            self.write(safe_lines(text()))
