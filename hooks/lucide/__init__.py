"""Lucide's knowledge core: parse -> model -> link -> render, in plain Python.

Nothing in this package imports MkDocs: ``hooks/lucide_hooks.py`` adapts it to MkDocs events,
so the same core can serve another engine.
"""
