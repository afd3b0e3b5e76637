"""read_request and recommend_now on the real catalogue: requests as leaders write them."""
from __future__ import annotations

import pytest

from bot.finder import Profile, enough, find_item, read_request, recommend_now


def read(real_finder, text, profile=None, last=(), focus=None):
    items = tuple(real_finder.items[i] for i in last)
    return read_request(text, profile, items, real_finder.items.get(focus), finder=real_finder)


@pytest.mark.parametrize("text, facts", [
    ("something for principal social workers?", {"role": "practice-leader", "sector": "adult-social-care"}),
    ("a programme for an experienced clinical director", {"role": "clinician", "want": "programme"}),
    ("anything for leaders in Scotland?", {"nation": "scotland"}),
    ("a network for women leaders", {"want": "network", "group": "women"}),
    ("networks for BAME leaders in health?", {"want": "network", "group": "bme"}),
    ("I'm a DASS. what peer networks should I be pluged into?",
     {"role": "executive", "sector": "adult-social-care", "want": "network"}),
    ("ICB director of strategy - what networks exist for ICS leaders?",
     {"role": "executive", "org_type": "icb", "nation": "england", "want": "network"}),
    ("CEO of a charity in Swansea, any leadership programmes for me?",
     {"role": "executive", "org_type": "charity", "nation": "wales", "want": "programme"}),
    ("registerd manager in domicilary care, want a leadership or managment course",
     {"role": "middle-manager", "org_type": "care-home", "want": "programme"}),
    ("i want to be a leader one day but im not managing anyone yet. where do i strat",
     {"role": "aspiring-leader"}),
    ("band 6 nurse in the southern trust NI, any leadershp stuff i can do?",
     {"role": "clinician", "nation": "northern-ireland", "org_type": "hsc-trust"}),
    ("head of service in childrens, want to be a DCS one day. is there a programe for that?",
     {"role": "senior-leader", "sector": "childrens-services", "want": "programme"}),
    ("practice manager at a GP surgery / PCN, any courses?",
     {"role": "first-line-manager", "org_type": "gp-practice", "want": "programme"}),
    ("AHP lead in a community trust, I want a masters-level leadership programme",
     {"role": "clinician", "org_type": "community-trust", "want": "programme"}),
    ("what's available in scotland for systems leadership development?", {"nation": "scotland"}),
    ("i run a 30-bed dementia nursing home, is there peer support for someone like me",
     {"role": "middle-manager", "sector": "adult-social-care", "org_type": "care-home"}),
])
def test_a_request_is_read_with_the_facts_it_names(real_finder, text, facts):
    request = read(real_finder, text)
    assert request is not None and request.kind == "recommend", request
    assert facts.items() <= request.facts.items()
    assert request.names_enough


@pytest.mark.parametrize("text", [
    "what does SCIE say about leadership programmes?",
    "why would a leader join a network?",
    "how does shared leadership support integration?",
    "how do govt and nhs mgmt lead together pls",
    "I've been asked to lead a transformation programme covering three trusts. Where do I start?",
    "what is a community of practice?",
    "tell me about peer support for leaders",
    # a question about an idea stays a question, whoever it mentions and whatever "any" it holds
    "what does it even mean for someone like me running a care home",
    "is it ok for pilots to fail? my chief exec hates anything going wrong",
    "What are the main things it involves? Looking for the short list.",
    "is support for middle managers mentioned anywhere?",
    "im a ward sister, everyone keeps saying system leadership at huddles what actually is it",
    "hello",
    "",
    "/find_programme",
])
def test_knowledge_questions_and_other_messages_are_not_finder_requests(real_finder, text):
    assert read(real_finder, text) is None


