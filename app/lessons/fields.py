"""Field types the lessons' requests share: numbers a learner types or a lesson's data holds."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

Weight = Annotated[float, Field(ge=0, le=1e6)]
Logit = Annotated[float, Field(ge=-1000, le=1000)]  # the max trick keeps e^z finite at any of these
ClassIndex = Annotated[int, Field(ge=0, le=5)]
Probability = Annotated[float, Field(ge=0, le=1)]
Typed = Annotated[float, Field(ge=-100, le=100)]  # a number a learner types into a lesson
