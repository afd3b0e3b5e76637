"""The real Rasa server and action server, over HTTP, with the SQL tracker store.

One coach is started for the module (about half a minute) and restarted once to prove that a
conversation continues from the tracker store.
"""
from __future__ import annotations

import json
import sqlite3

import pytest
import requests

from bot import coaching
from bot.identity import rest_sender

pytestmark = pytest.mark.integration
SECOND_FAILING_WELL_QUESTION = "What did you expect, and what turned out differently?"
MENU = ["Ask about system leadership", "Reflect on my leadership", "Find programmes and networks"]


def texts(replies: list[dict]) -> str:
    return " ".join(reply.get("text", "") for reply in replies)


def button_titles(replies: list[dict]) -> list[str]:
    return [button["title"] for reply in replies for button in reply.get("buttons", [])]


def test_greeting_introduces_the_coach_and_offers_its_three_things(coach):
    replies = coach.say("leader-greet", "Hello!")
    assert "System Leadership Coach" in texts(replies)
    assert button_titles(replies) == MENU


@pytest.mark.parametrize(
    "message, expected",
    [
        ("What's the weather like in Leeds today?", "outside what I can help with"),
        ("Can you diagnose my rash?", "not a clinical tool"),
        ("I'm completely burnt out and can't face work tomorrow", "116 123"),
        ("are you a real person?", "not a person"),
    ],
)
def test_basic_replies(coach, message, expected):
    assert expected in texts(coach.say(f"leader-{hash(message)}", message))


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"{not json", "application/json"),
        (b'{"sender": "x"}', "application/json"),
        (b'{"sender": "x", "message": ""}', "application/json"),
        (b'{"sender": 5, "message": "hi"}', "application/json"),
        (b"hello", "text/plain"),
    ],
)
def test_bad_requests_get_a_400_with_a_reason(coach, body, content_type):
    response = requests.post(
        f"{coach.url}/webhooks/rest/webhook", data=body, headers={"Content-Type": content_type}, timeout=30
    )
    assert response.status_code == 400
    assert response.json()["error"]


def test_an_over_long_message_gets_a_polite_reply(coach):
    replies = coach.say("leader-long", "word " * 1_000)
    assert "under 2,000 characters" in texts(replies)


def test_conversation_and_a_paused_reflection_continue_after_the_servers_restart(coach):
    confused, reflecting = "leader-restart", "leader-paused"
    assert "put that another way" in texts(coach.say(confused, "xkcd blorp wibble"))
    coach.say(reflecting, '/start_reflection{"exercise": "failing-well"}')
    coach.say(reflecting, "We tried a joint discharge hub and it stalled")
    assert "paused" in texts(coach.say(reflecting, "pause"))

    assert coach.stop() == 0
    assert coach.port_is_free(coach.rasa_port) and coach.port_is_free(coach.action_port)
    database = coach.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        stored = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (rest_sender(reflecting),)
        ).fetchone()[0]
    assert stored == 3

    coach.start()
    # The tracker store remembers the first misunderstanding, so the second one offers the menu.
    replies = coach.say(confused, "sdfkj qwpeo")
    assert "still not sure" in texts(replies)
    assert button_titles(replies) == MENU
    # ...and where the reflection was paused: it goes on with the next question.
    resumed = texts(coach.say(reflecting, "continue my reflection"))
    assert "Welcome back" in resumed
    assert SECOND_FAILING_WELL_QUESTION in resumed


def test_a_question_is_answered_with_its_source_then_more_and_the_citation(coach):
    sender = "leader-knowledge"
    answer = coach.say(sender, "What does system leadership actually mean?")
    assert "Source: System leadership for integrated care, Social Care Institute for Excellence" in texts(answer)
    assert "Reflect on this theme" in button_titles(answer)
    more = texts(coach.say(sender, "tell me more"))
    assert more and more not in texts(answer)
    assert "https://www.scie.org.uk/" in texts(coach.say(sender, "where is that from?"))


