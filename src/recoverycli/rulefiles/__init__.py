"""Rule files on disk → a checked, compiled rule book.

`discovery` (which files), `bounded_yaml` (safe YAML with line numbers and
limits), `checks/` (one module per concern, each check yielding located
problems), `parse` (one file's raw entries → model), `assemble` (files → one
book, and the cross-file checks), `plaindata` (the model as plain JSON and
back), `cache` (one cache, keyed per file).
"""
