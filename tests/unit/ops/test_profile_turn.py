"""The profile breakdown (bot/ops/profile_turn.py) sorts py-spy's stacks into the parts of a turn."""
from bot.ops.profile_turn import OTHER, breakdown_table, parse_raw

RAW = """\
_run_once (asyncio/base_events.py:1909);handle_message (rasa/core/processor.py:157);parse_message (rasa/core/processor.py:700);process (rasa/nlu/classifiers/diet_classifier.py:1000);__call__ (tensorflow/python/eager/def_function.py:915) 30
_run_once (asyncio/base_events.py:1909);handle_message (rasa/core/processor.py:157);process (rasa/nlu/featurizers/sparse_featurizer/count_vectors_featurizer.py:700) 10
_run_once (asyncio/base_events.py:1909);save (bot/rasa/tracker_store.py:60);save (rasa/core/tracker_store.py:1300);dumps (json/__init__.py:231) 5
_run_once (asyncio/base_events.py:1909);retrieve (bot/rasa/tracker_store.py:50);from_dict (rasa/shared/core/trackers.py:140) 4
_run_once (asyncio/base_events.py:1909);_run_remote_action (bot/rasa/fixes.py:100);run (rasa/core/actions/action.py:780);dumps (json/__init__.py:231) 6
_run_once (asyncio/base_events.py:1909);predict_action_probabilities (rasa/core/policies/ted_policy.py:900) 20
_run_once (asyncio/base_events.py:1909);predict_action_probabilities (bot/rasa/safety_policy.py:60);assess (bot/safety/assess.py:10) 3
_run_once (asyncio/base_events.py:1909);json (sanic/response.py:10);dumps (json/__init__.py:231) 2
_run_once (asyncio/base_events.py:1909);data_received (sanic/server/protocols/http_protocol.py:10) 20
garbage line
"""


def test_each_stack_goes_to_the_outermost_part_it_passes_through():
    samples = parse_raw(RAW)
    assert samples["NLU: DIET"] == 30  # TensorFlow inside DIET counts as DIET
    assert samples["NLU: featurizers and tokenizer"] == 10
    assert samples["tracker store: writes"] == 5  # JSON inside the save counts as the tracker store
    assert samples["tracker store: reads"] == 4
    assert samples["action server hop"] == 6
    assert samples["policy: TED"] == 20
    assert samples["policy: the coach's (safety, steps, check-in)"] == 3
    assert samples["JSON"] == 2
    assert samples[OTHER] == 20
    assert sum(samples.values()) == 100


def test_the_table_gives_shares_largest_first():
    lines = breakdown_table(parse_raw(RAW)).splitlines()
    assert lines[2] == "| NLU: DIET | 30.0% |"
    assert lines[-1] == "| (samples) | 100 |"


def test_in_the_action_server_the_search_counts_as_the_search_not_as_rasa_sdk():
    raw = ("run (rasa_sdk/endpoint.py:100);run (actions/knowledge.py:50);best (bot/knowledge/search.py:10) 7\n"
           "run (rasa_sdk/endpoint.py:100);run (actions/journal.py:50);execute (sqlalchemy/engine/base.py:10) 2\n"
           "run (rasa_sdk/endpoint.py:100);run (actions/knowledge.py:50) 1\n")
    samples = parse_raw(raw)
    assert samples["knowledge search and understanding"] == 7
    assert samples["journal, check-ins and their database"] == 2
    assert samples["actions (rasa_sdk and actions/)"] == 1


def test_a_server_waiting_for_requests_is_not_counted():
    raw = ("main (x.py:1);serve (sanic/server/runners.py:155) 90\n"
           "main (x.py:1);serve (sanic/server/runners.py:155);handle (bot/knowledge/search.py:3) 10\n")
    assert parse_raw(raw) == {"knowledge search and understanding": 10}
