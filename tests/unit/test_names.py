"""bot/names.py against domain.yml, both ways: every constant names something in the right section,
and every slot, form, action and response in the domain has its constant."""
from __future__ import annotations

import pytest
import yaml
from rasa.shared.core.constants import DEFAULT_ACTION_NAMES, DEFAULT_INTENTS

from bot import names
from bot.config import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def section_of(constant: str) -> str:
    """Which domain section a constant's name says it belongs to (see bot/names.py)."""
    if constant.startswith(("ACTION_", "VALIDATE_")):
        return "actions"
    if constant.startswith("UTTER_"):
        return "responses"
    for suffix, section in (("_SLOT", "slots"), ("_FORM", "forms"), ("_INTENT", "intents"), ("_ENTITY", "entities")):
        if constant.endswith(suffix):
            return section
    raise AssertionError(f"bot/names.py: {constant} has no section prefix or suffix")


CONSTANTS = {name: value for name, value in vars(names).items() if name.isupper() and isinstance(value, str)}
BUILT_IN = {"actions": set(DEFAULT_ACTION_NAMES), "intents": set(DEFAULT_INTENTS)}


def domain_names(section: str) -> set[str]:
    return set(DOMAIN.get(section) or [])


def constants_in(section: str) -> set[str]:
    return {value for name, value in CONSTANTS.items() if section_of(name) == section}


@pytest.mark.parametrize("constant", sorted(CONSTANTS))
def test_each_constant_names_something_in_its_domain_section(constant):
    section, value = section_of(constant), CONSTANTS[constant]
    assert value in domain_names(section) | BUILT_IN.get(section, set()), (
        f"bot/names.py: {constant} = {value!r}, but domain.yml has no {section[:-1]} {value!r}")


@pytest.mark.parametrize("constant", sorted(CONSTANTS))
def test_each_constant_is_named_after_its_value(constant):
    value = CONSTANTS[constant]
    suffix = {"slots": "_SLOT", "intents": "_INTENT", "entities": "_ENTITY"}.get(section_of(constant), "")
    assert constant == value.upper() + suffix, f"bot/names.py: call {value!r} {value.upper() + suffix}"


@pytest.mark.parametrize("section", ["slots", "forms", "actions", "responses"])
def test_every_domain_name_has_a_constant(section):
    missing = domain_names(section) - constants_in(section)
    assert not missing, f"domain.yml {section} without a constant in bot/names.py: {sorted(missing)}"


def test_values_are_unique():
    values = list(CONSTANTS.values())
    assert len(values) == len(set(values)), "two constants in bot/names.py share a value"
