"""The column report: each column's kind, gaps and suggested treatment, and the label's guess."""

import pytest

from app.engine.data.columns import column_reports, guess_label
from app.engine.data.csv_read import read_table
from tests import tables


def by_name(data):
    return {r.name: r for r in column_reports(read_table(data))}


def test_a_passenger_list_is_described_column_by_column():
    r = by_name(tables.passengers())
    kinds = {name: (rep.kind, rep.treatment) for name, rep in r.items()}
    assert kinds == {
        "PassengerId": ("id", "drop"), "Survived": ("numeric", "number"), "Pclass": ("numeric", "number"),
        "Name": ("text", "drop"), "Sex": ("categorical", "one_hot"), "Age": ("numeric", "number"),
        "SibSp": ("numeric", "number"), "Ticket": ("text", "drop"), "Fare": ("numeric", "number"),
        "Cabin": ("mostly_missing", "drop"), "Embarked": ("categorical", "one_hot")}
    assert r["Age"].missing > 40 and "filled in" in r["Age"].why
    assert r["Sex"].levels == 2 and r["Sex"].examples == ["female", "male"]
    assert r["Survived"].as_label == "ok" and r["Survived"].label_task == "classification"
    assert r["Fare"].as_label == "ok" and r["Fare"].label_task == "regression"  # continuous: a regression target
    assert "identifier" in r["PassengerId"].as_label and r["PassengerId"].label_task is None
    assert "identifier" in r["Name"].as_label or "distinct values" in r["Name"].as_label


def test_ids_constants_and_an_unnamed_index():
    r = by_name(tables.medical())
    assert r["column 1"].kind == "id" and r["column 1"].treatment == "drop"
    assert r["patient"].kind in ("text", "id") and r["notes"].kind == "text"
    data = b"row_id,k,n,const,x,y\n" + b"".join(b"%d,%d,%d,7,%d,%d\n" % (i * 3, 100 - i, i * 7 % 31, i % 5, i % 2)
                                              for i in range(30))
    r = by_name(data)
    assert r["const"].kind == "constant" and r["row_id"].kind == "id"  # named like an id
    assert r["k"].kind == "id"  # consecutive whole numbers, one per row
    assert r["n"].kind == "numeric" and r["x"].kind == "numeric"  # distinct, but neither


def test_many_levels_are_not_one_hot_by_default():
    data = b"city,y\n" + b"".join(b"c%d,%d\n" % (i % 30, i % 2) for i in range(120))
    assert by_name(data)["city"].treatment == "drop" and "raise the cap" in by_name(data)["city"].why
    assert column_reports(read_table(data), max_levels=40)[0].treatment == "one_hot"


@pytest.mark.parametrize("maker, label", [
    (tables.passengers, "Survived"),  # by its name
    (tables.cars, "column 7"),  # the last column
    (tables.medical, "Outcome"),
    (tables.european, "Outcome"),
    (tables.prices, "Survived"),  # the last column is a price; the name finds the label
])
def test_the_label_guess(maker, label):
    reports = column_reports(read_table(maker()))
    index, why = guess_label(reports)
    assert reports[index].name == label and why


def test_a_continuous_last_column_is_guessed_as_a_regression_target():
    reports = column_reports(read_table(tables.prices(label_name="Kept")))
    index, why = guess_label(reports)
    assert reports[index].name == "Fare" and "last column" in why and reports[index].label_task == "regression"


def test_no_guess_past_an_unfit_last_column():
    reports = column_reports(read_table(b"a,b,note\n" + b"".join(b"%d,%d,row %d\n" % (i, i % 3, i)
                                                                   for i in range(30))))
    index, why = guess_label(reports)
    assert index is None and "'note'" in why