@pytest.mark.parametrize(("question", "exercise"), [
    ("What does failing well mean?", "failing-well"),
    ("How do I influence partners I have no authority over?", "cross-boundary-challenge"),
    ("What does system leadership actually mean?", "six-characteristics"),
])
def test_reflect_on_this_theme_under_an_answer_starts_that_themes_exercise(coach, question, exercise):
    sender = f"leader-theme-{exercise}"
    answer = coach.say(sender, question)
    [button] = [b for reply in answer for b in reply.get("buttons", []) if b["title"] == "Reflect on this theme"]
    assert json.loads(button["payload"].removeprefix("/start_reflection"))["exercise"] == exercise
    started = texts(coach.say(sender, button["payload"]))
    chosen = coaching.get_exercises()[exercise]
    assert chosen.title in started and " ".join(chosen.steps[0].prompt.split()) in " ".join(started.split())
    assert "Which would you like to reflect on?" not in started  # not the list of all six
    coach.say(sender, "stop")


def test_an_older_reflect_on_this_theme_button_starts_its_entrys_exercise_too(coach):
    started = texts(coach.say("leader-old-theme", '/start_reflection{"topic_id": "failing-well", "theme": "failing well"}'))
    assert "Failing well" in started and "Which would you like to reflect on?" not in started


def test_a_question_outside_the_knowledge_base_is_declined_honestly(coach):
    replies = coach.say("leader-gap", "How do I get my sourdough starter to rise?")
    assert "Source:" not in texts(replies)
    assert len(button_titles(replies)) >= 3


def walk(coach, sender, answers):
    return [texts(coach.say(sender, answer)) for answer in answers]


def test_a_leader_completes_a_reflection_saves_finds_exports_and_forgets_it(coach):
    sender = "leader-reflect"
    start = coach.say(sender, "I want to reflect on a challenge")
    assert "A cross-boundary challenge" in texts(start)
    assert "pause" in texts(start) and "stop" in texts(start)
    assert "cross-boundary challenge on your mind?" in texts(start)

    replies = walk(coach, sender, [
        "Getting two trusts to agree a discharge plan",
        "I think we should stop the pilot and start again with both teams",  # an answer, not a control
        "skip",
        "back",
        "Both trusts are under winter pressure and see risk differently",
        "Hold a joint listening session; ask the ICB to convene",
        "I'll hold a joint listening session by 30 March",
        "4",
    ])
    assert "Getting two trusts to agree a discharge plan" in replies[0]  # said back
    summary = "\n".join(replies[-1:])
    for words in ["Getting two trusts to agree a discharge plan", "stop the pilot",
                  "I'll hold a joint listening session by 30 March", "4/5"]:
        assert words in summary
    assert "save this to your private journal" in summary

    assert "Saved to your private journal" in texts(coach.say(sender, "yes"))
    assert "stays private" in texts(coach.say(sender, "no"))

    journal = coach.say(sender, "show my reflections")
    assert any(title.endswith("A cross-boundary challenge") for title in button_titles(journal))
    opened = texts(coach.say(sender, journal[0]["buttons"][0]["payload"]))
    assert "Getting two trusts to agree a discharge plan" in opened
    exported = coach.say(sender, "export my reflections")
    assert "I'll hold a joint listening session by 30 March" in texts(exported)
    assert any(message.get("custom", {}).get("filename") == "my-data.md" for message in exported)

    # Another leader sees nothing of it, whatever they send.
    other = "leader-other"
    assert "empty" in texts(coach.say(other, "show my reflections"))
    assert "can't find" in texts(coach.say(other, journal[0]["buttons"][0]["payload"]))
    # A typed payload cannot consent to deletion on anyone's behalf.
    assert "not sure what" in texts(coach.say(sender, '/affirm{"pending_confirmation": "forget"}'))
    assert "Getting two trusts" in texts(coach.say(sender, "open my latest reflection"))

    assert "Are you sure" in texts(coach.say(sender, "forget me"))
    assert "deleted" in texts(coach.say(sender, "yes"))
    assert "empty" in texts(coach.say(sender, "show my reflections"))
    database = coach.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        texts_stored = [row[0] for row in connection.execute(
            "SELECT data FROM events WHERE sender_id = ?", (rest_sender(sender),))]
    assert not any("discharge plan" in data for data in texts_stored)


