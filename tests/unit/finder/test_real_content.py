"""The real programmes, networks and supports: valid, faithful to the reference facts, useful."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.finder import Profile, load_finder
from bot.finder.loader import COPY_SITES

ROOT = Path(__file__).resolve().parents[3]
KNOWLEDGE = ROOT / "knowledge"
# The reference facts live outside the repository.
FACTS = Path("/work/shared/reference/facts.yml")
needs_facts = pytest.mark.skipif(not FACTS.is_file(), reason="reference facts not available")


@pytest.fixture(scope="module")
def finder():
    return load_finder(str(KNOWLEDGE))


@pytest.fixture(scope="module")
def facts():
    data = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    return {"programmes.yml": {f["name"]: f for f in data["programmes"]},
            "networks.yml": {f["name"]: f for f in data["networks"]}}


@needs_facts
def test_one_entry_per_programme_and_network_named_exactly_as_in_the_facts(finder, facts):
    for file, known in facts.items():
        names = [item.name for item in finder.items.values() if item.file == file]
        assert sorted(names) == sorted(known), file


@needs_facts
def test_sources_providers_and_links_come_from_the_facts(finder, facts):
    for item in finder.items.values():
        fact = facts[item.file][item.name]
        assert item.provider == fact["provider"] and item.source == fact["source"], item.id
        # The link is the facts' url, or the provider's page named in its source or note.
        assert item.url in (fact["url"], fact["source"]) or item.url in fact.get("note", ""), item.id


@needs_facts
def test_every_unverified_fact_carries_a_caution(finder, facts):
    for item in finder.items.values():
        if facts[item.file][item.name].get("unverified"):
            assert item.caution, item.id


def test_no_link_points_at_a_document_copy_site(finder):
    for item in finder.items.values():
        assert not any(site in item.url for site in COPY_SITES), item.id


def test_a_middle_manager_in_local_government_finds_a_network(finder):
    results = finder.recommend(Profile(role="middle-manager", sector="local-government", want="network"))
    assert any(r.exact and r.item.kind == "network" for r in results)


def test_an_elected_member_wanting_a_programme_gets_an_lga_programme_first(finder):
    first = finder.recommend(Profile(role="elected-member", want="programme"))[0]
    assert first.item.kind == "programme" and first.exact
    assert first.item.provider.startswith("Local Government Association")


def test_the_four_kinds_of_support_each_have_real_examples(finder):
    supports = finder.support_kinds()
    assert len(supports) == 4
    assert all(support.instances for support in supports)
