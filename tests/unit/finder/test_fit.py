"""Fit is data: every role against every entry, and no offer crosses into another nation."""
from __future__ import annotations

import itertools
import re

import pytest

from bot.finder import LEADER_NATIONS, ROLES, WANTS, Profile
from bot.finder.vocab import ANY_ROLE
from tests.fixtures import facts_by_name

PERSON_ROLES = [code for code in ROLES if code != ANY_ROLE]
NATIONS_OR_UNKNOWN = [None, *LEADER_NATIONS]


@pytest.fixture
def finder(real_finder):
    return real_finder


@pytest.fixture(scope="module")
def facts():
    return facts_by_name()


def everything(finder, profile):
    return finder.recommend(profile, k=len(finder.items))


@pytest.mark.parametrize("role", PERSON_ROLES)
def test_every_role_gets_only_offers_open_to_it_in_every_nation(finder, role):
    for want, nation in itertools.product([None, *WANTS], NATIONS_OR_UNKNOWN):
        results = everything(finder, Profile(role=role, want=want, nation=nation))
        for result in results:
            item = result.item
            assert ANY_ROLE in item.roles or role in item.roles, (role, want, nation, item.id)
            assert item.serves(nation), (role, want, nation, item.id)
    # And every role has something that fits in England (or where the nation is unknown).
    for nation in (None, "england"):
        assert everything(finder, Profile(role=role, nation=nation)), (role, nation)


@pytest.mark.parametrize("role, item_id", [
    (role, item_id) for role in PERSON_ROLES
    for item_id in ("edward-jenner-programme", "project-lift", "academi-wales-programmes",
                    "adass-springboard-programme", "lga-leadership-academy",
                    "health-and-care-women-leaders-network", "national-graduate-development-programme")
])
def test_each_role_against_each_kind_of_entry(finder, role, item_id):
    item = finder.items[item_id]
    profile = Profile(role=role, nation=item.nations[0] if item.nations[0] in LEADER_NATIONS else None,
                      group=item.groups[0] if item.groups else None)
    shown = {r.item.id for r in everything(finder, profile)}
    assert (item_id in shown) == (ANY_ROLE in item.roles or role in item.roles), (role, item_id)


def test_academi_wales_is_only_offered_in_wales(finder):
    for role, nation in itertools.product([None, *PERSON_ROLES], NATIONS_OR_UNKNOWN):
        shown = {r.item.id for r in everything(finder, Profile(role=role, nation=nation))}
        assert ("academi-wales-programmes" in shown) == (
            nation == "wales" and role in finder.items["academi-wales-programmes"].roles + (None,)
        ), (role, nation)


def test_nhs_england_and_english_bodies_offers_never_reach_scotland_wales_or_ni(finder):
    english = [item for item in finder.items.values()
               if re.match(r"NHS Leadership Academy|NHS England|Local Government Association|"
                           r"Skills for Care|Association of Directors of Adult Social Services|"
                           r"The Staff College", item.provider)]
    assert len(english) >= 15
    for item in english:
        assert item.nations == ("england",), item.id
    for role, nation in itertools.product([None, *PERSON_ROLES], ("scotland", "wales", "northern-ireland")):
        shown = {r.item.id for r in everything(finder, Profile(role=role, nation=nation))}
        assert not shown & {item.id for item in english}, (role, nation)


def test_project_lift_is_only_offered_in_scotland(finder):
    for nation in NATIONS_OR_UNKNOWN:
        shown = {r.item.id for r in everything(finder, Profile(nation=nation))}
        assert ("project-lift" in shown) == (nation == "scotland"), nation


def test_an_unknown_nation_gets_offers_for_england_or_all_four_nations(finder):
    for item in (r.item for r in everything(finder, Profile())):
        assert item.nations == ("england",) or item.serves_all_nations(), item.id


def test_nations_follow_each_entrys_audience_and_provider_in_the_facts(finder, facts):
    """Wales, Scotland or international where the facts say so; England for England's own
    bodies and audiences (ICBs, CCGs); all four nations where the audience names no nation."""
    english = re.compile(r"NHS Leadership Academy|NHS England|Local Government Association|"
                         r"Skills for Care|ADASS|Staff College|Leadership Centre|Research in "
                         r"Practice|in England|integrated care boards|CCG")
    for item in finder.items.values():
        fact = facts[item.name]
        text = f"{fact['audience']} {fact['provider']}"
        if re.search(r"\bin Wales\b|Welsh", text):
            expected = ("wales",)
        elif re.search(r"\bin Scotland\b|NHS Scotland", text) and "international" not in text:
            expected = ("scotland",)
        elif re.search(r"international", text, re.I):
            expected = ("international",)
        elif english.search(text):
            expected = ("england",)
        else:
            expected = ("uk",)
        assert item.nations == expected, (item.id, text)


def test_groups_are_only_on_offers_reserved_for_a_group(finder, facts):
    reserved = {item.id: item.groups for item in finder.items.values() if item.groups}
    assert reserved == {"health-and-care-women-leaders-network": ("women",),
                        "bme-leadership-network": ("bme",)}
    assert "women" in facts[finder.items["health-and-care-women-leaders-network"].name]["audience"]
    assert "Black and minority ethnic" in facts[finder.items["bme-leadership-network"].name]["audience"]


def test_any_role_only_where_the_facts_say_anyone_or_all_roles(finder, facts):
    for item in finder.items.values():
        if ANY_ROLE in item.roles:
            assert re.search(r"Anyone|all roles", facts[item.name]["audience"]), item.id


def test_principal_practitioner_offers_name_them_in_the_facts(finder, facts):
    for item in finder.items.values():
        if item.roles == ("practice-leader",):
            assert re.search(r"principal social workers", facts[item.name]["audience"], re.I), item.id


@pytest.mark.parametrize("role", ["middle-manager", "senior-leader", "executive", "practice-leader"])
def test_offers_for_councils_never_reach_a_care_home_and_do_reach_a_council(finder, role):
    council_only = {item.id for item in finder.items.values() if item.org_types == ("council",)}
    assert {"partners-in-care-and-health", "adass", "solace"} <= council_only
    for org_type, shown in (("care-home", False), ("council", True)):
        profile = Profile(role=role, sector="adult-social-care", org_type=org_type)
        offered = {rec.item.id for rec in finder.recommend(profile, k=len(finder.items))}
        assert bool(offered & council_only) is shown, (org_type, offered & council_only)