@pytest.mark.parametrize("text, item_id", [
    ("what's the Nye Bevan programme", "nye-bevan-programme"),
    ("a programme for aspiring directors of children's services?", "aspirant-directors-of-childrens-services"),
    ("tell me about the rosalind frankin programme", "rosalind-franklin-programme"),
    ("springboard adass - who can apply?", "adass-springboard-programme"),
    ("AD in adult social care - can I join ADASS or is it directors only?", "adass"),
    ("solace total leadership programm, what is it?", "total-leadership-programme"),
    ("what does the nhs confed ICS network actually offer?", "ics-network"),
    ("king's fund programme for chief execs on building colaborative leadership",
     "building-collaborative-leadership"),
    ("band 5 in the east of england, can i get a coach off the coaching regsiter?", "nhs-coaching-register"),
    ("aspiring chief exec programme - is it funded?", "aspiring-chief-executive-programme"),
])
def test_a_request_naming_one_offer_gets_that_entry(real_finder, text, item_id):
    request = read(real_finder, text)
    assert request.kind == "item" and request.item.id == item_id


def test_a_short_name_alone_does_not_name_an_offer(real_finder):
    # "Leaders' Programme" is one offer's name; "leaders" in a request is not that offer.
    assert find_item("networks for BAME leaders in health?", real_finder) is None
    assert find_item("anything for leaders in Scotland?", real_finder) is None


LAST = ("edward-jenner-programme", "foundations-in-systems-leadership", "mary-seacole-programme")


@pytest.mark.parametrize("text, focus, position", [
    ("how do i join it, is it free?", None, 0),
    ("tell me about the second one", None, 1),
    ("tell me more about the first one", None, 0),
    ("what about the last one?", None, 2),
    ("tell me about mary seacole", None, 2),
    ("how much does it cost?", "mary-seacole-programme", 2),
    # Fitting it around the job.
    ("can i do it on my phone on nights", None, 0),
    ("could i fit it around shifts", "mary-seacole-programme", 2),
])
def test_follow_ups_point_into_the_last_list(real_finder, text, focus, position):
    request = read(real_finder, text, last=LAST, focus=focus)
    assert request.kind == "item" and request.position == position
    assert request.item.id == LAST[position]


# A question about one entry of the list, named by a word of its name, or about its details in other words.
@pytest.mark.parametrize("text, expected", [
    ("who runs the Q one", "q-community"),
    ("How much can the Q grants be?", "q-community"),
    ("the seacole thing, how many hours a week is it", "mary-seacole-programme"),
    ("does the jenner one come with a certificate", "edward-jenner-programme"),
])
def test_an_entry_of_the_list_named_by_a_word_of_its_name_is_that_entry(real_finder, text, expected):
    last = ("edward-jenner-programme", "mary-seacole-programme", "q-community")
    request = read(real_finder, text, last=last)
    assert request.kind == "item" and request.item.id == expected


def test_a_word_no_one_entry_of_the_list_owns_names_none(real_finder):
    request = read(real_finder, "anything for chief executives?", last=("edward-jenner-programme", "mary-seacole-programme",
                                                                          "q-community"))
    assert request is None or request.kind != "item"


@pytest.mark.parametrize("text, focus, expected", [
    ("not that one", None, 1),
    ("the other one", "foundations-in-systems-leadership", 2),
    ("not that one", "mary-seacole-programme", 0),
])
def test_not_that_one_moves_within_the_last_list(real_finder, text, focus, expected):
    request = read(real_finder, text, last=LAST, focus=focus)
    assert request.kind == "move" and request.item.id == LAST[expected]


def test_first_time_is_not_the_first_one(real_finder):
    request = read(real_finder, "physio team lead, first time managing people. what course?", last=LAST)
    assert request.kind == "recommend" and request.profile.role == "first-line-manager"
    assert read(real_finder, "the second please", last=LAST).item.id == LAST[1]


def test_without_a_last_list_a_pointer_is_not_a_request(real_finder):
    assert read(real_finder, "how do i join it, is it free?") is None


def test_corrections_update_the_profile(real_finder):
    known = Profile(role="middle-manager", nation="england", group="women", want="network")
    request = read(real_finder, "I'm in Wales actually", known)
    assert request.kind == "profile" and request.profile.nation == "wales"
    assert request.profile.role == "middle-manager"  # what was not corrected is kept
    request = read(real_finder, "I'm a bloke, why the women leaders network?", known,
                   last=("health-and-care-women-leaders-network",))
    assert request.kind == "profile" and request.cleared == ("group",)
    assert request.profile.group is None and request.profile.want == "network"


