"""Load and validate programmes.yml, networks.yml and support.yml (schema: knowledge/README.md).

Like the knowledge loader, validation collects every problem before raising, and each problem
reads "<file>: <record>: field '<field>': <what was expected>" so a content editor can fix all
three files in one pass. The field checks are the knowledge loader's own, reused.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from bot.finder.models import Item, SupportKind
from bot.finder.vocab import ANY_ROLE, ANY_SECTOR, GROUPS, KINDS, NATIONS, ORG_TYPES, ROLES, SECTORS, THEMES
from bot.validation import (
    KEBAB,
    KEBAB_HINT,
    MAX_TITLE_CHARS,
    Checker,
    ContentError,
    closest,
    count_sentences,
    describe,
    record_label,
    url_kind_ok,
)

PROGRAMMES_FILE = "programmes.yml"
NETWORKS_FILE = "networks.yml"
SUPPORT_FILE = "support.yml"

# File -> (top-level key, the kinds its entries may have): keeping kinds to their file means an
# editor looking for a network finds it in networks.yml.
CATALOGUE_FILES = {
    PROGRAMMES_FILE: ("programmes", ("programme",)),
    NETWORKS_FILE: ("networks", ("network", "mentoring")),
}
MAX_SUMMARY_SENTENCES = 2  # who it's for and what it offers, nothing more
MIN_EXPLANATION_SENTENCES, MAX_EXPLANATION_SENTENCES = 2, 3
URL = re.compile(r"^https?://\S+$")
CHECKED = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")
# Sites that host copies of other publishers' documents: users should get the publisher's page.
COPY_SITES = ("pdfslide", "fdocuments", "studylib")

# Field name -> (required, kind), in the knowledge loader's format.
ITEM_FIELDS = {
    "id": (True, "text"),
    "name": (True, "text"),
    "provider": (True, "text"),
    "kind": (True, "text"),
    "summary": (True, "text"),
    "roles": (True, "list"),  # may be empty: an offer for none of the roles (e.g. graduates)
    "sectors": (True, "list"),
    "nations": (True, "list"),  # the nations it serves: every entry says
    "groups": (False, "list"),  # only for an offer reserved for a group (women, bme)
    "org_types": (False, "list"),  # only for an offer meant for some kinds of organisation (councils)
    "aliases": (False, "list"),  # other names leaders use for it
    "format": (True, "text"),
    "themes": (True, "list"),
    "url": (True, "text"),
    "url_kind": (False, "text"),  # "homepage" when the url is the provider's home page
    "source": (True, "text"),
    "checked": (True, "text"),
    "caution": (False, "text"),
}
SUPPORT_FIELDS = {
    "id": (True, "text"),
    "title": (True, "text"),
    "explanation": (True, "text"),
    "instances": (True, "list"),
}
# List field -> (vocabulary, what a value is called in messages, may the list be empty).
_VOCAB_FIELDS = {
    "roles": (ROLES, "role", True),
    "sectors": (SECTORS, "sector", False),
    "nations": (NATIONS, "nation", False),
    "groups": (GROUPS, "group", True),
    "org_types": (ORG_TYPES, "organisation type", True),
    "themes": (THEMES, "theme", False),
}


class FinderError(ContentError):
    """The finder content is invalid; `problems` lists every problem found."""

    what = "the finder content"


def load_finder_content(folder: str | Path) -> tuple[dict[str, Item], tuple[SupportKind, ...]]:
    """Items keyed by id (programmes then networks, in file order) and the four support kinds.

    Raises FinderError listing every problem in the three files.
    """
    root = Path(folder)
    if not root.is_dir():
        raise FinderError([f"{root}: knowledge folder not found (set KNOWLEDGE_DIR?)"])
    check = Checker(root)
    items: dict[str, Item] = {}
    seen_in: dict[str, str] = {}  # "id:<id>" or "name:<name>" -> file that first used it
    declared: set[str] | None = set()  # every id written, even on entries with problems
    for file_name, (top_key, kinds) in CATALOGUE_FILES.items():
        path = root / file_name
        file = check.rel(path)
        records = check.read_yaml(path, top_key)
        if records is None:
            declared = None  # ids in an unreadable file are unknown, so skip reference checks
        for position, record in enumerate(records or [], start=1):
            if declared is not None and isinstance(record, dict) and isinstance(record.get("id"), str):
                declared.add(record["id"])
            item = _load_item(check, file, record_label("entry", record, "id", position),
                              record, kinds, seen_in)
            if item is not None:
                items[item.id] = item
    supports = _load_supports(check, items, declared)
    if check.problems:
        raise FinderError(check.problems)
    return items, supports


def _load_item(check: Checker, file: str, label: str, record, kinds: tuple[str, ...],
               seen_in: dict[str, str]) -> Item | None:
    values = check.fields(file, label, record, ITEM_FIELDS)
    if values is None:
        return None
    before = len(check.problems)
    item_id, name = values["id"], values["name"]
    if not KEBAB.match(item_id):
        check.add(file, f"{label}: field 'id': expected {KEBAB_HINT}")
    # Ids and names are unique across both files: callers look items up by either.
    for field, key in (("id", item_id), ("name", name.lower())):
        where = seen_in.get(f"{field}:{key}")
        if where:
            check.add(file, f"{label}: field '{field}': duplicate {field}, already used in {where} "
                            f"(each programme or network is listed once)")
        else:
            seen_in[f"{field}:{key}"] = file
    kind = values["kind"]
    if kind not in kinds:
        hint = (f" (a '{kind}' entry belongs in {_file_for(kind)})" if kind in KINDS
                else f"; expected one of {', '.join(kinds)}")
        check.add(file, f"{label}: field 'kind': {describe(kind)} is not allowed here{hint}")
    sentences = count_sentences(values["summary"])
    if sentences > MAX_SUMMARY_SENTENCES:
        check.add(file, f"{label}: field 'summary': expected 1 to {MAX_SUMMARY_SENTENCES} "
                        f"sentences (who it is for and what it offers), got {sentences}")
    for field, (vocabulary, noun, may_be_empty) in _VOCAB_FIELDS.items():
        _check_codes(check, file, label, field, values.get(field) or (), vocabulary, noun,
                     may_be_empty or field not in values)
    for field, everything in (("sectors", ANY_SECTOR), ("roles", ANY_ROLE)):
        codes = values[field]
        if everything in codes and len(codes) > 1:
            check.add(file, f"{label}: field '{field}': '{everything}' already covers every "
                            f"{field[:-1]}; list either '{everything}' alone or the specific {field}")
    sectors = values["sectors"]
    aliases = tuple(values.get("aliases") or ())
    if any(not isinstance(alias, str) or not alias.strip() for alias in aliases):
        check.add(file, f"{label}: field 'aliases': expected a list of names as text")
    for field in ("url", "source"):
        _check_url(check, file, label, field, values[field])
    url_kind_ok(check, file, label, values.get("url_kind"))
    if not CHECKED.match(values["checked"]):
        check.add(file, f"{label}: field 'checked': expected a year and month such as \"2026-11\" "
                        f"(quoted), got {describe(values['checked'])}")
    caution = values.get("caution")
    if caution is not None and count_sentences(caution) != 1:
        check.add(file, f"{label}: field 'caution': expected one short sentence, got "
                        f"{count_sentences(caution)}")
    if len(check.problems) > before:
        return None
    return Item(
        id=item_id, name=name, provider=values["provider"], kind=kind, summary=values["summary"],
        roles=values["roles"], sectors=sectors, nations=values["nations"],
        groups=values.get("groups") or (), aliases=aliases, org_types=values.get("org_types") or (),
        format=values["format"], themes=values["themes"], url=values["url"],
        source=values["source"], checked=values["checked"], caution=caution, file=file,
        url_kind=values.get("url_kind"),
    )


def _file_for(kind: str) -> str:
    return next(name for name, (_, kinds) in CATALOGUE_FILES.items() if kind in kinds)


def _check_codes(check: Checker, file: str, label: str, field: str, codes: Iterable[str],
                 vocabulary: dict[str, str], noun: str, may_be_empty: bool) -> None:
    codes = tuple(codes)
    if not codes and not may_be_empty:
        check.add(file, f"{label}: field '{field}': expected at least one {noun} "
                        f"({', '.join(vocabulary)})")
    for code in codes:
        if code not in vocabulary:
            close = closest(code, vocabulary)
            hint = f" (did you mean '{close}'?)" if close else ""
            check.add(file, f"{label}: field '{field}': unknown {noun} '{code}'{hint}; "
                            f"expected one of {', '.join(vocabulary)}")
    if len(set(codes)) != len(codes):
        check.add(file, f"{label}: field '{field}': lists the same {noun} twice")


def _check_url(check: Checker, file: str, label: str, field: str, url: str) -> None:
    if not URL.match(url):
        check.add(file, f"{label}: field '{field}': expected a web address starting with "
                        f"http:// or https://, got {describe(url)}")
    elif field == "url" and any(site in url.lower() for site in COPY_SITES):
        check.add(file, f"{label}: field 'url': {url} is a document-copy site; link the "
                        f"provider's own page instead")


def _load_supports(check: Checker, items: dict[str, Item],
                   declared: set[str] | None) -> tuple[SupportKind, ...]:
    """The support kinds; `declared` holds every id written (None: a file was unreadable)."""
    path = check.root / SUPPORT_FILE
    file = check.rel(path)
    supports: list[SupportKind] = []
    seen: set[str] = set()
    for position, record in enumerate(check.read_yaml(path, "supports") or [], start=1):
        label = record_label("support", record, "id", position)
        values = check.fields(file, label, record, SUPPORT_FIELDS)
        if values is None:
            continue
        before = len(check.problems)
        support_id = values["id"]
        if not KEBAB.match(support_id):
            check.add(file, f"{label}: field 'id': expected {KEBAB_HINT}")
        elif support_id in seen:
            check.add(file, f"{label}: field 'id': duplicate id (each kind of support is listed once)")
        seen.add(support_id)
        if len(values["title"]) > MAX_TITLE_CHARS:
            check.add(file, f"{label}: field 'title': expected at most {MAX_TITLE_CHARS} "
                            f"characters (it is shown on a button), got {len(values['title'])}")
        sentences = count_sentences(values["explanation"])
        if not MIN_EXPLANATION_SENTENCES <= sentences <= MAX_EXPLANATION_SENTENCES:
            check.add(file, f"{label}: field 'explanation': expected {MIN_EXPLANATION_SENTENCES} "
                            f"to {MAX_EXPLANATION_SENTENCES} sentences, got {sentences}")
        instances = values["instances"]
        if not instances:
            check.add(file, f"{label}: field 'instances': expected at least one programme or "
                            f"network id")
        for ref in instances if declared is not None else ():
            if ref not in declared:
                close = closest(ref, declared)
                hint = f" (did you mean '{close}'?)" if close else ""
                check.add(file, f"{label}: field 'instances': unknown programme or network id "
                                f"'{ref}'{hint} (expected an id from {PROGRAMMES_FILE} or "
                                f"{NETWORKS_FILE})")
        if len(set(instances)) != len(instances):
            check.add(file, f"{label}: field 'instances': lists the same id twice")
        # An instance that exists but failed its own checks leaves the problem on that entry.
        if len(check.problems) == before and all(ref in items for ref in instances):
            supports.append(SupportKind(
                id=support_id, title=values["title"], explanation=values["explanation"],
                instances=tuple(items[ref] for ref in instances),
            ))
    return tuple(supports)
