"""The overview as JSON, CSV (metric, key, value rows) or a self-contained HTML page."""
from __future__ import annotations

import html
import json

from bot.analytics import spreadsheet


def to_json(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, sort_keys=False)


def rows(report: dict) -> list[tuple[str, str, object]]:
    """The report flattened: (metric, key, value); nested keys joined with '.'."""
    flat: list[tuple[str, str, object]] = []

    def walk(metric: str, key: str, value: object) -> None:
        if isinstance(value, dict):
            if not value:
                flat.append((metric, key, ""))
            for inner, item in value.items():
                walk(metric, f"{key}.{inner}" if key else str(inner), item)
        elif isinstance(value, list):
            for item in value:  # unanswered: [{"text", "count"}]
                flat.append((metric, str(item.get("text", "")), item.get("count", "")))
        else:
            flat.append((metric, key, "" if value is None else value))

    for metric, value in report.items():
        if isinstance(value, dict) and metric in ("reflections", "programme_referrals", "commitments"):
            for part, inner in value.items():
                walk(f"{metric}.{part}", "", inner)
        else:
            walk(metric, "", value)
    return flat


def to_csv(report: dict) -> str:
    """The report's (metric, key, value) rows, every cell safe to open in a spreadsheet."""
    return spreadsheet.to_csv(["metric", "key", "value"], rows(report))


def to_html(report: dict) -> str:
    esc = html.escape
    period = report["period"]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Coach analytics {esc(period['from'])} to {esc(period['to'])}</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;"
        "text-align:left}td.n{text-align:right}</style></head><body>",
        f"<h1>Coach analytics: {esc(period['from'])} to {esc(period['to'])}</h1>",
    ]
    sections: dict[str, list[tuple[str, object]]] = {}
    for metric, key, value in rows(report):
        sections.setdefault(metric, []).append((key, value))
    for metric, items in sections.items():
        parts.append(f"<h2>{esc(metric.replace('_', ' '))}</h2><table>")
        for key, value in items:
            cell = '<td class="n">' if isinstance(value, (int, float)) else "<td>"
            head = f'<th scope="row">{esc(str(key))}</th>' if key else ""
            parts.append(f"<tr>{head}{cell}{esc(str(value))}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


FORMATS = {"json": to_json, "csv": to_csv, "html": to_html}
