"""From a stream of bytes to numbered records, holding at most one line (capped) and
one chunk in memory.

Lines are split on LF at the byte level (LF never occurs inside a UTF-8 sequence), so a
line longer than the cap is refused as soon as the cap is passed, before the rest of it
arrives. CSV records may span lines inside quotes (RFC 4180): a record ends at the first
line end where the quotes seen so far are balanced."""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput

MAX_LINE_BYTES = 64 * 1024
BOM = b"\xef\xbb\xbf"


class MalformedFile(InvalidInput):
    """The file as a whole cannot be read on (encoding, header, line too long…); `row`
    is the line where reading stopped, when known."""

    def __init__(self, message: str, *, field: str = "body", row: int | None = None) -> None:
        super().__init__(message, field=field)
        self.row = row


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line of the file
    text: str


async def lines(chunks: AsyncIterable[bytes], max_line_bytes: int = MAX_LINE_BYTES
                ) -> AsyncIterator[list[Line]]:
    """The file's non-empty lines, decoded, a chunk's worth at a time."""
    pending = b""
    number = 0
    first = True
    async for chunk in chunks:
        if not chunk:
            continue
        if first:
            chunk = chunk[len(BOM):] if (pending + chunk).startswith(BOM) else chunk
            first = False
        data = pending + chunk
        cut = data.rfind(b"\n")
        if cut < 0:
            if len(data) > max_line_bytes:
                raise MalformedFile(f"line {number + 1} is longer than {max_line_bytes} "
                                    "bytes", row=number + 1)
            pending = data
            continue
        pending = data[cut + 1:]
        if len(pending) > max_line_bytes:
            row = number + data.count(b"\n", 0, cut) + 2
            raise MalformedFile(f"line {row} is longer than {max_line_bytes} bytes", row=row)
        batch = _decode(data[:cut], number, max_line_bytes)
        number += len(batch)
        yield [Line(number - len(batch) + index + 1, text)
               for index, text in enumerate(batch) if text.strip()]
    if pending:
        (text,) = _decode(pending, number, max_line_bytes)
        if text.strip():
            yield [Line(number + 1, text)]


def _decode(block: bytes, before: int, max_line_bytes: int) -> list[str]:
    """Split complete lines; refuse non-UTF-8 bytes and over-long lines, naming the line."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError as error:
        row = before + block.count(b"\n", 0, error.start) + 1
        raise MalformedFile(f"line {row} is not UTF-8 (byte {error.object[error.start]:#04x}"
                            "); save the file as UTF-8", row=row) from None
    parts = text.split("\n")
    for index, part in enumerate(parts):
        if len(part) > max_line_bytes // 4 and len(part.encode()) > max_line_bytes:
            raise MalformedFile(f"line {before + index + 1} is longer than {max_line_bytes} "
                                "bytes", row=before + index + 1)
    return [part[:-1] if part.endswith("\r") else part for part in parts]


@dataclass(frozen=True, slots=True)
class Record:
    row: int  # the line the record starts on
    values: dict[str, Any]


class CsvRecords:
    """Header first: its names must be known columns (and include email or external_id)."""

    def __init__(self, columns: frozenset[str], max_record_bytes: int = MAX_LINE_BYTES) -> None:
        self.columns = columns
        self.max_record_bytes = max_record_bytes
        self.header: list[str] | None = None
        self._open: list[Line] = []
        self._open_size = 0

    def _read_header(self, line: Line) -> None:
        names = [name.strip().lower() for name in next(csv.reader([line.text]))]
        unknown = [name for name in names if name not in self.columns]
        if len(unknown) == len(names):
            raise MalformedFile("the first line must be a header naming the columns "
                                f"(known: {', '.join(sorted(self.columns))}); found none",
                                field="header", row=line.number)
        if unknown:
            raise MalformedFile(f"unknown column(s) {', '.join(map(repr, unknown))} in the "
                                f"header; known: {', '.join(sorted(self.columns))}",
                                field="header", row=line.number)
        if len(set(names)) != len(names):
            raise MalformedFile("a column appears twice in the header", field="header",
                                row=line.number)
        if "email" not in names and "external_id" not in names:
            raise MalformedFile("the first line must be a header naming the columns, with "
                                "email or external_id among them", field="header",
                                row=line.number)
        self.header = names

    def feed(self, batch: list[Line]) -> list[Record]:
        starts: list[int] = []
        texts: list[str] = []
        for line in batch:
            if self.header is None:
                self._read_header(line)
                continue
            if not self._open and line.text.count('"') % 2 == 0:
                starts.append(line.number)  # the common case: a record on one line
                texts.append(line.text)
                continue
            self._open.append(line)
            self._open_size += len(line.text)
            if sum(part.text.count('"') for part in self._open) % 2:
                if self._open_size > self.max_record_bytes:
                    raise MalformedFile(f"the record starting on line {self._open[0].number}"
                                        " has an unclosed quote", row=self._open[0].number)
                continue  # a quoted field goes on on the next line
            starts.append(self._open[0].number)
            texts.append("\n".join(part.text for part in self._open))
            self._open, self._open_size = [], 0
        if not texts:
            return []
        header = self.header
        assert header is not None
        width = len(header)
        records = []
        # each text is one whole record, so the reader yields exactly one row per text
        for row, cells in zip(starts, csv.reader(texts), strict=True):
            if len(cells) != width:
                records.append(Record(row, {"__error__": f"{len(cells)} fields where the "
                                                         f"header has {width}"}))
            else:
                records.append(Record(row, dict(zip(header, cells, strict=True))))
        return records

    def finish(self) -> None:
        if self.header is None:
            raise MalformedFile("the file is empty: send a header line and rows",
                                field="body")
        if self._open:
            raise MalformedFile(f"the record starting on line {self._open[0].number} has an "
                                "unclosed quote", row=self._open[0].number)


class NdjsonRecords:
    """One JSON object per line; keys must be known fields."""

    def __init__(self, fields: frozenset[str]) -> None:
        self.fields = fields
        self.seen_any = False

    def feed(self, batch: list[Line]) -> list[Record]:
        records = []
        for line in batch:
            self.seen_any = True
            try:
                value = json.loads(line.text)
            except ValueError as error:
                records.append(Record(line.number, {"__error__": f"not valid JSON: {error}"}))
                continue
            if not isinstance(value, dict):
                records.append(Record(line.number, {"__error__": "not a JSON object"}))
                continue
            unknown = sorted(key for key in value if key not in self.fields)
            if unknown:
                records.append(Record(line.number, {
                    "__error__": f"unknown field(s) {', '.join(map(repr, unknown))}",
                    "__field__": unknown[0]}))
                continue
            records.append(Record(line.number, value))
        return records

    def finish(self) -> None:
        if not self.seen_any:
            raise MalformedFile("the file is empty: send one JSON object per line",
                                field="body")
