"""The Teams app package: manifest.json valid against Microsoft's published v1.30 schema (the copy
@microsoft/app-manifest bundles), icons of the right kind."""
from __future__ import annotations

import io
import json
import struct
import zipfile

import pytest
from PIL import Image

from bot.ops.teams_package import (
    SCHEMAS,
    PackageError,
    build_manifest,
    build_package,
    main,
    schema_errors,
    schema_for,
)
from tests.teams.fake_bot_framework import APP_ID

SCHEMA = schema_for("1.30")
ENV = {"TEAMS_APP_ID": APP_ID}


def png_header(data: bytes) -> tuple[int, int, int, int]:
    """(width, height, bit depth, colour type) from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour_type


@pytest.fixture
def package(tmp_path) -> zipfile.ZipFile:
    out = build_package(ENV, tmp_path / "dist" / "teams-app.zip")
    return zipfile.ZipFile(out)


def test_the_package_holds_the_manifest_and_icons_at_its_root(package):
    assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]


def test_the_manifest_is_valid_against_microsofts_v1_30_schema(package):
    manifest = json.loads(package.read("manifest.json"))
    assert schema_errors(manifest, SCHEMA) == []
    assert manifest["manifestVersion"] == "1.30"
    assert manifest["$schema"].endswith("/v1.30/MicrosoftTeams.schema.json")
    assert manifest["id"] == APP_ID and manifest["bots"][0]["botId"] == APP_ID
    assert manifest["developer"]["name"] == "System Leadership Coach team"
    assert sorted(manifest["bots"][0]["scopes"]) == ["groupChat", "personal", "team"]
    personal = next(c for c in manifest["bots"][0]["commandLists"] if c["scopes"] == ["personal"])
    assert [c["title"] for c in personal["commands"]] == ["reflect", "find a programme", "help"]
    assert manifest["developer"]["websiteUrl"] == "https://example.org"  # the marked placeholder
    assert manifest["validDomains"] == ["example.org"]
    for icon in manifest["icons"].values():
        assert icon in package.namelist()


def test_the_schema_catches_what_teams_would_refuse():
    manifest = build_manifest(ENV)
    broken = [
        {**manifest, "manifestVersion": "1.16"},
        {**manifest, "bots": [{**manifest["bots"][0], "scopes": ["everyone"]}]},
        {**manifest, "id": "not-a-guid"},
        {**manifest, "name": {"short": "x" * 31}},
        {**manifest, "description": {"short": "x" * 81, "full": "ok"}},
        {**manifest, "description": {"short": "ok", "full": "x" * 4001}},
        {key: value for key, value in manifest.items() if key != "accentColor"},
        {**manifest, "developer": {**manifest["developer"], "privacyUrl": "ftp://example.org"}},
    ]
    for bad in broken:
        assert schema_errors(bad, SCHEMA), bad


def test_the_colour_icon_is_192_square_and_the_outline_32_white_on_transparent(package):
    assert png_header(package.read("color.png"))[:2] == (192, 192)
    width, height, _, colour_type = png_header(package.read("outline.png"))
    assert (width, height, colour_type) == (32, 32, 6)  # RGBA: it has transparency
    outline = Image.open(io.BytesIO(package.read("outline.png"))).convert("RGBA")
    pixels = list(outline.getdata())
    assert all((r, g, b) == (255, 255, 255) for r, g, b, a in pixels if a)
    assert any(a == 0 for *_, a in pixels) and any(a == 255 for *_, a in pixels)
    colour = Image.open(io.BytesIO(package.read("color.png"))).convert("RGBA")
    assert len(set(colour.getdata())) > 2  # a colour background with a symbol


def test_settings_fill_the_urls_and_version():
    manifest = build_manifest({
        "TEAMS_APP_ID": APP_ID.upper(), "TEAMS_APP_VERSION": "1.2.3",
        "TEAMS_WEBSITE_URL": "https://coach.example.nhs.uk/", "TEAMS_VALID_DOMAINS": "coach.example.nhs.uk, x.org",
    })
    assert manifest["id"] == APP_ID  # GUIDs are written in lower case
    assert manifest["version"] == "1.2.3"
    assert manifest["developer"]["privacyUrl"] == "https://coach.example.nhs.uk/privacy"
    assert manifest["validDomains"] == ["coach.example.nhs.uk", "x.org"]
    assert schema_errors(manifest, SCHEMA) == []


@pytest.mark.parametrize("env, message", [
    ({}, "TEAMS_APP_ID"),
    ({"TEAMS_APP_ID": "my-bot"}, "GUID"),
    ({**ENV, "TEAMS_APP_VERSION": "v1"}, "TEAMS_APP_VERSION"),
    ({**ENV, "TEAMS_WEBSITE_URL": "http://insecure.example"}, "https://"),
])
def test_bad_settings_are_explained(env, message):
    with pytest.raises(PackageError, match=message):
        build_manifest(env)


def test_the_command_line_writes_the_zip_or_says_what_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TEAMS_APP_ID", APP_ID)
    assert main(["--out", str(tmp_path / "app.zip")]) == 0
    assert zipfile.is_zipfile(tmp_path / "app.zip")
    assert "placeholders" in capsys.readouterr().out
    monkeypatch.setenv("TEAMS_APP_ID", "")
    assert main(["--out", str(tmp_path / "other.zip")]) == 1
    assert "TEAMS_APP_ID" in capsys.readouterr().err


def test_newest_bundled_schema_up_to_1_30_is_the_one_used():
    bundled = [path.name[1:] for path in SCHEMAS.iterdir() if path.name[1:].replace(".", "").isdigit()]
    newest = max((tuple(map(int, version.split("."))) for version in bundled if version.count(".") == 1),
                 key=lambda version: version if version <= (1, 30) else (0, 0))
    assert build_manifest(ENV)["manifestVersion"] == ".".join(map(str, newest))


def test_a_package_the_schema_refuses_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setattr("bot.ops.teams_package.build_manifest", lambda environ: {"manifestVersion": "1.30"})
    with pytest.raises(PackageError, match="does not match Microsoft's schema"):
        build_package(ENV, tmp_path / "app.zip")
    assert not (tmp_path / "app.zip").exists()


def test_a_missing_schema_says_how_to_get_it(tmp_path):
    with pytest.raises(PackageError, match="make install"):
        schema_for("1.30", schemas=tmp_path)
