"""Renderers: turn engine results into JSON, rich text, the short answer, CSV or iCalendar.

Why a package: one module per output (`jsonout`, `richout`, `brief`, `ics`,
the log and load views), all taking their shared words from `words` and
`common`, so an output format never borrows another's.
"""
