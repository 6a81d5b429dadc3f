"""The word lists a linguist reviews (TOML files beside this module) and their typed loaders."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def load_vocabulary(name: str, model: type[M]) -> M:
    """The TOML file `name` of this package, read and checked against its model."""
    text = files("extractor.vocab").joinpath(name).read_text(encoding="utf-8")
    return model.model_validate(tomllib.loads(text))
