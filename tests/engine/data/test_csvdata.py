import numpy as np
import pytest

from app.engine.data.csvdata import CSVError, CSVLimits, parse_csv


def test_header_and_default_last_label_column():
    table = parse_csv(b"height,weight,species\n1.5,60,cat\n1.7,80,dog\n1.6,70,cat\n")
    assert table.feature_names == ["height", "weight"]
    assert table.class_names == ["cat", "dog"]
    np.testing.assert_array_equal(table.y, [0, 1, 0])
    np.testing.assert_allclose(table.X, [[1.5, 60], [1.7, 80], [1.6, 70]])


def test_no_header_is_detected():
    table = parse_csv(b"1,2,0\n3,4,1\n5,6,1\n")
    assert table.X.shape == (3, 2) and table.feature_names == ["x1", "x2"]


def test_forced_header_modes():
    assert parse_csv(b"1,2,0\n3,4,1\n5,6,0\n", header="yes").X.shape == (2, 2)
    with pytest.raises(CSVError, match="row 1, column 1 \\('x1'\\)"):
        parse_csv(b"a,b,c\n3,4,1\n5,6,0\n", header="no")


def test_label_column_by_name_index_and_negative_index():
    text = b"y,a,b\n0,1,2\n1,3,4\n2,5,6\n"
    by_name = parse_csv(text, label_column="y")
    by_index = parse_csv(text, label_column=0)
    by_negative = parse_csv(b"a,y,b\n1,0,2\n3,1,4\n", label_column=-2)
    np.testing.assert_array_equal(by_name.y, [0, 1, 2])
    np.testing.assert_array_equal(by_name.X, by_index.X)
    assert by_negative.feature_names == ["a", "b"]


def test_numeric_labels_sort_numerically():
    table = parse_csv(b"x,label\n1,10\n2,9\n3,10\n4,2\n")
    assert table.class_names == ["2", "9", "10"]
    np.testing.assert_array_equal(table.y, [2, 1, 2, 0])


def test_semicolons_tabs_bom_and_blank_lines():
    table = parse_csv("\ufeffa;b;c\n1;2;x\n\n3;4;y\n".encode())
    assert table.feature_names == ["a", "b"] and len(table.y) == 2
    assert parse_csv(b"a\tb\n1\tx\n2\ty\n").X.shape == (2, 1)


@pytest.mark.parametrize("data, message", [
    (b"a,b,c\n1,2,x\n3,oops,y\n", r"row 3, column 2 \('b'\) has 'oops', not a finite number"),
    (b"a,b,c\n1,2,x\n3,,y\n", r"row 3, column 2 \('b'\) is empty"),
    (b"a,b,c\n1,2,x\n3,nan,y\n", r"row 3, column 2 \('b'\) has 'nan'"),
    (b"a,b,c\n1,2,x\n3,inf,y\n", r"row 3, column 2 \('b'\) has 'inf'"),
    (b"a,b,c\n1,2,x\n3,4\n", r"row 3 has 2 columns; the first row has 3"),
    (b"a,b,c\n1,2,x\n3,4,\n", r"row 3, column 3 \('c'\): the label is empty"),
    (b"a,b,c\n1,2,x\n3,4,x\n", r"only one class"),
    (b"a,b\n1,x\n", r"at least two data rows"),
    (b"", r"empty"),
    (b"\n\n", r"empty"),
    (b'""\n""\n', r"every row is empty"),  # found by schemathesis: quoted empty cells only
    (b"a\n1\n2\n", r"at least two columns"),
    (b"\xff\xfe\x00a", r"not UTF-8"),
    (b"a,b\x00,c\n1,2,3\n", r"NUL"),
])
def test_broken_files_name_the_place(data, message):
    with pytest.raises(CSVError, match=message):
        parse_csv(data)


def test_unknown_label_column_lists_the_columns():
    with pytest.raises(CSVError, match="'target' not found; the columns are a, b, c"):
        parse_csv(b"a,b,c\n1,2,x\n3,4,y\n", label_column="target")
    with pytest.raises(CSVError, match="out of range"):
        parse_csv(b"a,b,c\n1,2,x\n3,4,y\n", label_column=5)


def test_limits_name_themselves():
    rows = b"x,y\n" + b"".join(b"%d,%d\n" % (i, i % 2) for i in range(11))
    with pytest.raises(CSVError, match="max_rows=10"):
        parse_csv(rows, limits=CSVLimits(max_rows=10))
    with pytest.raises(CSVError, match="max_columns=2"):
        parse_csv(b"a,b,c,d\n1,2,3,0\n4,5,6,1\n", limits=CSVLimits(max_columns=2))
    with pytest.raises(CSVError, match="max_classes=3"):
        parse_csv(b"x,y\n1,a\n2,b\n3,c\n4,d\n", limits=CSVLimits(max_classes=3))


def test_script_in_a_column_name_is_kept_as_plain_text():
    table = parse_csv(b"<script>alert(1)</script>,label\n1,a\n2,b\n")
    assert table.feature_names == ["<script>alert(1)</script>"]