def test_recommend_now_answers_at_once_and_lists_what_would_narrow_it(real_finder):
    answer = recommend_now(Profile(role="practice-leader"), real_finder)
    assert [r.item.id for r in answer.recommendations][:2] == [
        "adass-springboard-programme", "adult-social-care-leadership-programme"]
    assert answer.missing == ("nation", "want")
    assert recommend_now(Profile(role="practice-leader", nation="wales", want="network"),
                         real_finder).missing == ()


def test_recommend_now_for_an_unknown_nation_serves_england_or_all_four(real_finder):
    items = [r.item for r in recommend_now(Profile(want="network"), real_finder, k=20).recommendations]
    assert items and all(item.nations == ("england",) or item.serves_all_nations() for item in items)
    scotland = recommend_now(Profile(nation="scotland"), real_finder).recommendations
    assert scotland[0].item.id == "project-lift"


def test_recommend_now_excludes_what_was_shown_and_applies_a_filter(real_finder):
    first = recommend_now(Profile(want="programme"), real_finder)
    shown = tuple(r.item.id for r in first.recommendations)
    second = recommend_now(Profile(want="programme"), real_finder, exclude=shown,
                           keep=lambda item: "online" in item.format.lower())
    assert second.recommendations and not {r.item.id for r in second.recommendations} & set(shown)
    assert all("online" in r.item.format.lower() for r in second.recommendations)


def test_enough_means_any_fact():
    assert not enough(Profile())
    for profile in (Profile(role="executive"), Profile(want="mentor"), Profile(nation="wales"),
                    Profile(group="women"), Profile(sector="housing"), Profile(org_type="icb")):
        assert enough(profile)


def test_right_after_a_list_a_short_self_description_updates_the_profile(real_finder):
    request = read(real_finder, "AHP lead in an HSCP in Tayside", last=LAST)
    assert request.kind == "profile" and request.profile.nation == "scotland"
    # A question that happens to name a sector is not an answer about the leader.
    assert read(real_finder, "how do councils work with the nhs", last=LAST) is None


def test_an_entry_in_the_last_list_wins_over_a_longer_name(real_finder):
    last = ("solace", "lga-peer-challenge")
    request = read(real_finder, "does solace have a women's network?", last=last)
    assert request.kind == "item" and request.item.id == "solace"


def test_an_offer_named_by_its_provider_in_the_last_list_is_that_offer():
    from bot.finder import get_finder, read_request

    finder = get_finder()
    shown = tuple(item for item in finder.items.values() if "King's Fund" in (item.provider or ""))[:1] + tuple(
        item for item in finder.items.values() if "Leadership Academy" in (item.provider or ""))[:2]
    request = read_request("no, the king's fund one, not the academy", last_list=shown, finder=finder)
    assert request is not None and request.kind == "item"
    assert "King's Fund" in request.item.provider


@pytest.mark.parametrize("text, provider", [
    ("leadership course for my deputy manager, skills for care", "Skills for Care"),
    ("a king's fund programme for a director?", "The King's Fund"),
])
def test_a_kind_of_offer_asked_for_by_its_provider_is_that_providers_best_fit(real_finder, text, provider):
    request = read(real_finder, text)
    assert request.kind == "item" and request.item.provider.startswith(provider) and request.item.kind == "programme"


def test_a_provider_named_without_asking_for_an_offer_is_no_request_for_one(real_finder):
    from bot.finder.request import find_by_provider

    assert find_by_provider("what does the king's fund say about collaboration", real_finder) is None


def test_a_provider_ruled_out_is_not_a_match():
    from bot.finder import get_finder
    from bot.finder.request import find_by_provider

    assert find_by_provider("anything but not the leadership academy one", get_finder()) is None


@pytest.mark.parametrize("text, fact", [("what about wales?", ("nation", "wales")),
                                         ("and for a nurse?", ("role", "clinician")),
                                         ("how about in Scotland then", ("nation", "scotland"))])
