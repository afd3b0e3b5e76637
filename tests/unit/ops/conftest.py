"""The knowledge tests' tiny knowledge base and pipeline, for the benchmark's tests."""
from tests.unit.knowledge.conftest import tiny_dir, tiny_kb, tiny_nlp, tiny_pipeline_dir  # noqa: F401  (fixtures)
