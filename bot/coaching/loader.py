"""Load and validate reflective exercises (see knowledge/reflections/README.md for the schema).

Like the knowledge loader, validation collects every problem before raising, and each problem
reads "<file>: <where>: field '<field>': <what was expected>" so a content editor can fix a
whole folder in one pass. The field checks are the knowledge loader's own, reused.
"""
from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from bot.coaching.models import (
    NEXT_STEP_KINDS,
    SCALE_MAX,
    SCALE_MIN,
    STEP_KINDS,
    Condition,
    Exercise,
    FollowUp,
    NextStep,
    Scale,
    Step,
)
from bot.coaching.text import normalise
from bot.validation import (
    KEBAB,
    KEBAB_HINT,
    MAX_TITLE_CHARS,
    Checker,
    ContentError,
    closest,
    count_sentences,
    describe,
)

MIN_INTRO_SENTENCES, MAX_INTRO_SENTENCES = 2, 4  # enough to set the scene, short enough to read
STEP_ID = re.compile(r"^[a-z][a-z0-9_]*$")
STEP_ID_HINT = "lowercase letters, digits and underscores, starting with a letter (e.g. 'first_step')"
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")

# Field name -> (required, kind), in the knowledge loader's format. "raw" fields are nested
# structures its checker passes through unchanged; the functions below check them.
EXERCISE_FIELDS = {
    "id": (True, "text"),
    "title": (True, "text"),
    "purpose": (True, "text"),
    "draws_on": (True, "list"),
    "keywords": (False, "list"),
    "introduction": (True, "text"),
    "steps": (True, "raw"),
    "summary": (True, "raw"),
    "next_steps": (True, "raw"),
}
STEP_FIELDS = {
    "id": (True, "text"),
    "prompt": (True, "text"),
    "kind": (True, "text"),
    "scale": (False, "raw"),
    "follow_ups": (False, "raw"),
    "acknowledge": (False, "text"),
    "commitment": (False, "raw"),
}
ACKNOWLEDGE_PLACEHOLDER = "answer"  # the only placeholder an acknowledgement may use
FOLLOW_UP_FIELDS = {
    "id": (True, "text"),
    "prompt": (True, "text"),
    "kind": (True, "text"),
    "scale": (False, "raw"),
    "when": (False, "raw"),
}
SCALE_FIELDS = {"low": (True, "text"), "high": (True, "text")}
WHEN_FIELDS = {"min": (False, "raw"), "max": (False, "raw")}
NEXT_STEP_FIELDS = {"kind": (True, "text"), "ref": (True, "text"), "title": (True, "text")}


class CoachingError(ContentError):
    """The reflective exercises are invalid; `problems` lists every problem found."""

    what = "the reflective exercises"


def load_exercises(
    folder: str | Path,
    known_entry_ids: Collection[str] | None = None,
    known_programmes: Collection[str] | None = None,
    known_networks: Collection[str] | None = None,
) -> dict[str, Exercise]:
    """Read and validate every `<id>.yml` in `folder`, keyed by id in file-name order.

    Each `known_*` collection, when given, is what `draws_on` and `next_steps` refs must name;
    None leaves that kind of reference unchecked. Raises CoachingError listing every problem.
    """
    root = Path(folder)
    if not root.is_dir():
        raise CoachingError([f"{root}: reflections folder not found"])
    check = Checker(root)
    known = {"topic": known_entry_ids, "programme": known_programmes, "network": known_networks}
    paths = sorted(root.glob("*.yml")) + sorted(root.glob("*.yaml"))
    if not paths:
        check.add(f"{root.name}/", "no exercise files (*.yml) found")
    exercises: dict[str, Exercise] = {}
    keyword_owner: dict[str, str] = {}  # normalised keyword -> exercise id that claims it
    for path in paths:
        exercise = _load_file(check, path, known)
        if exercise is None:
            continue
        exercises[exercise.id] = exercise
        # Two exercises sharing a keyword would make suggestions depend on file order.
        for keyword in exercise.keywords:
            other = keyword_owner.setdefault(normalise(keyword), exercise.id)
            if other != exercise.id:
                check.add(exercise.file, f"exercise '{exercise.id}': field 'keywords': "
                                         f"'{keyword}' is also a keyword of exercise '{other}' "
                                         f"(a keyword may belong to one exercise only)")
    if check.problems:
        raise CoachingError(check.problems)
    return exercises


