"""Importers: build a content folder from another system's export."""
