"""Train the Rasa model only when its inputs changed, keyed by a fingerprint of those inputs.

Inputs: config.yml, domain.yml, everything under data/, the spaCy pipeline's glossary and the
installed Rasa version. The knowledge entries' example questions are in data/ too: training first
regenerates data/nlu/knowledge_questions.yml from knowledge/ (bot.knowledge.nlu_data), so a new
entry's questions reach the intent classifier at the next `make train`. A model is kept in `models/<fingerprint>.tar.gz` and copied to a cache
outside the work tree (MODEL_CACHE_DIR), so a fresh clone with unchanged data does not retrain.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.config import ROOT, Settings
from bot.nlp import GLOSSARY_PATH, build_pipeline

MODELS_DIR = ROOT / "models"
TRAINING_INPUTS = ("config.yml", "domain.yml", "data")


def _input_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    return files


def fingerprint(root: Path = ROOT, glossary: Path = GLOSSARY_PATH) -> str:
    """A short hash of everything that changes what training produces."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"rasa {version('rasa')}".encode())
    for path in [*_input_files(root), glossary]:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(root: Path = ROOT) -> Path:
    """Where the model for the current inputs lives (it may not be trained yet)."""
    return MODELS_DIR / f"coach-{fingerprint(root)}.tar.gz"


def regenerate_nlu(settings: Settings) -> None:
    """Write the NLU examples of the repo's knowledge/ (a KNOWLEDGE_DIR elsewhere is left alone)."""
    from bot.knowledge import nlu_data
    from bot.knowledge.loader import load_knowledge

    if Path(settings.knowledge_dir).resolve() != (ROOT / "knowledge").resolve():
        return
    if not nlu_data.write_nlu(load_knowledge(settings.knowledge_dir), nlu_data.NLU_PATH):
        print(f"Regenerated {nlu_data.NLU_PATH.name} from knowledge/ (example questions changed)")


def ensure_model(settings: Settings) -> Path:
    """Build the spaCy pipeline and the safety classifier, and train the model if needed; return
    the model's path."""
    from bot.safety.learned import build_classifier

    build_pipeline()
    build_classifier()
    regenerate_nlu(settings)
    target = model_path()
    cached = Path(settings.model_cache_dir) / target.name
    if target.exists():
        print(f"Model up to date: {target.relative_to(ROOT)} (no training needed)")
        return target
    MODELS_DIR.mkdir(exist_ok=True)
    if cached.exists():
        shutil.copy2(cached, target)
        print(f"Model up to date: {target.relative_to(ROOT)} (from the cache, no training needed)")
        return target
    print("Training the model (data, domain or config changed; a few minutes on 2 cores)")
    command = [
        sys.executable, "-m", "rasa", "train", "--config", "config.yml", "--domain", "domain.yml",
        "--data", "data", "--out", str(MODELS_DIR), "--fixed-model-name", target.name[: -len(".tar.gz")],
    ]
    subprocess.run(command, cwd=ROOT, env=settings.child_environ(os.environ), check=True)
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(target, cached)
    return target
