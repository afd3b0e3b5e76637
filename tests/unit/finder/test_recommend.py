"""Ranking on tiny content: want, then role, then sector ('any' just below exact), then caution."""
from __future__ import annotations

import pytest

from bot.finder import Profile, load_finder, recommend, support_kinds, why

from .conftest import content, write


def ids(finder, profile, k=10):
    return [r.item.id for r in finder.recommend(profile, k)]


def test_the_wanted_kind_comes_first(finder):
    assert ids(finder, Profile(want="network"))[0] == "nhs-network"
    assert ids(finder, Profile(want="programme"))[:3] == ["nhs-course", "council-course", "any-course"]


def test_a_mentor_want_gives_mentoring_then_peer_networks(finder):
    results = finder.recommend(Profile(want="mentor"), k=3)
    assert [r.item.id for r in results] == ["coaching", "nhs-network", "nhs-course"]
    assert [r.exact for r in results] == [True, True, False]


def test_role_match_beats_file_order(finder):
    first = finder.recommend(Profile(role="elected-member", want="programme"))[0]
    assert first.item.id == "council-course" and first.exact
    assert first.reasons == (("want", "programme"), ("role", "elected-member"))


def test_exact_sector_beats_any_which_beats_no_match(finder):
    results = finder.recommend(Profile(role="middle-manager", sector="local-government", want="programme"))
    assert [r.item.id for r in results] == ["council-course", "any-course", "nhs-course"]
    assert [r.exact for r in results] == [True, True, False]
    assert results[0].score > results[1].score > results[2].score
    assert ("sector", "any") in results[1].reasons


def test_any_sector_matches_a_sector_nobody_lists(finder):
    first = finder.recommend(Profile(sector="housing", want="programme"))[0]
    assert first.item.id == "any-course" and first.exact
    assert why(first) == ["A leadership programme or course", "Any sector"]


def test_fewer_cautions_break_a_tie(tmp_path):
    files = content()
    files["programmes.yml"]["programmes"][0]["caution"] = "Not confirmed: check the page."
    finder = load_finder(write(tmp_path / "k", files))
    assert ids(finder, Profile(role="middle-manager", sector="nhs"))[:2] == ["nhs-network", "nhs-course"]


def test_theme_refines_only_when_given(finder):
    assert ids(finder, Profile(want="programme", theme="place"))[0] == "any-course"
    assert ids(finder, Profile(want="programme"))[0] == "nhs-course"


def test_an_offer_for_one_nation_is_never_made_to_another(tmp_path):
    files = content()
    files["programmes.yml"]["programmes"][1]["nations"] = ["wales"]
    files["programmes.yml"]["programmes"][2]["nations"] = ["uk"]
    finder = load_finder(write(tmp_path / "k", files))
    # Made for Wales comes first in Wales; the England-only offers are not there at all.
    assert ids(finder, Profile(want="programme", nation="wales")) == ["council-course", "any-course"]
    assert "council-course" not in ids(finder, Profile(want="programme", nation="scotland"))
    # Unknown nation: offers for England or all four nations, never one only for Wales.
    assert "council-course" not in ids(finder, Profile(want="programme"))
    assert ids(finder, Profile(nation="northern-ireland")) == ["any-course"]


def test_only_offers_open_to_the_role_are_returned(finder):
    assert finder.recommend(Profile(role="executive", sector="housing", want="programme")) == []
    results = finder.recommend(Profile(role="middle-manager", sector="housing", want="programme"), k=3)
    assert results[0].item.id == "any-course" and results[0].exact  # any sector fits housing
    assert [r.exact for r in results[1:]] == [False, False]


def test_an_offer_for_any_role_fits_every_role_below_one_naming_it(tmp_path):
    files = content()
    files["networks.yml"]["networks"][0]["roles"] = ["any"]
    finder = load_finder(write(tmp_path / "k", files))
    assert ids(finder, Profile(role="executive")) == ["nhs-network"]
    assert ids(finder, Profile(role="clinician"))[:2] == ["coaching", "nhs-network"]


def test_an_offer_reserved_for_a_group_is_only_made_to_that_group(tmp_path):
    files = content()
    files["networks.yml"]["networks"][0]["groups"] = ["women"]
    finder = load_finder(write(tmp_path / "k", files))
    assert "nhs-network" not in ids(finder, Profile(want="network"))
    assert ids(finder, Profile(want="network", group="women"))[0] == "nhs-network"
    assert "nhs-network" not in ids(finder, Profile(want="network", group="bme"))


@pytest.mark.parametrize("k, expected", [(0, 0), (1, 1), (2, 2), (3, 3), (50, 5)])
def test_k_limits_the_number_of_results(finder, k, expected):
    assert len(finder.recommend(Profile(), k=k)) == expected


def test_ranking_is_deterministic_and_ties_keep_file_order(finder):
    profile = Profile(role="middle-manager", sector="nhs", want="network")
    assert finder.recommend(profile, 5) == finder.recommend(profile, 5)
    assert ids(finder, Profile()) == list(finder.items)
    assert all(r.exact and r.reasons == () for r in finder.recommend(Profile(), 5))


def test_reasons_are_codes_and_why_gives_labels(finder):
    result = finder.recommend(Profile(role="clinician", sector="nhs", want="mentor"))[0]
    assert result.reasons == (("want", "mentor"), ("role", "clinician"), ("sector", "nhs"))
    assert why(result) == ["A coach, mentor or buddy", "Clinician (doctor, nurse, therapist)", "NHS"]


def test_profile_rejects_unknown_codes():
    with pytest.raises(ValueError, match="Profile role 'manager' is not a known code"):
        Profile(role="manager")
    with pytest.raises(ValueError, match="expected one of programme, network, mentor"):
        Profile(want="course")


def test_module_functions_accept_an_explicit_finder(finder):
    assert recommend(Profile(want="mentor"), k=1, finder=finder)[0].item.id == "coaching"
    assert [s.id for s in support_kinds(finder)] == ["peer-support"]
