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


def test_theme_and_nation_refine_only_when_given(tmp_path):
    files = content()
    files["programmes.yml"]["programmes"][1]["nations"] = ["wales"]
    finder = load_finder(write(tmp_path / "k", files))
    assert ids(finder, Profile(want="programme", theme="place"))[0] == "any-course"
    assert ids(finder, Profile(want="programme", nation="wales"))[0] == "council-course"
    england = finder.recommend(Profile(want="programme", nation="england"), k=3)
    assert england[-1].item.id == "council-course" and not england[-1].exact
    # Unknown nation: an offer only for Wales gives way to an equal one anyone can use.
    assert ids(finder, Profile(want="programme"))[:3] == ["nhs-course", "any-course", "council-course"]


def test_best_effort_returns_k_items_flagged_inexact(finder):
    results = finder.recommend(Profile(role="executive", sector="housing", want="programme"), k=3)
    assert len(results) == 3 and not any(r.exact for r in results)
    assert results[0].item.id == "any-course"  # the only partial fit: any sector


@pytest.mark.parametrize("k, expected", [(0, 0), (1, 1), (2, 2), (3, 3), (50, 5)])
def test_k_limits_the_number_of_results(finder, k, expected):
    assert len(finder.recommend(Profile(role="clinician"), k=k)) == expected


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
