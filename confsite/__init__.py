"""confsite: a conference's content and constraints in YAML, turned into an optimised
agenda, a budget plan and a MkDocs Material website."""

__version__ = "0.1.0"
