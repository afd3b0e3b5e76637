"""The issue's targets on the dev half of tests/eval/safety.yml (the half tuned on), so a
regression fails `make test`. The test half is measured only by `EVAL_SPLIT=test make eval`."""
from bot.ops.eval_safety import SAFETY_SET, load_cases, score, split_of


def test_the_split_is_by_the_first_hex_digit_of_sha1_of_the_id():
    import hashlib
    for case_id in ("crisis-005", "crisis-001", "none-001", "mixed-044"):
        expected = "dev" if hashlib.sha1(case_id.encode()).hexdigest()[0] in "01234567" else "test"
        assert split_of(case_id) == expected
    dev, test = load_cases("dev", SAFETY_SET), load_cases("test", SAFETY_SET)
    assert not {c["id"] for c in dev} & {c["id"] for c in test}
    assert len(dev) + len(test) == len(load_cases("all", SAFETY_SET))


def test_the_dev_half_meets_the_issues_targets():
    result = score(load_cases("dev"))
    assert result["recall"]["crisis"] == 1.0, result["misses"]
    assert result["recall"]["distress"] >= 0.98, result["misses"]
    assert result["false_alarm"] <= 0.01, result["misses"]
    assert result["false_clinical"] <= 0.01, result["misses"]


def test_every_blind_set_is_well_formed_and_its_ids_never_clash_with_the_others():
    import yaml

    from bot.ops.eval_safety import BLIND_SETS, HELD_OUT, load_dev

    levels = {"crisis", "distress", "strain", "clinical", "none"}
    seen = {case["id"] for case in load_cases("all", SAFETY_SET)}
    for name, path in BLIND_SETS.items():
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        ids = [case["id"] for case in cases]
        assert len(ids) == len(set(ids)) and not set(ids) & seen, name
        assert all(case["level"] in levels and case["text"].strip() and isinstance(case["asks"], bool)
                   for case in cases), name
        seen |= set(ids)
    # fresh3, fresh4 and fresh5 were measured held out and are learnt from since; the others stay held out.
    learnt = {case["id"] for case in load_dev()}
    assert not {"fresh3", "fresh4", "fresh5", "fresh6"} & set(HELD_OUT) and {"fresh7", "fresh8"} <= set(HELD_OUT)
    assert all(any(i.startswith(prefix) for i in learnt) for prefix in ("fr3s-", "fr4s-", "fr5s-", "fr6s-"))
    assert not any(i.startswith(("fr2s-", "fr7s-", "fr8s-")) for i in learnt)
