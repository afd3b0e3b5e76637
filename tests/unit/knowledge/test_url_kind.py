"""A source's `url_kind: homepage`: accepted, anything else rejected, and the leader is told the
link is the organisation's home page rather than the source's own page."""
from __future__ import annotations

import pytest

from bot.knowledge.compose import compose_citation
from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.models import Source

from .conftest import write_content


def _kb_with_url_kind(tmp_path, content, url_kind):
    content["sources.yml"]["sources"][1].update(url="https://www.kingsfund.org.uk/", url_kind=url_kind)
    return load_knowledge(write_content(tmp_path / "k", content))


def test_a_home_page_source_says_so_in_the_source_line_and_the_citation(tmp_path, content):
    kb = _kb_with_url_kind(tmp_path, content, "homepage")
    entry = kb.entry("governance-clarity")
    assert kb.sources[entry.sources[1]].short() == (
        "The practice of system leadership, The King's Fund, 2015 — "
        "organisation's home page: https://www.kingsfund.org.uk/")
    assert compose_citation(kb, entry).split("\n\n")[1].splitlines()[1] == (
        "organisation's home page: https://www.kingsfund.org.uk/")


def test_a_source_without_url_kind_shows_its_bare_link():
    source = Source("k", "Title", "Org", 2020, "https://x.org")
    assert source.link() == "https://x.org" and source.short() == "Title, Org, 2020 — https://x.org"


def test_an_unknown_source_url_kind_is_a_problem_naming_the_fix(tmp_path, content):
    with pytest.raises(KnowledgeError) as caught:
        _kb_with_url_kind(tmp_path, content, "home")
    # The entries citing the rejected source report it as unknown after this first problem.
    assert caught.value.problems[0] == (
        "sources.yml: source 'kings-fund-2015': field 'url_kind': expected homepage (or no "
        "url_kind when the url is the entry's own page), got 'home'")