def _read_mapping(check: Checker, path: Path) -> dict | None:
    """The file's top-level mapping, or None (with a problem recorded) if the file is unusable."""
    parsed, data = check.parse_yaml(path)
    if not parsed:
        return None
    if not isinstance(data, dict):
        check.add(check.rel(path), f"expected a mapping of exercise fields ({', '.join(EXERCISE_FIELDS)}), "
                        f"got {describe(data)}")
        return None
    return data


def _load_file(check: Checker, path: Path, known: dict) -> Exercise | None:
    file = check.rel(path)
    data = _read_mapping(check, path)
    if data is None:
        return None
    before = len(check.problems)
    exercise_id = data.get("id") if isinstance(data.get("id"), str) else None
    label = f"exercise '{exercise_id}'" if exercise_id else "exercise"
    values = check.fields(file, label, data, EXERCISE_FIELDS)
    if values is None:
        return None
    _check_header(check, file, label, values, path.stem, known["topic"])
    steps = _load_steps(check, file, label, values["steps"])
    summary = _load_summary(check, file, label, values["summary"], _raw_ids(values["steps"]))
    next_steps = _load_next_steps(check, file, label, values["next_steps"], known)
    if len(check.problems) > before:
        return None
    return Exercise(
        id=values["id"],
        title=values["title"],
        purpose=values["purpose"],
        draws_on=values["draws_on"],
        introduction=values["introduction"],
        steps=tuple(steps),
        summary=summary,
        next_steps=tuple(next_steps),
        keywords=values.get("keywords") or (),
        file=file,
    )


def _check_header(check, file, label, values, stem, entry_ids) -> None:
    exercise_id = values["id"]
    if not KEBAB.match(exercise_id):
        check.add(file, f"{label}: field 'id': expected {KEBAB_HINT}")
    elif exercise_id != stem:
        check.add(file, f"{label}: field 'id': expected '{stem}' (the id must equal the file "
                        f"name without .yml)")
    if len(values["title"]) > MAX_TITLE_CHARS:
        check.add(file, f"{label}: field 'title': expected at most {MAX_TITLE_CHARS} characters "
                        f"(it is shown on a button), got {len(values['title'])}")
    if count_sentences(values["purpose"]) != 1:
        check.add(file, f"{label}: field 'purpose': expected one sentence, got "
                        f"{count_sentences(values['purpose'])}")
    sentences = count_sentences(values["introduction"])
    if not MIN_INTRO_SENTENCES <= sentences <= MAX_INTRO_SENTENCES:
        check.add(file, f"{label}: field 'introduction': expected {MIN_INTRO_SENTENCES} to "
                        f"{MAX_INTRO_SENTENCES} sentences, got {sentences}")
    if not values["draws_on"]:
        check.add(file, f"{label}: field 'draws_on': expected at least one knowledge entry id")
    _check_refs(check, file, label, "draws_on", values["draws_on"], entry_ids, "knowledge entry id")
    for keyword in values.get("keywords") or ():
        if not normalise(keyword):
            check.add(file, f"{label}: field 'keywords': '{keyword}' has no letters or digits")


def _check_refs(check, file, label, field, refs, known, what) -> None:
    if known is None:
        return
    for ref in refs:
        if ref not in known:
            close = closest(ref, known)
            hint = f" (did you mean '{close}'?)" if close else ""
            check.add(file, f"{label}: field '{field}': unknown {what} '{ref}'{hint}")


def _records(check, file, label, field, value, allow_empty=False) -> list:
    """The list in a nested field, or [] with a problem recorded when it is not a list."""
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or (not value and not allow_empty):
        check.add(file, f"{label}: field '{field}': expected a non-empty list, got {describe(value)}")
        return []
    return value


