"""The typed, immutable content model. Only ``confsite.load`` builds it from files."""

from confsite.model.common import LangText, Record, localize
from confsite.model.content import Content

__all__ = ["Content", "LangText", "Record", "localize"]
