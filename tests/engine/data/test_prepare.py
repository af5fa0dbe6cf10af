"""The preparation recipe: each real table trains with no hand edits; every choice is
honoured; fitting sees the training rows only; refusals list every problem."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from app.engine.data.csv_read import read_table
from app.engine.data.datasets import split_indices
from app.engine.data.prepare import PrepareError, Recipe, prepare_table
from tests import tables


def prepare(data, recipe=Recipe(), **kw):
    return prepare_table(read_table(data), recipe, kw.get("test_fraction", 0.25), kw.get("seed", 0), split_indices)


@pytest.mark.parametrize("maker, label, at_least", [
    (tables.passengers, "Survived", 0.75),
    (tables.cars, "column 7", 0.85),
    (tables.medical, "Outcome", 0.75),
    (tables.european, "Outcome", 0.7),
    (tables.prices, "Survived", 0.6),
])
def test_each_real_table_trains_with_the_defaults(maker, label, at_least):
    done = prepare(maker())
    assert done.label == label
    assert np.isfinite(done.X_train).all() and np.isfinite(done.X_test).all()
    model = LogisticRegression(max_iter=5000).fit(done.X_train, done.y_train)
    assert model.score(done.X_test, done.y_test) >= at_least


def test_the_passenger_features_say_what_was_done():
    done = prepare(tables.passengers())
    assert done.feature_names == ["Pclass", "SibSp", "Fare", "Age", "Sex=female", "Sex=male", "Embarked=C",
                                  "Embarked=Q", "Embarked=S", "Age missing", "Embarked missing"]
    assert done.treatments["Name"] == "drop" and done.treatments["Survived"] == "label"
    assert done.treatments["Age"].startswith("number (missing filled in")
    assert done.class_names == ["0", "1"] and done.rows_dropped == 0


def test_scaling_and_imputing_are_fitted_on_the_training_rows_only():
    done = prepare(tables.passengers(), Recipe(scale="standard"))
    k = done.feature_names.index("Fare")
    assert abs(done.X_train[:, k].mean()) < 1e-9 and abs(done.X_train[:, k].std() - 1) < 1e-9
    assert abs(done.X_test[:, k].mean()) > 1e-6  # the test rows are scaled with the training rows' statistics
    minmax = prepare(tables.passengers(), Recipe(scale="minmax"))
    assert minmax.X_train[:, k].min() == 0 and minmax.X_train[:, k].max() == 1


def test_choices_override_the_suggestions():
    done = prepare(tables.passengers(), Recipe(label="pclass", columns=(("Sex", "drop"), ("Survived", "number"),
                                                                        ("Cabin", "one_hot")), max_levels=5))
    assert done.label == "Pclass" and done.class_names == ["1", "2", "3"]
    assert not any(n.startswith("Sex") for n in done.feature_names)
    assert "Cabin=other" in done.feature_names  # past the cap, the rarest levels share a column
    assert sum(n.startswith("Cabin=") for n in done.feature_names) <= 5
    by_number = prepare(tables.passengers(), Recipe(label=3))
    assert by_number.label == "Pclass"


def test_drop_rows_instead_of_filling_in():
    done = prepare(tables.passengers(), Recipe(missing="drop_rows"))
    assert done.rows_dropped > 50 and "Age missing" not in done.feature_names


def test_the_same_recipe_and_seed_make_the_same_features():
    a, b = prepare(tables.medical()), prepare(tables.medical())
    np.testing.assert_array_equal(a.X_train, b.X_train)
    assert not np.array_equal(prepare(tables.medical(), seed=1).y_train, a.y_train)


@pytest.mark.parametrize("recipe, message", [
    (Recipe(label="Fare", task="classification"), r"'Fare' looks continuous \(\d+ distinct numbers such as .*\): "
                                                  "classes would be one per value; choose task regression"),
    (Recipe(label="Sex", task="regression"), r"regression needs a number label, and 'Sex' holds text \(female, male\)"),
    (Recipe(label="PassengerId"), r"cannot be the label: it is an identifier .* could be the label: 'Survived'"),
    (Recipe(label="Name"), "cannot be the label"),
    (Recipe(label="nope"), "there is no column 'nope'"),
    (Recipe(label=40), "there is no column 40: the table has columns 1 to 11"),
    (Recipe(columns=(("Sex", "number"), ("nope", "drop"), ("Age", "sideways"))),
     r"there is no column 'nope'.*'sideways' is not one of.*'Sex' holds text \(female, male\): one-hot it"),
    (Recipe(columns=tuple((n, "drop") for n in ("Pclass", "Sex", "Age", "SibSp", "Fare", "Embarked"))),
     "every feature column is dropped"),
])
def test_refusals_list_every_problem_and_the_fix(recipe, message):
    with pytest.raises(PrepareError, match=message):
        prepare(tables.passengers(), recipe)


def test_a_one_class_label_suggests_another_column():
    data = b"a,b,y\n" + b"".join(b"%d,%d,same\n" % (i, i % 3) for i in range(20))
    with pytest.raises(PrepareError, match=r"one value only.*could be the label: 'b' \(column 2\)"):
        prepare(data, Recipe(label="y"))


def test_numeric_header_names_are_names_first():
    data = b"1,2,0\n" + b"".join(b"%d,%d,%d\n" % (i % 7, i % 3, i % 2) for i in range(40))
    table = read_table(data, header="yes")
    by_name = prepare_table(table, Recipe(label="0"), 0.25, 0, split_indices)
    assert by_name.label == "0"  # the column called "0", not a column number
    by_number = prepare_table(table, Recipe(label=1), 0.25, 0, split_indices)
    assert by_number.label == "1"  # 1 = the first column
