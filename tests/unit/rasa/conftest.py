"""Shared fixtures for the policies' tests: the real domain and a policy on temporary storage."""
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain

from bot.config import ROOT


@pytest.fixture(scope="session")
def domain():
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture
def make_policy(tmp_path):
    """Build one of our policies (bot.rasa.untrained_policy subclasses) as Rasa would."""
    def make(policy_class):
        storage = LocalModelStorage(tmp_path)
        context = ExecutionContext(GraphSchema({}), "test")
        return policy_class.create(policy_class.get_default_config(), storage, Resource(policy_class.__name__), context)
    return make
