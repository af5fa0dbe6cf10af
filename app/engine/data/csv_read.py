"""Reading a CSV file a learner has into a Table, with pyarrow's CSV reader.

pyarrow parses in C++ on every core, handles quoting, CRLF and NA tokens, and
infers each column's type; this module adds what a real file needs around it:
gzip and zip files, a BOM or a Windows code page, the delimiter and a decimal
comma (sniffed from the first lines), whether the first line is a header, and
the limits, checked on the raw bytes before any table is built. A column that
is mostly numbers keeps its few stray cells as missing values and says so.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from app.engine.data.table import Column, Table
from app.engine.errors import TooLarge, UserError

NULL_TOKENS = ["", "NA", "N/A", "n/a", "na", "NaN", "nan", "?", "null", "NULL", "None", "#N/A", "NAN", "-nan"]
DELIMITERS = (",", ";", "\t", "|")
SAMPLE_BYTES = 64 * 2**10
PREVIEW_ROWS = 8
FLOAT32_MAX = 1e38
NUMERIC_SHARE = 0.9  # a text column whose cells are at least this share numbers is read as numbers
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
COMMA_NUMBER = re.compile(r"^[+-]?\d+,\d+$")


class CSVError(UserError):
    """A problem with the file that the user can fix; the message says where and how."""


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int = 32 * 2**20  # the file after decompression
    max_rows: int = 100_000
    max_columns: int = 1_001
    max_cells: int = 10_000_000


def decompress(data: bytes, max_bytes: int) -> tuple[bytes, str, str | None]:
    """(bytes, compression, name inside a zip): gzip and zip files opened, at most max_bytes out."""
    if data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(wbits=31)
        out = inflater.decompress(data, max_bytes + 1)
        if len(out) > max_bytes:
            raise TooLarge("the file, unzipped,", len(out), "max_upload_bytes", max_bytes)
        return out, "gzip", None
    if data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = [i for i in archive.infolist() if not i.is_dir()
                       and not i.filename.startswith("__MACOSX/") and not i.filename.rsplit("/", 1)[-1].startswith(".")]
            tables = [i for i in members if i.filename.lower().endswith((".csv", ".tsv", ".txt"))] or members
            if len(tables) != 1:
                names = ", ".join(i.filename for i in tables[:10]) or "nothing"
                raise CSVError(f"the zip file holds {names}: zip exactly one CSV file, or upload the CSV itself")
            with archive.open(tables[0]) as member:
                out = member.read(max_bytes + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise CSVError(f"the zip file cannot be opened ({exc}); zip it again, or upload the CSV") from None
        if len(out) > max_bytes:
            raise TooLarge("the file, unzipped,", len(out), "max_upload_bytes", max_bytes)
        return out, "zip", tables[0].filename
    return data, "none", None


def to_utf8(data: bytes) -> tuple[bytes, str]:
    """UTF-8 bytes without a BOM, and the encoding the file was in (UTF-8, UTF-16 or cp1252)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode(), "utf-16"
        except UnicodeDecodeError:
            raise CSVError("the file starts like UTF-16 text but cannot be read as such; "
                           "save it as CSV (UTF-8)") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
        return data, "utf-8"
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors="replace").encode(), "cp1252"  # NUL bytes are refused by the caller


def sample_rows(text: str, delimiter: str, n: int = 50) -> list[list[str]]:
    rows = []
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if cells and any(c.strip() for c in cells):
                rows.append([c.strip() for c in cells])
            if len(rows) >= n:
                break
    except csv.Error as exc:
        raise CSVError(f"the first lines cannot be read as CSV ({exc}); save the file as CSV again") from None
    return rows


