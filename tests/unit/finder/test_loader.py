"""Loading and validating the finder files: every problem names file, entry, field and the fix."""
from __future__ import annotations

import pytest

from bot.finder import FinderError, get_finder, load_finder

from .conftest import content, item, write


def problems_for(tmp_path, change) -> list[str]:
    files = content()
    change(files)
    with pytest.raises(FinderError) as caught:
        load_finder(write(tmp_path / "k", files))
    return caught.value.problems


def test_good_content_loads_with_typed_values_in_file_order(finder):
    assert list(finder.items) == ["nhs-course", "council-course", "any-course", "nhs-network",
                                  "coaching"]
    course = finder.items["nhs-course"]
    assert course.roles == ("middle-manager",) and course.nations == ("england",) and course.caution is None
    assert course.file == "programmes.yml" and finder.items["coaching"].file == "networks.yml"
    [support] = finder.support_kinds()
    assert [i.id for i in support.instances] == ["coaching", "nhs-network"]
    assert support.instances[0] is finder.items["coaching"]


def _programme(files, **fields):
    files["programmes.yml"]["programmes"][0].update(fields)


@pytest.mark.parametrize("change, expected", [
    (lambda f: _programme(f, cost="free"),
     "programmes.yml: entry 'nhs-course': field 'cost': unknown field"),
    (lambda f: _programme(f, sumary="x"),
     "field 'sumary': unknown field (did you mean 'summary'?)"),
    (lambda f: f["programmes.yml"]["programmes"][0].pop("url"),
     "programmes.yml: entry 'nhs-course': field 'url': missing (required)"),
    (lambda f: _programme(f, roles=["middle-managers"]),
     "field 'roles': unknown role 'middle-managers' (did you mean 'middle-manager'?); expected one of"),
    (lambda f: _programme(f, sectors=["councils"]),
     "field 'sectors': unknown sector 'councils'"),
    (lambda f: _programme(f, sectors=[]),
     "field 'sectors': expected at least one sector"),
    (lambda f: _programme(f, sectors=["nhs", "any"]),
     "field 'sectors': 'any' already covers every sector"),
    (lambda f: _programme(f, themes=["place", "place"]),
     "field 'themes': lists the same theme twice"),
    (lambda f: _programme(f, nations=["ulster"]),
     "field 'nations': unknown nation 'ulster'"),
    (lambda f: _programme(f, nations=[]),
     "field 'nations': expected at least one nation"),
    (lambda f: f["programmes.yml"]["programmes"][0].pop("nations"),
     "field 'nations': missing (required)"),
    (lambda f: _programme(f, roles=["any", "clinician"]),
     "field 'roles': 'any' already covers every role"),
    (lambda f: _programme(f, groups=["men"]),
     "field 'groups': unknown group 'men'"),
    (lambda f: _programme(f, org_types=["hospital"]),
     "field 'org_types': unknown organisation type 'hospital'"),
    (lambda f: _programme(f, url="www.example.org"),
     "field 'url': expected a web address starting with http:// or https://"),
    (lambda f: _programme(f, source="see the LGA site"),
     "field 'source': expected a web address starting with http:// or https://"),
    (lambda f: _programme(f, url="https://pdfslide.us/documents/x.html"),
     "field 'url': https://pdfslide.us/documents/x.html is a document-copy site"),
    (lambda f: _programme(f, checked="November 2026"),
     "field 'checked': expected a year and month such as \"2026-11\""),
    (lambda f: _programme(f, summary="One. Two. Three."),
     "field 'summary': expected 1 to 2 sentences"),
    (lambda f: _programme(f, caution="Unverified. Check it."),
     "field 'caution': expected one short sentence, got 2"),
    (lambda f: _programme(f, kind="network"),
     "field 'kind': 'network' is not allowed here (a 'network' entry belongs in networks.yml)"),
    (lambda f: _programme(f, kind="webinar"),
     "field 'kind': 'webinar' is not allowed here; expected one of programme"),
    (lambda f: _programme(f, id="NHS Course"),
     "field 'id': expected lowercase letters, digits and single hyphens"),
    (lambda f: f["networks.yml"]["networks"].append(item("nhs-course", kind="network")),
     "networks.yml: entry 'nhs-course': field 'id': duplicate id, already used in programmes.yml"),
    (lambda f: f["programmes.yml"]["programmes"].append(item("other", name="Nhs Course")),
     "programmes.yml: entry 'other': field 'name': duplicate name, already used in programmes.yml"),
    (lambda f: f["support.yml"]["supports"][0]["instances"].append("nhs-netwrk"),
     "support.yml: support 'peer-support': field 'instances': unknown programme or network id "
     "'nhs-netwrk' (did you mean 'nhs-network'?)"),
    (lambda f: f["support.yml"]["supports"][0].update(explanation="Too short."),
     "field 'explanation': expected 2 to 3 sentences, got 1"),
    (lambda f: f["support.yml"]["supports"].append(dict(f["support.yml"]["supports"][0])),
     "support.yml: support 'peer-support': field 'id': duplicate id"),
    (lambda f: f.update({"networks.yml": "networks: [unclosed"}),
     "networks.yml: line 1, column 20: YAML syntax error"),
    (lambda f: f.update({"support.yml": {"kinds": []}}),
     "support.yml: expected a top-level 'supports:' list"),
])
def test_each_broken_field_gives_one_actionable_problem(tmp_path, change, expected):
    problems = problems_for(tmp_path, change)
    assert any(expected in problem for problem in problems), problems


