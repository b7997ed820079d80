"""Renderers: turn engine results into JSON, rich text, CSV or iCalendar."""