def sniff(text: str) -> tuple[str, str]:
    """(delimiter, decimal point) from the first lines: the delimiter that splits them into the
    same number (> 1) of cells most often; a decimal comma when cells like 33,6 appear and the
    delimiter is not a comma."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if not lines:
        raise CSVError("the file is empty")
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in sample_rows("\n".join(lines), delimiter)]
        if not widths:
            continue
        mode = max(set(widths), key=widths.count)
        score = (widths.count(mode) if mode > 1 else 0, mode)
        if score > best_score:
            best, best_score = delimiter, score
    decimal = "."
    if best != ",":
        cells = [c for row in sample_rows("\n".join(lines), best) for c in row]
        if any(COMMA_NUMBER.match(c) for c in cells) and not any("." in c and NUMBER.match(c) for c in cells):
            decimal = ","
    return best, decimal


def is_number(cell: str, decimal: str = ".") -> bool:
    return bool(NUMBER.match(cell.replace(",", ".") if decimal == "," else cell))


def looks_like_header(rows: list[list[str]], decimal: str) -> bool:
    """Whether the first row names the columns: a header cell does not fit its column (text
    above numbers, or a word that never recurs below it), while a data cell does."""
    if len(rows) < 2:
        return not all(is_number(c, decimal) or c == "" for c in rows[0])
    first, rest = rows[0], rows[1:]
    fits = misfits = 0
    for j, cell in enumerate(first):
        below = [r[j] for r in rest if j < len(r) and r[j] not in NULL_TOKENS]
        if not below:
            continue
        numeric_below = sum(is_number(c, decimal) for c in below) >= NUMERIC_SHARE * len(below)
        if numeric_below:
            fits, misfits = (fits + 1, misfits) if is_number(cell, decimal) else (fits, misfits + 1)
        elif cell in below:
            fits += 1
        elif cell == "" or is_number(cell, decimal):
            fits += cell != ""  # an empty header cell (a saved index) says nothing
        else:
            misfits += 1 if len(set(below)) < len(below) else 0  # all-distinct text: no evidence
    return misfits > fits


def unique_names(raw: list[str]) -> tuple[list[str], list[bool]]:
    names, unnamed, seen = [], [], set()
    for j, name in enumerate(raw):
        name = name.strip()
        unnamed.append(name == "" or name.lower().startswith("unnamed:"))
        base = name if name else f"column {j + 1}"
        candidate, k = base, 2
        while candidate.casefold() in seen:
            candidate, k = f"{base} ({k})", k + 1
        seen.add(candidate.casefold())
        names.append(candidate)
    return names, unnamed


def compact(values: np.ndarray) -> np.ndarray:
    """float32 (half the memory) when every value fits it, else float64 (values near 1e300)."""
    finite = values[np.isfinite(values)]
    return values.astype(np.float32) if not finite.size or np.abs(finite).max() < FLOAT32_MAX else values


def arrow_column(name: str, array: pa.ChunkedArray, unnamed: bool, decimal: str) -> Column:
    """One pyarrow column -> a Column: numbers as float32 with NaN gaps, anything else as codes."""
    kind = array.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind) \
            or pa.types.is_decimal(kind):
        values = pc.fill_null(array.cast(pa.float64()), np.nan).to_numpy()
        return Column(name, compact(np.where(np.isfinite(values), values, np.nan)), None, unnamed)
    text = pc.utf8_trim_whitespace(array.cast(pa.string()))
    text = pc.if_else(pc.is_in(text, pa.array(NULL_TOKENS)), pa.scalar(None, pa.string()), text)
    encoded = pc.dictionary_encode(text).combine_chunks()
    levels = [str(v) for v in encoded.dictionary.to_pylist()]
    codes = pc.fill_null(encoded.indices, -1).to_numpy().astype(np.int32)
    counts = np.bincount(codes[codes >= 0], minlength=len(levels))
    as_numbers = np.array([float(v.replace(",", ".") if decimal == "," else v) if is_number(v, decimal) else np.nan
                           for v in levels], dtype=np.float64)
    present = counts.sum()
    numeric = counts[~np.isnan(as_numbers)].sum()
    if present and numeric >= NUMERIC_SHARE * present and numeric < present:  # numbers with a few stray cells
        bad = np.isnan(as_numbers)
        example = levels[int(np.flatnonzero(bad)[0])]
        values = compact(np.where(codes >= 0, as_numbers[np.maximum(codes, 0)], np.nan))
        return Column(name, values, None, unnamed, bad=int(counts[bad].sum()), bad_example=example)
    order = sorted(range(len(levels)), key=lambda k: levels[k])
    remap = np.empty(len(levels) + 1, dtype=np.int32)
    remap[-1] = -1
    remap[np.array(order, dtype=np.int64)] = np.arange(len(levels), dtype=np.int32)
    return Column(name, remap[codes], [levels[k] for k in order], unnamed)


def read_table(data: bytes, file_name: str = "", header: str = "auto", limits: ReadLimits = ReadLimits()) -> Table:
    """The bytes of a CSV file (plain, gzip or zip) -> a Table; CSVError or LimitExceeded."""
    if header not in ("auto", "yes", "no"):
        raise CSVError("header must be auto, yes or no")
    data, compression, inner = decompress(data, limits.max_bytes)
    data, encoding = to_utf8(data)
    if b"\x00" in data:
        raise CSVError("the file holds NUL bytes: it is not a text CSV (a spreadsheet? save it as CSV)")
    head = data[:SAMPLE_BYTES].decode("utf-8", errors="ignore")
    if len(data) > SAMPLE_BYTES and "\n" in head:
        head = head[:head.rindex("\n")]
    if not head.strip():
        raise CSVError("the file is empty")
    delimiter, decimal = sniff(head)
    rows = sample_rows(head, delimiter)
    if not rows:
        raise CSVError("the file has no data: every row is empty")
    has_header = header == "yes" or (header == "auto" and looks_like_header(rows, decimal))
    width = len(rows[0])
    if width < 2:
        raise CSVError("the file needs at least two columns (features and a label); if it has more, "
                       "its delimiter was not found: use commas, semicolons or tabs")
    if width > limits.max_columns:
        raise TooLarge("the number of columns", width, "max_columns", limits.max_columns)
    estimate = data.count(b"\n") + (not data.endswith(b"\n")) - has_header  # blank lines count: an upper bound
    if estimate > limits.max_rows and sum(1 for line in data.splitlines() if line.strip()) - has_header > limits.max_rows:
        raise TooLarge("the number of rows", estimate, "max_rows", limits.max_rows)
    if estimate * width > limits.max_cells:
        raise TooLarge("the table's cells (rows x columns)", estimate * width, "max_cells", limits.max_cells)
    names, unnamed = unique_names(rows[0] if has_header else [f"column {j + 1}" for j in range(width)])
    try:
        arrow = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1 if has_header else 0,
                                           block_size=4 * 2**20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(null_values=NULL_TOKENS, strings_can_be_null=True,
                                                 quoted_strings_can_be_null=True, decimal_point=decimal,
                                                 timestamp_parsers=[]),
        )
    except pa.ArrowInvalid as exc:
        raise CSVError(row_problem(str(exc), width, has_header)) from None
    if arrow.num_rows < 2:
        raise CSVError("the file needs at least two data rows")
    columns = [arrow_column(name, arrow.column(j), unnamed[j], decimal) for j, name in enumerate(names)]
    preview_rows = rows[1:] if has_header else rows
    return Table(columns, file_name=inner or file_name, header=has_header, delimiter=delimiter, decimal=decimal,
                 encoding=encoding, compression=compression, preview=[r[:width] for r in preview_rows[:PREVIEW_ROWS]],
                 first_line=2 if has_header else 1)


def row_problem(message: str, width: int, has_header: bool) -> str:
    """pyarrow's parse error, said for a person: which row, and how to fix it."""
    found = re.search(r"Expected (\d+) columns, got (\d+): (.*)", message, re.S)
    if found:
        expected, got, text = found.groups()
        return (f"a row has {got} cells where the {'header' if has_header else 'first row'} has {expected}: "
                f"{text.strip()[:80]!r}. Quote cells that contain the delimiter, or fix that row")
    return f"the file cannot be read as CSV: {message.splitlines()[0][:200]}"