def test_an_unreadable_file_does_not_make_every_reference_unknown(tmp_path):
    problems = problems_for(tmp_path, lambda f: f.update({"networks.yml": "networks: ["}))
    assert len(problems) == 1 and problems[0].startswith("networks.yml: line 1")


def test_every_problem_is_reported_in_one_pass(tmp_path):
    def break_three(files):
        _programme(files, roles=["boss"], url="nowhere")
        files["support.yml"]["supports"][0]["instances"] = ["missing"]

    problems = problems_for(tmp_path, break_three)
    assert len(problems) == 3
    assert str(FinderError(problems)).startswith("3 problem(s) in the finder content:")


def test_a_support_pointing_at_a_broken_entry_does_not_also_call_it_unknown(tmp_path):
    problems = problems_for(tmp_path, lambda f: _programme(f, id="coaching-x", roles=["boss"]))
    assert not any("unknown programme or network id" in problem for problem in problems)


def test_missing_files_and_folder_are_named(tmp_path):
    folder = tmp_path / "k"
    folder.mkdir()
    with pytest.raises(FinderError) as caught:
        load_finder(str(folder))
    assert [p.split(":")[0] for p in caught.value.problems] == ["programmes.yml", "networks.yml",
                                                               "support.yml"]
    with pytest.raises(FinderError, match="knowledge folder not found"):
        load_finder(str(tmp_path / "nowhere"))


def test_roles_may_be_empty_and_groups_aliases_and_caution_are_optional(tmp_path):
    files = content()
    _programme(files, roles=[], nations=["wales", "scotland"], caution="Not confirmed: check the page.",
               groups=["women"], aliases=["the course"])
    course = load_finder(write(tmp_path / "k", files)).items["nhs-course"]
    assert course.roles == () and course.nations == ("wales", "scotland")
    assert course.groups == ("women",) and course.aliases == ("the course",)
    assert course.caution == "Not confirmed: check the page."
    assert load_finder(write(tmp_path / "k2", content())).items["nhs-course"].groups == ()


def test_get_finder_loads_once_per_folder(tmp_path):
    folder = write(tmp_path / "k", content())
    get_finder.cache_clear()
    try:
        assert get_finder(folder) is get_finder(folder)
    finally:
        get_finder.cache_clear()


def test_importing_the_package_reads_nothing():
    import subprocess
    import sys

    # A fresh interpreter: importing must not load content or pull in Rasa.
    code = ("import sys, bot.finder; assert bot.finder.get_finder.cache_info().currsize == 0; "
            "assert not any(m == 'rasa' or m.startswith('rasa.') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)
