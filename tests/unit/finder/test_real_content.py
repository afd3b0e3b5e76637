"""The real programmes, networks and supports: valid, faithful to the reference facts, useful."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.finder import Profile, load_finder
from bot.finder.loader import COPY_SITES
from bot.knowledge.models import HOMEPAGE
from tests.fixtures import allowed_links, reference_facts

ROOT = Path(__file__).resolve().parents[3]
KNOWLEDGE = ROOT / "knowledge"


@pytest.fixture(scope="module")
def finder():
    return load_finder(str(KNOWLEDGE))


@pytest.fixture(scope="module")
def facts():
    data = reference_facts()
    return {"programmes.yml": {f["name"]: f for f in data["programmes"]},
            "networks.yml": {f["name"]: f for f in data["networks"]}}


def test_one_entry_per_programme_and_network_named_exactly_as_in_the_facts(finder, facts):
    for file, known in facts.items():
        names = [item.name for item in finder.items.values() if item.file == file]
        assert sorted(names) == sorted(known), file


def test_sources_providers_and_links_come_from_the_facts(finder, facts):
    for item in finder.items.values():
        fact = facts[item.file][item.name]
        assert item.provider == fact["provider"] and item.source == fact["source"], item.id
        # The link is the facts' url (or, for a document copy, the publisher's page it names).
        assert item.url in allowed_links(fact), (item.id, item.url, fact["url"])
        # A home page is marked as one, exactly where the facts mark it.
        expected_kind = fact.get("url_kind") if item.url == fact["url"] else None
        assert item.url_kind == expected_kind, item.id


def test_a_home_page_link_is_presented_as_the_providers_home_page(finder, facts):
    homepages = [item for item in finder.items.values() if item.url_kind == HOMEPAGE]
    assert {item.name for item in homepages} == {
        name for known in facts.values() for name, fact in known.items()
        if fact.get("url_kind") == HOMEPAGE}
    solace = finder.items["solace"]
    assert solace in homepages and solace.link() == "Provider's home page: https://solace.org.uk/"
    for item in finder.items.values():
        if item in homepages:
            assert item.link() == f"Provider's home page: {item.url}", item.id
        else:
            assert item.link() == item.url, item.id


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


@pytest.mark.parametrize("want", ["programme", "network", None])
def test_with_the_role_unknown_offers_open_to_most_leaders_come_first(finder, want):
    # "free leadership course" from someone who has not said their role: not the councillors' programme first.
    page = finder.recommend(Profile(want=want), k=3)
    assert page and ("any" in page[0].item.roles or len(page[0].item.roles) > 3)
    assert all("any" in r.item.roles or len(r.item.roles) > 1 for r in page)


def test_an_offer_for_another_sector_comes_after_those_for_the_leaders_own(finder):
    # A ward sister is not shown the registered managers' networks before NHS or open offers.
    page = finder.recommend(Profile(role="first-line-manager", sector="nhs", nation="england"), k=3)
    assert all("nhs" in r.item.sectors or "any" in r.item.sectors for r in page)
