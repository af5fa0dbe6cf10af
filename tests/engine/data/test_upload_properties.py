"""Any bytes at all: reading, reporting and preparing either work or raise gdviz's own
error with words; never anything else (a NumPy or pyarrow error would be a 500)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.data.columns import column_reports
from app.engine.data.csv_read import ReadLimits, read_table
from app.engine.data.datasets import split_indices
from app.engine.data.prepare import Recipe, prepare_table
from app.engine.errors import UserError

CELLS = st.one_of(st.sampled_from(["", "NA", "?", "1", "-2.5", "1e308", "3,5", "x", "a b", '"q,uoted"', "nan",
                                   "inf", "Ÿ", "0", "1"]),
                  st.text(alphabet="ab01.,;-\t \"'", max_size=6))


@st.composite
def messy_tables(draw: st.DrawFn) -> bytes:
    width = draw(st.integers(1, 5))
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width + 1), min_size=0, max_size=12))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    text = end.join(sep.join(r) for r in rows)
    return (draw(st.sampled_from(["", "\ufeff"])) + text).encode()


def run_all(data: bytes) -> None:
    try:
        table = read_table(data, limits=ReadLimits(max_rows=50, max_cells=500))
        column_reports(table)
        prepare_table(table, Recipe(), 0.25, 0, split_indices)
        prepare_table(table, Recipe(label=1, missing="drop_rows", scale="minmax"), 0.25, 0, split_indices)
    except UserError as exc:
        assert str(exc)  # a message, always


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(messy_tables())
def test_messy_text_tables(data):
    run_all(data)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=300))
def test_any_bytes(data):
    run_all(data)