def _raw_ids(raw: Any) -> list[str]:
    """Every step and follow-up id written in the file, even in records with other problems.

    The summary is checked against these so that one broken step does not also report its
    placeholder as unknown.
    """
    ids = []
    for record in raw if isinstance(raw, list) else []:
        if not isinstance(record, dict):
            continue
        follow_ups = record.get("follow_ups")
        for item in [record, *(follow_ups if isinstance(follow_ups, list) else [])]:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.append(item["id"])
    return ids


def _load_steps(check: Checker, file: str, exercise_label: str, raw: Any) -> list[Step]:
    steps: list[Step] = []
    seen: set[str] = set()
    commitments: list[str] = []
    for position, record in enumerate(_records(check, file, exercise_label, "steps", raw), start=1):
        label = _label("step", record, position)
        values = check.fields(file, label, record, STEP_FIELDS)
        if values is None or not _check_question(check, file, label, values, seen):
            continue
        follow_ups = []
        for number, item in enumerate(
                _records(check, file, label, "follow_ups", values.get("follow_ups"), True), start=1):
            follow_up = _load_follow_up(check, file, f"{label} follow-up", item, number, values, seen)
            if follow_up is not None:
                follow_ups.append(follow_up)
        acknowledge = values.get("acknowledge")
        if acknowledge is not None and set(PLACEHOLDER.findall(acknowledge)) != {ACKNOWLEDGE_PLACEHOLDER}:
            check.add(file, f"{label}: field 'acknowledge': expected a sentence that quotes the answer "
                            f"with {{{ACKNOWLEDGE_PLACEHOLDER}}} and no other placeholder")
        commitment = _load_commitment(check, file, label, values, commitments)
        steps.append(Step(id=values["id"], prompt=values["prompt"], kind=values["kind"],
                          scale=_scale(values), follow_ups=tuple(follow_ups), acknowledge=acknowledge,
                          commitment=commitment))
    return steps


def _load_commitment(check, file, label, values, commitments: list[str]) -> bool:
    """`commitment: true` marks the text step whose answer is a step with a date (one per exercise)."""
    value = values.get("commitment")
    if value is None or value is False:
        return False
    if value is not True:
        check.add(file, f"{label}: field 'commitment': expected true or false, got {describe(value)}")
        return False
    if values["kind"] != "text":
        check.add(file, f"{label}: field 'commitment': only a text step can be a commitment "
                        f"(the leader names a step and a date in their own words)")
        return False
    if commitments:
        check.add(file, f"{label}: field 'commitment': step '{commitments[0]}' is already the "
                        f"exercise's commitment (one per exercise)")
        return False
    commitments.append(values["id"])
    return True


def _load_follow_up(check, file, prefix, record, position, parent, seen) -> FollowUp | None:
    label = f"{prefix} {_label('', record, position).strip()}"
    values = check.fields(file, label, record, FOLLOW_UP_FIELDS)
    if values is None or not _check_question(check, file, label, values, seen):
        return None
    when = _load_when(check, file, label, values.get("when"), parent)
    if when is None:
        return None
    return FollowUp(id=values["id"], prompt=values["prompt"], kind=values["kind"],
                    scale=_scale(values), when=when)


def _check_question(check, file, label, values, seen: set[str]) -> bool:
    """Check the fields shared by steps and follow-ups; False when the question is unusable."""
    ok = True
    question_id = values["id"]
    if not STEP_ID.match(question_id):
        check.add(file, f"{label}: field 'id': expected {STEP_ID_HINT}")
        ok = False
    elif question_id in seen:
        check.add(file, f"{label}: field 'id': duplicate id (step and follow-up ids are unique "
                        f"within an exercise, as the summary refers to them)")
        ok = False
    seen.add(question_id)
    kind, scale = values["kind"], values.get("scale")
    if kind not in STEP_KINDS:
        check.add(file, f"{label}: field 'kind': expected one of {', '.join(STEP_KINDS)}, "
                        f"got {describe(kind)}")
        return False
    if kind == "text" and scale is not None:
        check.add(file, f"{label}: field 'scale': only scale steps have a scale (kind is text)")
        ok = False
    if kind == "scale":
        if scale is None:
            check.add(file, f"{label}: field 'scale': missing (scale steps need low and high "
                            f"labels, e.g. {{low: not yet, high: consistently}})")
            return False
        parsed = check.fields(file, f"{label} scale", scale, SCALE_FIELDS)
        if parsed is None:
            return False
        values["scale"] = Scale(low=parsed["low"], high=parsed["high"])
    return ok


