"""Reading real files: delimiters, decimal commas, BOM, CRLF, NA tokens, gzip and zip,
header detection, and the limits checked before a table is built."""

import numpy as np
import pytest

from app.engine.data.csv_read import CSVError, ReadLimits, read_table
from app.engine.errors import TooLarge
from tests import tables


def column(table, name):
    return table.columns[table.find(name)]


def test_a_passenger_list_reads_with_text_gaps_and_quoted_commas():
    t = read_table(tables.passengers(), "titanic.csv")
    assert t.header and t.delimiter == "," and t.n_rows == 400 and t.first_line == 2
    assert column(t, "Name").levels[0].startswith("Smyth") and "," in column(t, "Name").levels[0]
    assert column(t, "sex").levels == ["female", "male"]  # names are found in any case
    age = column(t, "Age")
    assert age.numeric and age.missing.sum() > 40  # empty cells are gaps, not errors
    assert column(t, "Embarked").missing.sum() > 0 and column(t, "Embarked").levels == ["C", "Q", "S"]
    assert t.preview[0][0] == "1" and len(t.preview) == 8


def test_a_headerless_categorical_table_is_not_taken_for_a_header():
    t = read_table(tables.cars(), "car.data")
    assert not t.header and t.first_line == 1
    assert t.names == [f"column {j}" for j in range(1, 8)]
    assert column(t, "column 3").levels == ["2", "3", "4", "5more"]  # numbers and words: levels


def test_a_european_export_semicolons_decimal_commas_bom_crlf():
    t = read_table(tables.european())
    assert (t.delimiter, t.decimal, t.header) == (";", ",", True)
    assert t.names[0] == "Pregnancies"  # the BOM is gone
    bmi = column(t, "BMI").values
    assert bmi.dtype == np.float32 and 15 < np.nanmean(bmi) < 50


def test_na_tokens_and_a_stray_word_in_a_numeric_column():
    t = read_table(b"a,b,c\n1,NA,x\n2,?,y\n3,,x\n4,n/a,y\n5,oops,x\n" + b"".join(b"%d,%d,y\n" % (i, i) for i in range(60)))
    b = column(t, "b")
    assert b.numeric and b.bad == 1 and b.bad_example == "oops"
    assert int(b.missing.sum()) == 5


def test_an_unnamed_index_column_is_marked():
    t = read_table(tables.medical())
    assert t.names[0] == "column 1" and t.columns[0].unnamed


@pytest.mark.parametrize("pack", [tables.zipped, tables.gzipped])
def test_zip_and_gzip_files(pack):
    t = read_table(pack(tables.passengers(50)), "upload")
    assert t.n_rows == 50 and t.compression in ("zip", "gzip")
    if t.compression == "zip":
        assert t.file_name == "data.csv"


def test_a_windows_code_page_file_is_read():
    t = read_table("name,score\nJosé,1\nRenée,0\nZoë,1\n".encode("cp1252"))
    assert t.encoding == "cp1252" and column(t, "name").levels == ["José", "Renée", "Zoë"]


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"\n\n", "empty"),
    (b"a\n1\n2\n", "at least two columns"),
    (b"a,b\n1,x\n", "at least two data rows"),
    (b"a,b,c\n1,2,3\n4,5\n6,7,8\n", "a row has 2 cells where the header has 3"),
    (b"PK\x03\x04broken", "zip file cannot be opened"),
    (tables.zipped(b"a,b\n1,2\n", "one.csv")[:-1] + b"", "zip"),
    (b"a,b\x00,c\n1,2,3\n", "NUL"),
])
def test_broken_files_say_what_and_how_to_fix(data, message):
    with pytest.raises(CSVError, match=message):
        read_table(data)


def test_limits_refuse_before_the_table_is_built():
    rows = b"x,y\n" + b"".join(b"%d,%d\n" % (i, i % 2) for i in range(200))
    with pytest.raises(TooLarge, match="max_rows=100"):
        read_table(rows, limits=ReadLimits(max_rows=100))
    with pytest.raises(TooLarge, match="max_cells=300"):
        read_table(rows, limits=ReadLimits(max_cells=300))
    with pytest.raises(TooLarge, match="max_columns=1"):
        read_table(rows, limits=ReadLimits(max_columns=1))
    bomb = tables.gzipped(b"x,y\n" + b"1,0\n" * 100_000)  # 400 kB unzipped from about 1 kB
    with pytest.raises(TooLarge, match="unzipped"):
        read_table(bomb, limits=ReadLimits(max_bytes=10_000))


def test_header_can_be_forced_either_way():
    data = b"1,2,0\n3,4,1\n5,6,1\n"
    assert read_table(data, header="yes").names == ["1", "2", "0"]  # numeric header names
    assert read_table(data, header="no").n_rows == 3
    with pytest.raises(CSVError, match="header must be"):
        read_table(data, header="maybe")


def test_a_zip_of_several_tables_says_which():
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("train.csv", "a,b\n1,2\n")
        archive.writestr("test.csv", "a,b\n3,4\n")
        archive.writestr("__MACOSX/._train.csv", "junk")
    with pytest.raises(CSVError, match="holds train.csv, test.csv: zip exactly one CSV file"):
        read_table(buffer.getvalue())
