"""The fitted weights shipped with the package: logistic models over named features.

`reading_model.json` (beside this module) holds one entry per model ("body": is a
unit article text; "split": does another story start at a place), each with the
feature names it was fitted on, the weights, the bias and the threshold its
probability is used with. `python -m tui.tools.fit_reading` writes it from a labelled
corpus.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from operator import mul
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("reading_model.json")


@dataclass(frozen=True)
class Logistic:
    """A logistic model: P = 1 / (1 + exp(-(bias + weights . features)))."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, row: Sequence[float]) -> float:
        z = self.bias + sum(map(mul, self.weights, row))
        if z < -40:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


_override: dict[str, Any] | None = None  # the shape of reading_model.json


def override(models: dict[str, Any] | None) -> None:
    """Use `models` (the shape of reading_model.json) instead of the shipped file; None: the file.

    For fitting and evaluating new weights (tools/fit_reading.py), not for normal use.
    """
    global _override
    _override = models
    load.cache_clear()


@cache
def load(name: str, features: tuple[str, ...]) -> Logistic:
    """The shipped model `name`, checked to be fitted on `features` (in that order)."""
    models = _override if _override is not None else json.loads(MODEL_FILE.read_text("utf-8"))
    data = models[name]
    if tuple(data["features"]) != features:
        raise RuntimeError(
            f"{MODEL_FILE} model {name!r} was fitted on other features; "
            "run python -m tui.tools.fit_reading again"
        )
    return Logistic(
        features, tuple(map(float, data["weights"])), float(data["bias"]), float(data["threshold"])
    )


def body() -> Logistic:
    from .body import FEATURES

    return load("body", FEATURES)


def split() -> Logistic:
    from .places import SPLIT_FEATURES

    return load("split", SPLIT_FEATURES)
