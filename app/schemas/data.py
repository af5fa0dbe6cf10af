"""Data sets on the wire: which set and how to prepare it, what a set or an upload is, and the
raw points of a set (for scatter plots)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from app.engine import catalogue
from app.engine.data.datasets import DatasetSpec
from app.engine.data.prepare import Recipe
from app.engine.data.store import ID_PATTERN
from app.engine.spec.run import dataset_from_json, recipe_of
from app.schemas.base import Request, Seed
from app.schemas.choices import params_fields, with_fields

FeatureId = Literal["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]
BUILTIN_DATASETS = catalogue.names("datasets")
UPLOAD_ID = ID_PATTERN.pattern

TreatmentName = Literal["auto", "number", "one_hot", "drop"]
ColumnName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class RecipeRequest(Request):
    """How to prepare an uploaded table (built-in sets ignore it): fitted on the training
    rows only, and part of the run spec, so a link or a saved config rebuilds the same features."""

    label: ColumnName | int | None = Field(None, description="The label column: its name (any case) or its "
                                           "number (1 = the first, -1 = the last); null: the upload's guess")
    columns: dict[str, TreatmentName] = Field(
        default_factory=dict, max_length=1_000,
        description="Column name -> number, one_hot or drop; a column not named here gets the report's suggestion")
    missing: Literal["impute", "drop_rows"] = Field(
        "impute", description="impute: median (numbers) or most frequent (levels), plus a missing-indicator column; "
                              "drop_rows: drop the rows with a missing cell")
    scale: Literal["standard", "minmax", "none"] = Field("standard", description="How number columns are scaled")
    max_levels: int = Field(20, ge=2, le=200, description="One-hot at most this many levels; the rarest join "
                                                          "an 'other' column")
    task: Literal["auto", "classification", "regression"] = Field(
        "auto", description="What the label is for; auto: regression when it looks continuous (a number column "
                            "with more than 10 values), classification otherwise")


def recipe_of_request(req: RecipeRequest | None) -> Recipe | None:
    """The engine's recipe of a request's (None: the upload report's suggestions)."""
    return None if req is None else recipe_of(req.model_dump())


@with_fields(params_fields("datasets"))
class DatasetRequest(Request):
    """Which data set, and how to prepare it."""

    # A built-in set's own options (a synthetic set's n_samples and noise, digit_vs_rest's digit)
    # are added from the catalogue: each set reads its own.

    name: str = Field("blobs", min_length=1, max_length=64,
                      description="A built-in name (GET /api/datasets) or an upload id (u_...)",
                      json_schema_extra={"anyOf": [{"enum": list(BUILTIN_DATASETS)}, {"pattern": UPLOAD_ID}]})
    seed: int = Seed
    standardize: bool = True
    test_fraction: float = Field(0.2, ge=0, le=0.9)
    features: list[FeatureId] | None = Field(None, min_length=1, max_length=7,
                                             description="Feature map for 2-D sets")
    prepare: RecipeRequest | None = Field(None, description="Uploads only: the preparation recipe "
                                                             "(null: the upload report's suggestions)")

    def to_spec(self) -> DatasetSpec:
        """The engine's description of this data set."""
        return dataset_from_json(self.model_dump())

    @field_validator("name")
    @classmethod
    def _known_name(cls, name: str) -> str:
        if name not in BUILTIN_DATASETS and not ID_PATTERN.match(name):
            raise ValueError(f"unknown data set {name[:40]!r}: choose one of {', '.join(BUILTIN_DATASETS)}, "
                             "or an upload id (u_ and 32 hex digits) from POST /api/datasets")
        return name


# --- what a data set is -------------------------------------------------------------------
class DatasetInfo(BaseModel):
    name: str
    description: str
    kind: Literal["synthetic", "real", "upload"]
    task: Literal["classification", "regression"] = "classification"
    n_samples: int
    n_features: int
    n_classes: int = Field(description="0 for a regression (a real-valued target)")
    feature_names: list[str]
    class_names: list[str]
    parameters: dict[str, float | int | None]
    file_name: str | None = None  # uploads: the file's name as sent


class ColumnInfo(BaseModel):
    number: int = Field(description="1 = the first column")
    name: str
    kind: Literal["numeric", "categorical", "text", "id", "constant", "mostly_missing", "empty"]
    levels: int = Field(description="Distinct values present")
    missing: int
    treatment: Literal["number", "one_hot", "drop"] = Field(description="The suggestion")
    why: str
    examples: list[str]
    bad: int = Field(description="Numbers only: cells that were not numbers, read as missing")
    as_label: str | None = Field(description='"ok", or why this column cannot be the label')
    label_task: Literal["classification", "regression"] | None = Field(
        description="As the label: regression when it looks continuous; null when it cannot be the label")


class PreparedInfo(BaseModel):
    """What a recipe makes of an upload."""

    label: str
    task: Literal["classification", "regression"]
    n_rows: int = Field(description="Rows used (train and test)")
    rows_dropped: int
    n_features: int
    feature_names: list[str] = Field(description="The first 200")
    n_classes: int
    class_names: list[str]
    treatments: dict[str, str] = Field(description="Column -> what was done")
    notes: list[str]


class UploadInfo(DatasetInfo):
    """An upload: how it was read, every column's report, the first rows, and what the
    default recipe makes of it (or every problem that stops it)."""

    n_rows: int
    n_columns: int
    read: dict[str, str | bool]
    columns: list[ColumnInfo]
    preview: list[list[str]] = Field(description="The first data rows, as written")
    first_line: int = Field(description="The file line of the first data row")
    prepared: PreparedInfo | None
    problems: list[str]


# --- its points --------------------------------------------------------------------------
class PointsRequest(Request):
    """POST /api/points: the raw points of a data set, for scatter plots."""

    dataset: DatasetRequest = Field(default_factory=DatasetRequest)


class PointsResponse(BaseModel):
    feature_names: list[str]
    class_names: list[str]
    task: Literal["classification", "regression"]
    target_name: str
    axes: list[str] | None = Field(None, description="Sets of more than two features: the two principal "
                                   "components the points are drawn on (null: the raw features)")
    train_x: list[list[float]] | None = Field(description="Raw points of a 1-D or 2-D set; other sets' on their "
                                              "first two principal components (fitted on the training rows)")
    train_y: list[int] | list[float] = Field(description="Labels; a regression's targets in their own units")
    test_x: list[list[float]] | None
    test_y: list[int] | list[float]
