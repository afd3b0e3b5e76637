"""bot.safety.learned: the learned reading the safety levels weigh with the patterns."""
import numpy as np
import yaml

from bot.safety import learned
from bot.safety.normalise import normalise


def test_the_fast_reading_gives_the_pipelines_own_probabilities():
    reading = learned.reading()
    texts = [normalise(t) for t in ("I've decided tonight is the night", "snowed under tbh",
                                    "wats the deadline 4 the next cohort", "", "zzzz qqqq")]
    ours = np.array([[row[c] for c in reading.model.classes_] for row in reading.probabilities(texts)])
    assert np.allclose(ours, reading.model.predict_proba(texts), atol=1e-9)


def _write(path, data):
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_it_learns_from_dev_cases_our_phrasings_and_ordinary_nlu_messages_never_the_test_half(tmp_path):
    # sha1 of "case-d" starts with 7 (dev); that of "case-c" with 9 (test).
    from bot.ops.eval_safety import split_of
    assert (split_of("case-d"), split_of("case-c")) == ("dev", "test")
    safety_set = _write(tmp_path / "safety.yml", {"cases": [
        {"id": "case-d", "level": "crisis", "text": "dev message"},
        {"id": "case-c", "level": "none", "text": "held-out message"}]})
    extra = _write(tmp_path / "extra.yml", {"cases": [{"id": "x-1", "level": "distress", "text": "extra message"}]})
    phrasings = _write(tmp_path / "phrasings.yml", {"strain": ["our phrasing"]})
    nlu = tmp_path / "nlu"
    nlu.mkdir()
    (nlu / "basics.yml").write_text(
        "nlu:\n- intent: affirm\n  examples: |\n    - some of it\n    - yes for [Wales](nation)\n"
        "- intent: distress\n  examples: |\n    - I can't cope\n", encoding="utf-8")
    leaders = _write(tmp_path / "leaders.yml", {"cases": [
        {"id": "case-d", "category": "exercise", "turns": ["score me, or help me score myself"]},
        {"id": "case-c", "category": "knowledge", "turns": ["a held-out question"]},
        {"id": "case-e", "category": "safety", "turns": ["a safety case"]}]})
    blind = _write(tmp_path / "blind.yml", {"cases": [
        {"id": "case-c", "category": "followup", "turns": [{"say": "what is it", "expect": {}}, "why?"]}]})
    examples = learned.training_examples((safety_set, extra, phrasings), nlu, ((leaders, True), (blind, False)))
    assert sorted(examples) == [("dev message", "crisis"), ("extra message", "distress"), ("our phrasing", "strain"),
                                ("score me, or help me score myself", "none"), ("some of it", "none"),
                                ("what is it", "none"), ("why?", "none"), ("yes for Wales", "none")]


def test_the_classifier_is_built_once_and_again_when_its_examples_change(tmp_path):
    cases = [{"id": f"x-{i}", "level": level, "text": f"{word} message {i}"}
             for i, (level, word) in enumerate([("crisis", "goodbye"), ("none", "agenda")] * 3)]
    sources = (_write(tmp_path / "safety.yml", {"cases": []}), _write(tmp_path / "extra.yml", {"cases": cases}),
               _write(tmp_path / "phrasings.yml", {"none": ["hello"]}))
    out = tmp_path / "classifier"
    assert learned.build_classifier(out, sources, None, ()) is True
    assert learned.build_classifier(out, sources, None, ()) is False  # unchanged: nothing rebuilt
    _write(sources[2], {"none": ["hello", "thanks"]})
    assert learned.build_classifier(out, sources, None, ()) is True


def test_a_model_can_stand_in_for_a_fold_of_cross_validation():
    model = learned.build(["I want to end it all", "what is the agenda"] * 3, ["crisis", "none"] * 3)
    with learned.use(model):
        assert learned.reading().model is model
    assert learned.reading().model is not model


def test_the_learned_reading_sees_things_of_work_and_ordinary_reflexives_as_such():
    assert learned.abstract(normalise("thinking about ending the contract")) == "thinking about ending the workthing"
    assert "oneself" in learned.abstract(normalise("I keep reminding myself to listen"))
    assert "myself" not in learned.abstract(normalise("an overdose of meetings, cut myself some slack"))
    assert learned.abstract(normalise("I want to kill myself")) == "i want to kill myself"


def test_a_digit_is_text_speak_only_where_a_word_would_be():
    assert normalise("can u send it 4 me") == "can you send it for me"
    assert normalise("gone by 4 today") == "gone by 4 today"
    assert normalise("back at 2 for the huddle") == "back at 2 for the huddle"