def test_a_question_mid_reflection_is_answered_and_the_reflection_resumes(coach):
    sender = "leader-interrupt"
    coach.say(sender, '/start_reflection{"exercise": "relationships-before-structures"}')
    interrupted = coach.say(sender, "What does relationships before structures actually mean?")
    assert "Source:" in texts(interrupted)
    assert "Continue my reflection" in button_titles(interrupted)
    resumed = texts(coach.say(sender, "/resume_reflection"))
    assert "Which relationships" in resumed


def test_distress_during_a_reflection_comes_first(coach):
    sender = "leader-distress"
    coach.say(sender, '/start_reflection{"exercise": "failing-well"}')
    replies = texts(coach.say(sender, "honestly I can't cope any more"))
    assert "116 123" in replies and "paused" in replies


@pytest.mark.parametrize(
    "opening",
    [
        "I'm a first-line manager in the NHS, is there a course for me?",
        "I'm a director in our ICS. Which leadership programme would suit me?",
        "I'm a councillor. Is there leadership development for me?",
        "I manage a care home and want to meet peers",
        "I lead a voluntary sector organisation, can you find me a mentor?",
    ],
)
def test_each_leader_gets_real_recommendations_in_at_most_three_questions(coach, opening):
    sender = f"leader-finder-{abs(hash(opening))}"
    replies = coach.say(sender, opening)
    questions = 0
    assert "didn't catch" not in texts(replies)
    while not any("http" in (reply.get("text") or "") for reply in replies):
        payloads = [b["payload"] for reply in replies for b in reply.get("buttons", [])
                    if b["payload"].startswith("/inform_profile")]
        assert payloads, f"neither a question nor recommendations: {texts(replies)}"
        questions += 1
        assert questions <= 3
        replies = coach.say(sender, payloads[0])
    links = [reply["text"] for reply in replies if "http" in (reply.get("text") or "")]
    assert len(links) >= 3
    assert "provider's page is the authority" in texts(replies)


def test_a_reflection_next_step_leads_to_the_finder_knowing_what_is_wanted(coach):
    sender = "leader-next-step"
    replies = coach.say(sender, '/find_programme{"want": "network"}')
    # A kind of support is enough to answer first, with an offer to narrow down.
    assert "FutureNHS Collaboration Platform" in texts(replies)
    assert "narrow these down" in texts(replies)
    assert "didn't catch" not in texts(replies)
    replies = coach.say(sender, "I'm a middle manager in a council")
    assert "Partners in Care and Health" in texts(replies) or "ADASS" in texts(replies)


def test_the_logs_carry_no_message_text(coach):
    """Runs last in this module: everything leaders typed above must be absent from the logs."""
    coach.say("leader-log", "My secret phrase is purple elephant governance")
    log = coach.log_path.read_text(errors="replace")
    for typed in ["purple elephant", "Getting two trusts to agree a discharge plan",
                  "We tried a joint discharge hub", "I can't cope"]:
        assert typed not in log


EXERCISES = ["six-characteristics", "enabling-environment", "cross-boundary-challenge",
             "relationships-before-structures", "failing-well", "middle-managers"]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_exercise_can_be_completed_with_buttons_and_free_text(coach, exercise):
    sender = f"leader-walk-{exercise}"
    replies = coach.say(sender, "/start_reflection" + json.dumps({"exercise": exercise}))
    typed = []
    for turn in range(40):
        if "save this to your private journal" in texts(replies):
            break
        if "By when would you like to do this?" in texts(replies):  # a commitment without a date
            replies = coach.say(sender, "in two weeks")
            continue
        scale = [b["payload"] for reply in replies for b in reply.get("buttons", []) if b["payload"] in "12345"]
        answer = scale[1] if scale else f"answer {turn} for {exercise}"  # a low score brings follow-ups
        if not scale:
            typed.append(answer)
        replies = coach.say(sender, answer)
    summary = texts(replies)
    assert "in your own words" in summary
    for answer in typed:
        assert answer in summary
    assert "Saved to your private journal" in texts(coach.say(sender, "yes"))
    coach.say(sender, "no")
    journal = coach.say(sender, "show my reflections")
    assert len(button_titles(journal)) == 1  # this leader's one saved reflection
