import pytest

from bot.finder import find_item, get_finder
from bot.finder.filters import parse_filters, passes


@pytest.mark.parametrize(
    "text, expected",
    [
        ("anything free?", {"free"}),
        ("something online and short please", {"online", "short"}),
        ("a course I can do from home that doesn't cost anything", {"online", "free"}),
        ("find me a programme", set()),
        # Free in the leader's words, and "free" that is not about cost.
        ("any leadership courses for band 7s that dont cost anything", {"free"}),
        ("no budget for training this year", {"free"}),
        ("we cant afford fees", {"free"}),
        ("something that costs nothing", {"free"}),
        ("how do I free up time to lead", set()),
        ("something I can do in my free time", set()),
        # A sector ruled out is a filter too; naming one's own is not.
        ("not interested in nhs stuff", {"not-nhs"}),
        ("a leadership course, nothing council run", {"not-local-government"}),
        ("I work in the NHS", set()),
    ],
)
def test_filters_in_words(text, expected):
    assert parse_filters(text) == expected


@pytest.fixture(scope="module")
def items():
    return get_finder().items


def test_free_and_online_come_from_the_stated_format(items):
    assert passes(items["edward-jenner-programme"], {"free", "online"})
    assert not passes(items["mary-seacole-programme"], {"free"})


def test_a_ruled_out_sector_drops_that_sectors_own_offers(items):
    assert not passes(items["mary-seacole-programme"], {"not-nhs"})  # for the NHS alone
    assert not passes(items["edward-jenner-programme"], {"not-nhs"})  # run by the NHS
    assert passes(items["registered-manager-networks"], {"not-nhs"})
    assert passes(items["q-community"], {"not-nhs", "not-local-government"})


def test_short_means_at_most_three_months(items):
    assert passes(items["edward-jenner-programme"], {"short"})
    assert not passes(items["elizabeth-garrett-anderson-programme"], {"short"})


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tell me about the Nye Bevan programme", "nye-bevan-programme"),
        ("what is the mary seacole course like?", "mary-seacole-programme"),
        ("tell me about the Q community", "q-community"),
        ("what's the weather", None),
    ],
)
def test_an_item_is_found_by_its_name(real_finder, text, expected):
    found = find_item(text, real_finder)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(
    "text, role, sector",
    [
        ("I'm new to leading a team in health care. Which course suits me?", "first-line-manager", "nhs"),
        ("What leadership programmes are there for senior NHS leaders?", "senior-leader", "nhs"),
    ],
)
def test_leaders_describing_themselves_in_passing(text, role, sector):
    from bot.finder import parse_role, parse_sector

    assert (parse_role(text), parse_sector(text)) == (role, sector)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I'm a first-line manager in the NHS, is there a course for me?", True),
        ("I manage a care home and want to meet peers", True),
        ("Are there leadership courses where NHS, council and charity staff learn together?", False),
        ("I've been asked to lead a transformation programme covering three trusts. Where do I start?", False),
        ("is there a course that would suit me?", True),
        ("What professional support do system leaders rely on?", False),
        ("How do I engage middle managers?", False),
        ("What does the evidence say about leadership programmes?", False),
        ("/find_programme", False),
    ],
)
def test_requests_for_personal_development(text, expected):
    from bot.finder.filters import wants_recommendation

    assert wants_recommendation(text) is expected