def test_what_about_a_new_fact_after_a_list_changes_that_fact(text, fact):
    from bot.finder import get_finder, read_request

    finder = get_finder()
    shown = tuple(finder.items.values())[:3]
    request = read_request(text, last_list=shown, focus=shown[0], finder=finder)
    assert request is not None and request.kind == "profile"
    assert request.facts.get(fact[0]) == fact[1]


@pytest.mark.parametrize("text, kind", [("what do they involve", "several"), ("how long do they each take", "several"),
                                        ("are these online?", "several"), ("is it free", "item"),
                                        ("the second one, how long is it", "item"), ("any free ones?", "recommend")])
def test_a_question_about_they_asks_about_every_entry_and_it_about_one(text, kind):
    from bot.finder import get_finder, read_request

    finder = get_finder()
    shown = tuple(finder.items.values())[:3]
    request = read_request(text, last_list=shown, focus=shown[0], finder=finder)
    assert request is not None and request.kind == kind


@pytest.mark.parametrize("text", ["any free ones?", "are any of them online?", "no not that one, something shorter",
                                  "something quicker?", "is there another one that's less of a commitment"])
def test_asking_about_several_in_a_list_filters_the_list_not_the_first_entry(text):
    from bot.finder import get_finder, read_request

    finder = get_finder()
    shown = tuple(finder.items.values())[:3]
    request = read_request(text, last_list=shown, focus=shown[0], finder=finder)
    assert request is not None and request.kind == "recommend"


@pytest.mark.parametrize("text", [
    "Im an operational director in a mental health trust aiming for a board role. Recommendations?",
    "im in belfast, a trust manager. what leadership stuff can i actually access from here",
    "team leader in community services, whats a good starter course",
    "my pal is a councillor in powys and wants leadership training, whats there for welsh councillors",
    # Peers to meet, an offer of another kind, something for a kind of leader, what to apply for.
    "where do practice managers meet up to share what works? need people who get it",
    "want to connect with others running virtual wards across different trusts",
    "our ICB board could do with an outside view. is there a peer review offer?",
    "deputy director of nursing, want to be a chief nurse in a few years. what should I apply for?",
    "is there anything for housing officers who want to get better at partnership working?",
    "community pharmacist lead. any free stuff on leading across organisations",
    "which leadership programmes actually welcome people from charities",
])
def test_the_ways_leaders_ask_for_an_offer_are_requests(real_finder, text):
    request = read(real_finder, text)
    assert request is not None and request.kind == "recommend"


@pytest.mark.parametrize("text", ["whats the best golf course near st andrews", "what is a system leader?",
                                  "how do I apply for carer's allowance for my mum",
                                  "what did the peer review of our council find about partnership working",
                                  "of course, what does the evidence say"])
def test_a_course_that_is_no_offer_or_a_question_about_an_idea_is_not_a_request(real_finder, text):
    request = read(real_finder, text)
    assert request is None or request.kind != "recommend"


@pytest.mark.parametrize("text, nation", [("Sorry, should have said - I'm in Scotland", "scotland"),
                                          ("forgot to say, we are in Wales", "wales"),
                                          ("btw I'm based in Belfast", "northern-ireland")])
def test_a_fact_given_late_after_a_list_corrects_the_profile(real_finder, text, nation):
    request = read(real_finder, text, last=("edward-jenner-programme", "mary-seacole-programme"))
    assert request is not None and request.kind == "profile" and request.facts["nation"] == nation


@pytest.mark.parametrize("text, last, expected", [
    ("nah the one for first time leaders", ("edward-jenner-programme", "mary-seacole-programme", "nye-bevan-programme"),
     "mary-seacole-programme"),
    ("no, the other one, the one for social care managers",
     ("top-manager-programme", "lead-to-succeed-and-well-led", "foundations-in-systems-leadership"),
     "lead-to-succeed-and-well-led"),
])
def test_the_one_for_someone_picks_that_entry_in_the_last_list(real_finder, text, last, expected):
    request = read(real_finder, text, last=last, focus=last[0])
    assert request is not None and request.kind == "item" and request.item.id == expected, request


