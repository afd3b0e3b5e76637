"""The names the Python code shares with domain.yml: slots, forms, actions, responses, and the
intents and entities it reads or sends in payloads. One home, so a rename is one edit.

A constant's name says which section of domain.yml it belongs to, and is its value in capitals:
`*_SLOT` slots, `*_FORM` forms, `ACTION_*` and `VALIDATE_*` actions, `UTTER_*` responses,
`*_INTENT` intents and `*_ENTITY` entities. tests/unit/test_names.py checks every constant against
domain.yml, and that every slot, form, action and response there has its constant here. Rasa's
built-in names appear only where the code uses them. No Rasa import: the action server reads it.
"""
from __future__ import annotations

# Slots ----------------------------------------------------------------------------------------
FINDER_ROLE_SLOT = "finder_role"
FINDER_SECTOR_SLOT = "finder_sector"
FINDER_WANT_SLOT = "finder_want"
FINDER_FILTERS_SLOT = "finder_filters"
FINDER_SHOWN_SLOT = "finder_shown"
FINDER_MISSES_SLOT = "finder_misses"
FINDER_ANSWER_SLOT = "finder_answer"
REFLECTION_STATE_SLOT = "reflection_state"  # the exercise in progress (bot.coaching.engine's state)
REFLECTION_ANSWER_SLOT = "reflection_answer"
PENDING_CONFIRMATION_SLOT = "pending_confirmation"  # which question a "yes" answers
FORGOTTEN_SLOT = "forgotten"  # set by "forget me": the tracker store then deletes the history
KNOWLEDGE_ENTRY_SLOT = "knowledge_entry"  # the entry last answered, for follow-ups
UNDERSTANDING_SLOT = "understanding"  # what bot/understanding remembers between turns
CHECKIN_ON_SLOT = "checkin_on"  # ISO date of the next check-in, read by bot.rasa.checkin_policy
CHECKIN_STATE_SLOT = "checkin_state"  # the check-in in progress (bot.checkins.conversation's state)
CHECKIN_ANSWER_SLOT = "checkin_answer"

# Forms ----------------------------------------------------------------------------------------
FINDER_FORM = "finder_form"
REFLECTION_FORM = "reflection_form"
CHECKIN_FORM = "checkin_form"

# Actions (ours, and Rasa's built-ins the code names) ------------------------------------------
ACTION_LISTEN = "action_listen"  # Rasa's
ACTION_SESSION_START = "action_session_start"  # Rasa's
ACTION_RESTART = "action_restart"  # Rasa's name; ours keeps the next check-in
ACTION_FIND_PROGRAMME = "action_find_programme"
ACTION_MORE_PROGRAMMES = "action_more_programmes"
ACTION_ASK_PROGRAMME = "action_ask_programme"
ACTION_ASK_FINDER_ANSWER = "action_ask_finder_answer"
VALIDATE_FINDER_FORM = "validate_finder_form"
ACTION_FINISH_FINDER = "action_finish_finder"
ACTION_START_REFLECTION = "action_start_reflection"
ACTION_ASK_REFLECTION_ANSWER = "action_ask_reflection_answer"
VALIDATE_REFLECTION_FORM = "validate_reflection_form"
ACTION_FINISH_REFLECTION = "action_finish_reflection"
ACTION_RESUME_REFLECTION = "action_resume_reflection"
ACTION_CONFIRM = "action_confirm"
ACTION_DENY = "action_deny"
ACTION_SHOW_JOURNAL = "action_show_journal"
ACTION_OPEN_REFLECTION = "action_open_reflection"
ACTION_EXPORT_JOURNAL = "action_export_journal"
ACTION_FORGET_ME = "action_forget_me"
ACTION_SHARE_REFLECTION = "action_share_reflection"
ACTION_HANDLE_FALLBACK = "action_handle_fallback"
ACTION_ANSWER_QUESTION = "action_answer_question"
ACTION_TELL_MORE = "action_tell_more"
ACTION_CITE_SOURCE = "action_cite_source"
ACTION_SUGGEST_TOPICS = "action_suggest_topics"
ACTION_DECLINE_OUT_OF_SCOPE = "action_decline_out_of_scope"
ACTION_CHECKIN_OPEN = "action_checkin_open"
ACTION_ASK_CHECKIN_ANSWER = "action_ask_checkin_answer"
VALIDATE_CHECKIN_FORM = "validate_checkin_form"
ACTION_FINISH_CHECKIN = "action_finish_checkin"
ACTION_SHOW_COMMITMENTS = "action_show_commitments"
ACTION_STOP_CHECKINS = "action_stop_checkins"
ACTION_START_CHECKINS = "action_start_checkins"
ACTION_TEAMS_REMINDERS_ON = "action_teams_reminders_on"

