"""Goal fit from titles, organizations, tags, details and notes — hand-built people and goals."""

from __future__ import annotations

from datetime import UTC, datetime

from innercircle.core.goals import Profile, goal_fit, similar, topic_fit, words
from innercircle.core.model import Detail, Goal, Person

NOW = datetime(2026, 11, 1, tzinfo=UTC)
SEED = Goal(id=1, text="Raise a seed round for our climate startup", roles=["investor"], tags=["climate"])
HIRE = Goal(id=2, text="Hire a staff engineer", orgs=["Acme Robotics"], roles=["hiring manager"])


def test_words_drop_stopwords_and_case() -> None:
    assert words("The Partner at Seedcamp, and a VC") == ["partner", "seedcamp", "vc"]


def test_similar_is_fuzzy_but_not_loose() -> None:
    assert similar("investor", "investors")
    assert similar("founders", "founder")
    assert similar("robotics", "robotcs")
    assert not similar("cat", "car")
    assert not similar("investor", "engineer")


def test_title_matches_role_with_reason() -> None:
    p = Person(id=7, name="Grace", title="Partner, Climate Ventures", org="Blue Fund")
    fit = goal_fit(7, Profile.of(p), [SEED, HIRE])
    assert fit.score >= 0.5
    assert fit.matches[0].goal_id == 1
    assert any("fits role 'investor'" in r for r in fit.reasons)
    assert any("climate" in r for r in fit.reasons)


def test_org_and_details_count() -> None:
    p = Person(id=8, name="Ken", title="Engineer", org="Acme Robotics")
    fit = goal_fit(8, Profile.of(p), [HIRE])
    assert any("works at Acme Robotics" in r for r in fit.reasons)
    q = Person(id=9, name="Li", title="Designer")
    d = [Detail(person_id=9, text="angel investor on the side, loves climate projects")]
    fit_q = goal_fit(9, Profile.of(q, d), [SEED])
    assert fit_q.score > 0
    assert any("climate" in r for r in fit_q.reasons)


def test_no_match_and_done_goals_ignored() -> None:
    p = Person(id=10, name="Bo", title="Chef", org="Bistro")
    assert goal_fit(10, Profile.of(p), [SEED, HIRE]).score == 0
    done = Goal(id=3, text="old", roles=["chef"], done_at=NOW)
    assert goal_fit(10, Profile.of(p), [done]).score == 0
    assert goal_fit(10, Profile.of(p), [Goal(id=4, text="x", roles=["chef"])]).score > 0


def test_topic_fit_for_events() -> None:
    assert topic_fit(["climate", "fundraising"], "Climate founders night", [SEED]).score > 0
    assert topic_fit(["knitting"], "Yarn club", [SEED]).score == 0
