"""schemathesis hooks (SCHEMATHESIS_HOOKS=tests.schemathesis_hooks): how to make the
bodies of POST /api/datasets (text/csv, a binary file, a multipart form's file
part). Random strings are almost never a table, so
without this every generated upload would be refused before it reached the reader
and the store, and the stateful phase (upload, then train on the returned id)
would never get an id.

Tables: a header of 1 to 4 feature names and a label, 4 to 40 rows of numbers,
labels from 2 or 3 classes (both present); sometimes no header, sometimes a
label column named in the middle. Values range over small, huge and negative.
"""

from __future__ import annotations

import os
import re

import schemathesis
from hypothesis import strategies as st

NUMBERS = st.one_of(st.integers(-1000, 1000).map(str),
                    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda v: f"{v:.6g}"))


@st.composite
def csv_tables(draw: st.DrawFn) -> bytes:
    n_features = draw(st.integers(1, 4))
    n_rows = draw(st.integers(4, 40))
    classes = draw(st.sampled_from([["a", "b"], ["0", "1"], ["cat", "dog", "fox"]]))
    labels = [classes[i % len(classes)] for i in range(n_rows)]
    labels = draw(st.permutations(labels))
    rows = [[draw(NUMBERS) for _ in range(n_features)] + [label] for label in labels]
    lines = [",".join(row) for row in rows]
    if draw(st.booleans()):
        lines.insert(0, ",".join([f"x{j + 1}" for j in range(n_features)] + ["label"]))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return (ending.join(lines) + ending).encode()


schemathesis.openapi.media_type("text/csv", csv_tables())




@st.composite
def packed_tables(draw: st.DrawFn) -> bytes:
    """A table as a file might come: plain, gzip or zip."""
    import gzip
    import io
    import zipfile

    data = draw(csv_tables())
    how = draw(st.sampled_from(["plain", "gzip", "zip"]))
    if how == "gzip":
        return gzip.compress(data, mtime=0)
    if how == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("table.csv", data)
        return buffer.getvalue()
    return data


schemathesis.openapi.media_type("application/octet-stream", packed_tables())
schemathesis.openapi.format("binary", packed_tables())  # the multipart form's file part


PREPARE = "/api/datasets/{name}/prepare"
UPLOAD = re.compile(r"^u_[0-9a-f]{32}$")
TREATMENTS = {"auto", "number", "one_hot", "drop"}


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """A schema-valid upload name in the recipe's path becomes the upload the run made first
    (GDVIZ_FUZZ_UPLOAD, see bench.fuzz_report.upload_table): a generated u_ and 32 hex digits
    names no upload, so every valid case would be a 404. This runs before every call, in every
    phase (the coverage phase does not go through the map_* hooks). Names off the pattern stay."""
    params = case.path_parameters
    name = params.get("name") if isinstance(params, dict) else None
    upload = os.environ.get("GDVIZ_FUZZ_UPLOAD")
    if case.operation.path == PREPARE and upload and isinstance(name, str) and UPLOAD.match(name):
        params["name"] = upload


@schemathesis.hook
def map_body(ctx, body):
    """A recipe's label and column names must name columns of the upload, which generated
    text cannot know: a schema-valid label becomes null (the upload's own guess) and a
    schema-valid column map an empty one, so valid recipes reach the preparation. Bodies
    that break the schema (the negative cases) are left as they are."""
    if getattr(ctx.operation, "path", None) != PREPARE or not isinstance(body, dict):
        return body
    body = dict(body)
    label = body.get("label")
    if type(label) is int or (isinstance(label, str) and 1 <= len(label) <= 200):
        body["label"] = None
    columns = body.get("columns")
    if isinstance(columns, dict) and len(columns) <= 1_000 and set(columns.values()) <= TREATMENTS:
        body["columns"] = {}
    return body