# Intents the code reads or sends in button payloads -------------------------------------------
GREET_INTENT = "greet"
GOODBYE_INTENT = "goodbye"
THANK_INTENT = "thank"
HELP_INTENT = "help"
BOT_CHALLENGE_INTENT = "bot_challenge"
RESTART_INTENT = "restart"
OUT_OF_SCOPE_INTENT = "out_of_scope"
NONSENSE_INTENT = "nonsense"
DISTRESS_INTENT = "distress"
EXPLORE_TOPICS_INTENT = "explore_topics"
START_REFLECTION_INTENT = "start_reflection"
FIND_PROGRAMME_INTENT = "find_programme"
ASK_QUESTION_INTENT = "ask_question"
CORRECTION_INTENT = "correction"  # "that's not what I asked": the understanding step reads it
RESUME_REFLECTION_INTENT = "resume_reflection"
AFFIRM_INTENT = "affirm"
DENY_INTENT = "deny"
OPEN_REFLECTION_INTENT = "open_reflection"
FORGET_ME_INTENT = "forget_me"
INFORM_PROFILE_INTENT = "inform_profile"
MORE_PROGRAMMES_INTENT = "more_programmes"
ASK_PROGRAMME_INTENT = "ask_programme"
STOP_CHECKINS_INTENT = "stop_checkins"
EXTERNAL_CHECKIN_DUE_INTENT = "EXTERNAL_checkin_due"  # sent by the proactive scheduler
NLU_FALLBACK_INTENT = "nlu_fallback"  # Rasa's, from FallbackClassifier

# Entities the code reads or sends in button payloads ------------------------------------------
THEME_ENTITY = "theme"
ROLE_ENTITY = "role"
SECTOR_ENTITY = "sector"
TOPIC_ID_ENTITY = "topic_id"
EXERCISE_ENTITY = "exercise"
REFLECTION_ID_ENTITY = "reflection_id"
WANT_ENTITY = "want"
PROGRAMME_ID_ENTITY = "programme_id"

# Responses: general ---------------------------------------------------------------------------
UTTER_GREET = "utter_greet"
UTTER_HELP = "utter_help"
UTTER_YOURE_WELCOME = "utter_youre_welcome"
UTTER_GOODBYE = "utter_goodbye"
UTTER_IAMABOT = "utter_iamabot"
UTTER_RESTART = "utter_restart"
UTTER_OUT_OF_SCOPE = "utter_out_of_scope"
UTTER_CLINICAL = "utter_clinical"
UTTER_DISTRESS_SUPPORT = "utter_distress_support"
UTTER_ASK_REPHRASE = "utter_ask_rephrase"
UTTER_STILL_UNCLEAR = "utter_still_unclear"
UTTER_MESSAGE_TOO_LONG = "utter_message_too_long"
UTTER_NOTHING_TO_CONFIRM = "utter_nothing_to_confirm"
UTTER_ANYTHING_ELSE = "utter_anything_else"
UTTER_BUTTON_YES = "utter_button_yes"
UTTER_BUTTON_NO = "utter_button_no"
UTTER_TEAMS_GO_PRIVATE = "utter_teams_go_private"

# Responses: the knowledge base ----------------------------------------------------------------
UTTER_EXPLORE_TOPICS = "utter_explore_topics"
UTTER_NOT_IN_KNOWLEDGE_BASE = "utter_not_in_knowledge_base"
UTTER_BUTTON_REFLECT_ON_THEME = "utter_button_reflect_on_theme"
UTTER_NOTHING_TO_EXPAND = "utter_nothing_to_expand"
UTTER_NO_MORE_DETAIL = "utter_no_more_detail"
UTTER_OFFER_SECOND_QUESTION = "utter_offer_second_question"
UTTER_NOTHING_TO_CITE = "utter_nothing_to_cite"

# Responses: reflections and the journal -------------------------------------------------------
UTTER_CHOOSE_EXERCISE = "utter_choose_exercise"
UTTER_REFLECTION_CONTROLS = "utter_reflection_controls"
UTTER_SCALE_INVALID = "utter_scale_invalid"
UTTER_AT_START = "utter_at_start"
UTTER_REFLECTION_PAUSED = "utter_reflection_paused"
UTTER_REFLECTION_INTERRUPTED = "utter_reflection_interrupted"
UTTER_REFLECTION_STOPPED = "utter_reflection_stopped"
UTTER_REFLECTION_RESUMED = "utter_reflection_resumed"
UTTER_NOTHING_TO_RESUME = "utter_nothing_to_resume"
UTTER_REFLECTION_SUMMARY_INTRO = "utter_reflection_summary_intro"
UTTER_NEXT_STEPS_INTRO = "utter_next_steps_intro"
UTTER_OFFER_SAVE = "utter_offer_save"
UTTER_REFLECTION_SAVED = "utter_reflection_saved"
UTTER_REFLECTION_NOT_SAVED = "utter_reflection_not_saved"
UTTER_OFFER_SHARE = "utter_offer_share"
UTTER_REFLECTION_SHARED = "utter_reflection_shared"
UTTER_REFLECTION_NOT_SHARED = "utter_reflection_not_shared"
UTTER_JOURNAL_EMPTY = "utter_journal_empty"
UTTER_JOURNAL_LIST = "utter_journal_list"
UTTER_REFLECTION_NOT_FOUND = "utter_reflection_not_found"
UTTER_JOURNAL_EXPORT_INTRO = "utter_journal_export_intro"
UTTER_CONFIRM_FORGET = "utter_confirm_forget"
UTTER_FORGOTTEN = "utter_forgotten"
UTTER_FORGET_CANCELLED = "utter_forget_cancelled"
UTTER_BUTTON_CONTINUE_REFLECTION = "utter_button_continue_reflection"
UTTER_BUTTON_FORGET_YES = "utter_button_forget_yes"
UTTER_BUTTON_FORGET_NO = "utter_button_forget_no"

