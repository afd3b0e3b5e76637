"""An offer's `url_kind: homepage`: accepted, anything else rejected, and the leader is told the
link is the provider's home page rather than the offer's own page."""
from __future__ import annotations

import pytest

from bot.finder import FinderError, load_finder

from .conftest import content, write


def _finder_with_url_kind(tmp_path, url_kind):
    files = content()
    files["programmes.yml"]["programmes"][0].update(url="https://example.org/", url_kind=url_kind)
    return load_finder(write(tmp_path / "k", files))


def test_a_home_page_offer_is_linked_as_the_providers_home_page(tmp_path):
    finder = _finder_with_url_kind(tmp_path, "homepage")
    assert finder.items["nhs-course"].link() == "Provider's home page: https://example.org/"
    assert finder.items["council-course"].link() == "https://example.org/council-course"


def test_an_unknown_offer_url_kind_is_a_problem_naming_the_fix(tmp_path):
    with pytest.raises(FinderError) as caught:
        _finder_with_url_kind(tmp_path, "own page")
    assert caught.value.problems == [
        "programmes.yml: entry 'nhs-course': field 'url_kind': expected homepage (or no "
        "url_kind when the url is the entry's own page), got 'own page'"]
