from pathlib import Path

from bot.ops.training import fingerprint


def make_project(root: Path) -> Path:
    (root / "data" / "nlu").mkdir(parents=True)
    (root / "config.yml").write_text("language: en\n")
    (root / "domain.yml").write_text("version: '3.1'\n")
    (root / "data" / "nlu" / "basics.yml").write_text("nlu: []\n")
    glossary = root / "glossary.yml"
    glossary.write_text("terms: []\n")
    return glossary


def test_fingerprint_is_stable_and_changes_with_any_training_input(tmp_path: Path):
    glossary = make_project(tmp_path)
    first = fingerprint(tmp_path, glossary)
    assert fingerprint(tmp_path, glossary) == first
    (tmp_path / "data" / "nlu" / "basics.yml").write_text("nlu: [changed]\n")
    second = fingerprint(tmp_path, glossary)
    assert second != first
    glossary.write_text("terms: [changed]\n")
    assert fingerprint(tmp_path, glossary) != second
