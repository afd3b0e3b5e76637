"""Server-side SVG charts for the dashboard: no JavaScript, no inline CSS (the page's CSP allows
styles from files only, so the SVG uses presentation attributes), every label escaped."""
from __future__ import annotations

from datetime import date, timedelta

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 36, 64
BAR = "#005eb8"
INK = "#212b32"
GRID = "#d8dde0"


def days_between(since: date, until: date, counts: dict[str, int]) -> list[tuple[str, int]]:
    """Every day of the period (days without conversations count 0)."""
    series, day = [], since
    while day <= until:
        series.append((day.isoformat(), int(counts.get(day.isoformat(), 0))))
        day += timedelta(days=1)
    return series


def _nice_max(value: int) -> int:
    """The y axis's top: the first of 5, 10, 20, 25, 50, 100, 200, 250, 500... at least `value`."""
    scale = 1
    while True:
        for step in (5, 10, 20, 25, 50):
            if value <= step * scale:
                return step * scale
        scale *= 10


def bar_chart(series: list[tuple[str, int]], *, title: str, x_label: str, y_label: str, chart_id: str) -> Markup:
    """A bar chart as an inline <svg role="img"> with a <title>, an aria-label and axis labels."""
    total = sum(value for _, value in series)
    aria = f"{title}: {total} in total over {len(series)} days" + (
        f", most on {max(series, key=lambda item: item[1])[0]}" if total else ""
    )
    top = _nice_max(max((value for _, value in series), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(series), 1)
    slot = plot_w / n
    bar_w = max(1.0, slot * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-title" aria-label="{escape(aria)}" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<text x="{WIDTH / 2:.0f}" y="20" text-anchor="middle" font-size="15" font-weight="700" fill="{INK}">'
        f"{escape(title)}</text>",
    ]
    ticks = 5
    for i in range(ticks + 1):
        value = top * i / ticks
        y = TOP + plot_h - plot_h * i / ticks
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        label = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">{label}</text>')
    label_every = max(1, round(n / 8))
    for index, (key, value) in enumerate(series):
        x = LEFT + slot * index + (slot - bar_w) / 2
        h = plot_h * value / top if top else 0
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}">'
            f"<title>{escape(key)}: {value}</title></rect>"
        )
        if index % label_every == 0:
            cx = LEFT + slot * index + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="11" fill="{INK}">'
                f"{escape(key[5:])}</text>"
            )
    parts += [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="{INK}"/>',
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="{INK}"/>',
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="12" fill="{INK}">'
        f"{escape(x_label)}</text>",
        f'<text x="14" y="{TOP + plot_h / 2:.0f}" text-anchor="middle" font-size="12" fill="{INK}" '
        f'transform="rotate(-90 14 {TOP + plot_h / 2:.0f})">{escape(y_label)}</text>',
        "</svg>",
    ]
    return Markup("\n".join(parts))


HELPFUL, NOT_HELPFUL, NO_FEEDBACK = "#007f3b", "#d5281b", "#aeb7bd"
ROW_H, LABEL_W = 34, 220


def satisfaction_chart(rows: list[tuple[str, dict]], *, title: str, chart_id: str) -> Markup:
    """Stacked horizontal bars, one per row (helpful, not helpful, no feedback: counts of answered
    pairs, bot.analytics.feedback), as an inline <svg role="img">; the page has the table too."""
    height = TOP + ROW_H * max(len(rows), 1) + 40
    plot_w = WIDTH - LABEL_W - RIGHT
    aria = f"{title}: " + "; ".join(
        f"{label}: {t['helpful']} helpful, {t['not_helpful']} not helpful, {t['no_feedback']} no feedback"
        for label, t in rows) if rows else f"{title}: no answers in this period"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{chart_id}-title" aria-label="{escape(aria)}" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<text x="{WIDTH / 2:.0f}" y="20" text-anchor="middle" font-size="15" font-weight="700" fill="{INK}">'
        f"{escape(title)}</text>",
    ]
    for index, (label, tally) in enumerate(rows):
        y = TOP + ROW_H * index
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + ROW_H / 2 + 4:.1f}" text-anchor="end" font-size="12" '
                     f'fill="{INK}">{escape(label[:32])}</text>')
        total = tally["answered"] or 1
        x = float(LABEL_W)
        for key, colour, name in (("helpful", HELPFUL, "helpful"), ("not_helpful", NOT_HELPFUL, "not helpful"),
                                  ("no_feedback", NO_FEEDBACK, "no feedback")):
            w = plot_w * tally[key] / total
            if w:
                parts.append(f'<rect x="{x:.1f}" y="{y + 6}" width="{w:.1f}" height="{ROW_H - 12}" fill="{colour}">'
                             f"<title>{escape(label)}: {tally[key]} {name}</title></rect>")
            x += w
    legend_y = height - 14
    for offset, (colour, name) in enumerate(((HELPFUL, "Helpful"), (NOT_HELPFUL, "Not helpful"),
                                             (NO_FEEDBACK, "No feedback"))):
        lx = LABEL_W + offset * 150
        parts.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 18}" y="{legend_y}" font-size="12" fill="{INK}">{name}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