# Responses: the programme finder --------------------------------------------------------------
UTTER_ASK_FINDER_ROLE = "utter_ask_finder_role"
UTTER_ASK_FINDER_SECTOR = "utter_ask_finder_sector"
UTTER_ASK_FINDER_WANT = "utter_ask_finder_want"
UTTER_FINDER_NOT_UNDERSTOOD = "utter_finder_not_understood"
UTTER_FINDER_INTRO = "utter_finder_intro"
UTTER_FINDER_NO_EXACT_MATCH = "utter_finder_no_exact_match"
UTTER_FINDER_REMINDER = "utter_finder_reminder"
UTTER_FINDER_STOPPED = "utter_finder_stopped"
UTTER_PROGRAMME_NOT_FOUND = "utter_programme_not_found"
UTTER_BUTTON_SHOW_MORE = "utter_button_show_more"
UTTER_BUTTON_ABOUT = "utter_button_about"
UTTER_BUTTON_FIND_FOR_ME = "utter_button_find_for_me"

# Responses: commitments and check-ins ---------------------------------------------------------
UTTER_ASK_COMMITMENT_DATE = "utter_ask_commitment_date"
UTTER_COMMITMENT_DATE_UNCLEAR = "utter_commitment_date_unclear"
UTTER_COMMITMENT_DATE_SAID_BACK = "utter_commitment_date_said_back"
UTTER_COMMITMENT_DATE_CHECKINS_OFF = "utter_commitment_date_checkins_off"
UTTER_COMMITMENT_SAVED = "utter_commitment_saved"
UTTER_COMMITMENT_NOT_SAVED = "utter_commitment_not_saved"
UTTER_OFFER_TEAMS_REMINDERS = "utter_offer_teams_reminders"
UTTER_CHECKIN_QUESTION = "utter_checkin_question"
UTTER_CHECKIN_NOT_UNDERSTOOD = "utter_checkin_not_understood"
UTTER_CHECKIN_ASK_HELPED_DONE = "utter_checkin_ask_helped_done"
UTTER_CHECKIN_ASK_HELPED_PARTLY = "utter_checkin_ask_helped_partly"
UTTER_CHECKIN_ASK_HELPED_NOT_YET = "utter_checkin_ask_helped_not_yet"
UTTER_CHECKIN_ASK_NEXT = "utter_checkin_ask_next"
UTTER_CHECKIN_ASK_NEW_DATE = "utter_checkin_ask_new_date"
UTTER_CHECKIN_ASK_POSTPONE_DATE = "utter_checkin_ask_postpone_date"
UTTER_CHECKIN_POSTPONED = "utter_checkin_postponed"
UTTER_CHECKIN_SKIPPED = "utter_checkin_skipped"
UTTER_CHECKIN_SAVED = "utter_checkin_saved"
UTTER_CHECKIN_NO_NEW_DATE = "utter_checkin_no_new_date"
UTTER_CHECKIN_EARLIER_MESSAGE = "utter_checkin_earlier_message"
UTTER_CHECKIN_WHAT_NOW = "utter_checkin_what_now"
UTTER_COMMITMENTS_LIST = "utter_commitments_list"
UTTER_COMMITMENTS_EMPTY = "utter_commitments_empty"
UTTER_COMMITMENTS_CHECKINS_OFF = "utter_commitments_checkins_off"
UTTER_COMMITMENT_STATUS_OPEN = "utter_commitment_status_open"
UTTER_COMMITMENT_STATUS_ASKED = "utter_commitment_status_asked"
UTTER_COMMITMENT_STATUS_DONE = "utter_commitment_status_done"
UTTER_COMMITMENT_STATUS_PARTLY = "utter_commitment_status_partly"
UTTER_COMMITMENT_STATUS_NOT_YET = "utter_commitment_status_not_yet"
UTTER_COMMITMENT_STATUS_SKIPPED = "utter_commitment_status_skipped"
UTTER_CHECKINS_STOPPED = "utter_checkins_stopped"
UTTER_CHECKINS_STARTED = "utter_checkins_started"
UTTER_TEAMS_REMINDERS_ON = "utter_teams_reminders_on"
UTTER_TEAMS_REMINDERS_ELSEWHERE = "utter_teams_reminders_elsewhere"