@pytest.mark.parametrize("text", ["anything for GPs", "a network for matrons", "anything for paramedics"])
def test_an_offer_for_a_role_in_the_plural_names_that_role(real_finder, text):
    request = read(real_finder, text)
    assert request is not None and request.facts.get("role") == "clinician"


def test_managing_a_role_does_not_make_the_leader_one(real_finder):
    request = read(real_finder, "I manage nurses, any leadership course?")
    assert request is None or request.facts.get("role") != "clinician"


@pytest.mark.parametrize("text", [
    "just been elected, everyone says i'm a natural leader. any programmes for councillors?",
    "leading leaders now across four teams, want something on becoming a systems leader. ideas?",
])
def test_a_request_after_a_scene_is_a_request(real_finder, text):
    request = read_request(text, finder=real_finder)
    assert request is not None and request.kind == "recommend"


@pytest.mark.parametrize("text", ["do leadership programmes actually work?",
                                  "does peer mentoring even make a difference for new managers"])
def test_whether_a_kind_of_offer_works_is_a_question_for_the_evidence(real_finder, text):
    assert read_request(text, finder=real_finder) is None


@pytest.mark.parametrize("text, expected", [
    ("which of those is about systems leadership specifically", "foundations-in-systems-leadership"),
    ("and which one is for people in their first formal leadership role", "mary-seacole-programme"),
])
def test_which_of_those_chooses_within_the_list_by_what_the_entries_are_about(real_finder, text, expected):
    request = read(real_finder, text, last=LAST)
    assert request.kind == "item" and request.item.id == expected


def test_can_they_use_it_is_about_the_entry_in_focus(real_finder):
    request = read(real_finder, "can voluntary orgs use it?", last=LAST, focus="mary-seacole-programme")
    assert request.kind == "item" and request.item.id == "mary-seacole-programme"


@pytest.mark.parametrize("text, expected", [
    ("not that one, the nhs england online platform with workspaces", "futurenhs-collaboration-platform"),
    ("i meant the one for aspiring directors of childrens services", "aspirant-directors-of-childrens-services"),
])
def test_the_entry_meant_can_be_described_instead_of_named(real_finder, text, expected):
    request = read(real_finder, text, last=("ics-network", "q-community", "solace"))
    assert request.kind == "item" and request.item.id == expected


def test_not_that_one_alone_still_moves_within_the_list(real_finder):
    request = read(real_finder, "not that one", last=("ics-network", "q-community", "solace"), focus="ics-network")
    assert request.kind == "move" and request.item.id == "q-community"


@pytest.mark.parametrize("text, facts", [
    # After a list: peers to talk to are a network, whatever was ruled out before them.
    ("nah not a course, somewhere to chat to other leaders", {"want": "network"}),
    ("no, not training. somewhere I can talk to other matrons", {"want": "network"}),
    # A fact given late about the organisation, not the leader.
    ("Should have said, the practice is in Cardiff.", {"nation": "wales"}),
])
def test_a_late_fact_or_a_kind_of_offer_in_other_words_after_a_list_is_read(real_finder, text, facts):
    request = read(real_finder, text, last=LAST)
    assert request is not None and request.kind in ("profile", "recommend")
    assert {key: request.facts.get(key) for key in facts} == facts


@pytest.mark.parametrize("text", ["Sorry, I meant could you give me an exercise on it to use with my team.",
                                  "no I meant a session plan for our team away day"])
def test_something_to_do_here_is_described_by_no_offer(real_finder, text):
    request = read(real_finder, text)
    assert request is None or request.item is None


@pytest.mark.parametrize("text, expected", [
    ("how long is the masters one and what does it cost", "elizabeth-garrett-anderson-programme"),
    ("is the second one free", "elizabeth-garrett-anderson-programme"),
])
def test_an_entry_of_the_list_pointed_at_by_what_it_is_or_its_place(real_finder, text, expected):
    last = ("rosalind-franklin-programme", "elizabeth-garrett-anderson-programme",
            "leadership-centre-systems-leadership-programme")
    request = read(real_finder, text, profile=Profile(role="middle-manager", want="programme"), last=last)
    assert request.kind == "item" and request.item.id == expected
