"""`recover log load --plot FILE`: the weekly load and fitness, fatigue and form as a
picture (PNG or SVG, by the file's suffix), drawn with matplotlib.

matplotlib is an optional extra (`pip install 'recover-cli[plot]'`), imported only
here and only when a picture is asked for, so it costs nothing otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recoverycli.model import RuleBook
    from recoverycli.traininglog.load_types import LoadReport

FORMATS = (".png", ".svg")


class PlotUnavailable(RuntimeError):
    """matplotlib is not installed: the picture needs the `plot` extra."""


def write_plot(report: LoadReport, book: RuleBook, lang: str, path: Path) -> None:
    """Draw the report to `path` (written through `fileio`, like the calendar)."""
    import io

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise PlotUnavailable(str(exc)) from None
    from recoverycli.fileio import write_file

    msg = book.vocab.msg
    days = report.days
    figure, (weeks_axis, form_axis) = plt.subplots(2, 1, figsize=(9, 6), constrained_layout=True)
    weeks = report.weeks
    weeks_axis.bar([w.start for w in weeks], [w.load or 0 for w in weeks], width=5, color="#4c72b0")
    weeks_axis.set_title(msg("load_title", lang))
    weeks_axis.set_ylabel(msg("load_col_load", lang))
    dates = [d.date for d in days]
    for values, key, colour in (([d.fitness for d in days], "load_fitness", "#55a868"),
                                ([d.fatigue for d in days], "load_fatigue", "#c44e52"),
                                ([d.form for d in days], "load_form", "#8172b2")):
        form_axis.plot(dates, [float("nan") if v is None else v for v in values], label=msg(key, lang),
                       color=colour)
    form_axis.axhline(0, color="#999999", linewidth=0.8)
    form_axis.set_title(msg("heading_form", lang).split(" (")[0])
    form_axis.legend(loc="upper left")
    import matplotlib.dates as mdates

    for axis in (weeks_axis, form_axis):
        locator = mdates.AutoDateLocator(maxticks=8)  # type: ignore[no-untyped-call]
        axis.xaxis.set_major_locator(locator)
        axis.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    buffer = io.BytesIO()
    figure.savefig(buffer, format=path.suffix.lstrip(".").lower())
    plt.close(figure)
    write_file(path, buffer.getvalue())