def _scale(values: dict) -> Scale | None:
    return values["scale"] if isinstance(values.get("scale"), Scale) else None


def _load_when(check, file, label, raw, parent) -> Condition | None:
    if raw is None:
        return Condition()  # no condition: always asked once the parent is answered
    if parent["kind"] != "scale":
        check.add(file, f"{label}: field 'when': only follow-ups of scale steps have a condition "
                        f"(leave 'when' out to always ask it)")
        return None
    values = check.fields(file, f"{label} when", raw, WHEN_FIELDS)
    if values is None:
        return None
    bounds = {}
    for name in ("min", "max"):
        value = values.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not SCALE_MIN <= value <= SCALE_MAX:
            check.add(file, f"{label} when: field '{name}': expected a whole number from "
                            f"{SCALE_MIN} to {SCALE_MAX}, got {describe(value)}")
            return None
        bounds[name] = value
    if not bounds:
        check.add(file, f"{label}: field 'when': expected {{max: N}} or {{min: N}} "
                        f"(e.g. {{max: 2}} to ask after a low score)")
        return None
    condition = Condition(minimum=bounds.get("min", SCALE_MIN), maximum=bounds.get("max", SCALE_MAX))
    if condition.minimum > condition.maximum:
        check.add(file, f"{label}: field 'when': min {condition.minimum} is above max "
                        f"{condition.maximum}, so it would never be asked")
        return None
    return condition


def _load_summary(check, file, label, raw, question_ids: list[str]) -> str:
    if not isinstance(raw, str) or not raw.strip():
        check.add(file, f"{label}: field 'summary': expected non-empty text, got {describe(raw)}")
        return ""
    # Keep the line breaks: each line of a summary can be dropped on its own (see the engine).
    summary = "\n".join(line.rstrip() for line in raw.strip().splitlines())
    for name in PLACEHOLDER.findall(summary):
        if name not in question_ids:
            close = closest(name, question_ids)
            hint = f" (did you mean '{{{close}}}'?)" if close else ""
            check.add(file, f"{label}: field 'summary': placeholder '{{{name}}}' is not a step "
                            f"or follow-up id{hint}; expected one of {', '.join(question_ids)}")
    if "{" in PLACEHOLDER.sub("", summary) or "}" in PLACEHOLDER.sub("", summary):
        check.add(file, f"{label}: field 'summary': unmatched '{{' or '}}' (placeholders look "
                        f"like {{step_id}})")
    return summary


def _load_next_steps(check, file, exercise_label, raw, known: dict) -> list[NextStep]:
    steps = []
    for position, record in enumerate(_records(check, file, exercise_label, "next_steps", raw),
                                      start=1):
        label = f"next step #{position}"
        values = check.fields(file, label, record, NEXT_STEP_FIELDS)
        if values is None:
            continue
        kind = values["kind"]
        if kind not in NEXT_STEP_KINDS:
            check.add(file, f"{label}: field 'kind': expected one of {', '.join(NEXT_STEP_KINDS)}, "
                            f"got {describe(kind)}")
            continue
        what = {"topic": "knowledge entry id", "programme": "programme name (exactly as in the "
                "reference facts)", "network": "network name (exactly as in the reference facts)"}
        _check_refs(check, file, label, "ref", [values["ref"]], known[kind], what[kind])
        if len(values["title"]) > MAX_TITLE_CHARS:
            check.add(file, f"{label}: field 'title': expected at most {MAX_TITLE_CHARS} "
                            f"characters (it is shown on a button), got {len(values['title'])}")
        steps.append(NextStep(kind=kind, ref=values["ref"], title=values["title"]))
    return steps


def _label(kind: str, record: Any, position: int) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str) and record["id"]:
        return f"{kind} '{record['id']}'"
    return f"{kind} #{position}"
