"""UntrainedPolicy: the base of the coach's own policies, which decide from the tracker alone.

They learn nothing from stories; an empty resource lets Rasa train and load them like any other
policy. Subclasses set PRIORITY, register themselves with DefaultV1Recipe, and predict.
"""
from __future__ import annotations

from typing import Any, ClassVar

from rasa.core.policies.policy import Policy
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates


class UntrainedPolicy(Policy):
    PRIORITY: ClassVar[int]

    @classmethod
    def get_default_config(cls) -> dict[str, Any]:
        return {"priority": cls.PRIORITY}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, **kwargs: Any) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        # Nothing to learn; an empty resource lets Rasa load the policy like any other.
        with self._model_storage.write_to(self._resource):
            pass
        return self._resource
