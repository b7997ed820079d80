"""Rule files on disk → a checked, compiled rule book.

`discovery` (which files), `bounded_yaml` (safe YAML with line numbers and
limits), `checks` (one check per concern, each yielding located problems),
`parse` (raw entries → model), `cache` (one cache, keyed per file).
"""
