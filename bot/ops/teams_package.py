"""Build the Teams app package: `python -m bot.ops.teams_package [--out dist/teams-app.zip]`.

The zip holds manifest.json (from teams/manifest.template.json) and the two icons at its root, as
Teams requires. Values come from the environment:

  TEAMS_APP_ID        required: the Azure Bot's Microsoft App ID (a GUID); the manifest id and botId
  TEAMS_APP_VERSION   default 1.0.0 (raise it for every upload of a changed package)
  TEAMS_WEBSITE_URL   default https://example.org (PLACEHOLDER: replace before publishing)
  TEAMS_PRIVACY_URL   default {TEAMS_WEBSITE_URL}/privacy
  TEAMS_TERMS_URL     default {TEAMS_WEBSITE_URL}/terms
  TEAMS_VALID_DOMAINS comma-separated host names; default the website's host

Before writing, the manifest is validated against Microsoft's published JSON schema for its
version, read from the copy the npm package @microsoft/app-manifest bundles (`npm ci`, a dev
dependency in package.json): nothing is fetched.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import jsonschema

from bot.config import ROOT

SOURCE_DIR = ROOT / "teams"
TEMPLATE = SOURCE_DIR / "manifest.template.json"
ICONS = ("color.png", "outline.png")
DEFAULT_OUT = ROOT / "dist" / "teams-app.zip"
PLACEHOLDER_WEBSITE = "https://example.org"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
VERSION = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
MARKER = re.compile(r"\{\{([A-Z_]+)\}\}")
SCHEMAS = ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"


class PackageError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def manifest_values(environ: Mapping[str, str]) -> dict[str, Any]:
    def get(name: str, default: str = "") -> str:
        return (environ.get(name) or "").strip() or default

    app_id = get("TEAMS_APP_ID")
    if not GUID.match(app_id):
        raise PackageError(
            "TEAMS_APP_ID must be the Azure Bot's Microsoft App ID, a GUID like "
            "00000000-0000-0000-0000-000000000000" + (f" (got {app_id!r})" if app_id else " (it is not set)")
        )
    version = get("TEAMS_APP_VERSION", "1.0.0")
    if not VERSION.match(version):
        raise PackageError(f"TEAMS_APP_VERSION must look like 1.0.0, got {version!r}")
    website = get("TEAMS_WEBSITE_URL", PLACEHOLDER_WEBSITE).rstrip("/")
    urls = {
        "TEAMS_WEBSITE_URL": website,
        "TEAMS_PRIVACY_URL": get("TEAMS_PRIVACY_URL", f"{website}/privacy"),
        "TEAMS_TERMS_URL": get("TEAMS_TERMS_URL", f"{website}/terms"),
    }
    for name, url in urls.items():
        if not url.startswith("https://"):
            raise PackageError(f"{name} must be an https:// URL, got {url!r}")
    domains = [d.strip() for d in get("TEAMS_VALID_DOMAINS", urlparse(website).hostname or "").split(",")]
    return {
        "TEAMS_APP_ID": app_id.lower(), "TEAMS_APP_VERSION": version, **urls,
        "TEAMS_VALID_DOMAINS": [d for d in domains if d],
    }


def _fill(node: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, str):
        whole = MARKER.fullmatch(node)
        if whole:
            return values[whole.group(1)]
        return MARKER.sub(lambda match: str(values[match.group(1)]), node)
    return node


def build_manifest(environ: Mapping[str, str]) -> dict[str, Any]:
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    return _fill(template, manifest_values(environ))


def schema_for(manifest_version: str, schemas: Path = SCHEMAS) -> dict[str, Any]:
    """Microsoft's schema for a manifest version, from @microsoft/app-manifest's bundled copy."""
    path = schemas / f"v{manifest_version}" / "MicrosoftTeams.schema.json"
    if not path.is_file():
        raise PackageError(f"Microsoft's manifest schema {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
                           "is missing: run `make install` (npm ci installs @microsoft/app-manifest)")
    return json.loads(path.read_text(encoding="utf-8"))


def schema_errors(manifest: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """What the schema refuses, one line each. The schema says draft-04 but uses `const` and
    `if`/`then`, which Microsoft's own validator (ajv-draft-04) applies, so draft 7 it is."""
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
            for error in sorted(validator.iter_errors(manifest), key=lambda error: list(map(str, error.path)))]


def build_package(environ: Mapping[str, str], out: Path = DEFAULT_OUT) -> Path:
    manifest = build_manifest(environ)
    errors = schema_errors(manifest, schema_for(manifest["manifestVersion"]))
    if errors:
        raise PackageError("the manifest does not match Microsoft's schema: " + "; ".join(errors))
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for icon in ICONS:
            package.write(SOURCE_DIR / icon, arcname=icon)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.ops.teams_package", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the zip")
    args = parser.parse_args(argv)
    try:
        out = build_package(os.environ, args.out)
    except PackageError as error:
        print(f"Cannot build the Teams app package: {error}", file=sys.stderr)
        return 1
    print(f"Wrote {out}: upload it in Teams (Apps > Manage your apps > Upload an app)")
    website = (os.environ.get("TEAMS_WEBSITE_URL") or "").strip()
    if not website or website.rstrip("/") == PLACEHOLDER_WEBSITE:
        print(f"Note: the developer, privacy and terms URLs are placeholders ({PLACEHOLDER_WEBSITE}); "
              "set TEAMS_WEBSITE_URL (and TEAMS_PRIVACY_URL, TEAMS_TERMS_URL) before publishing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
