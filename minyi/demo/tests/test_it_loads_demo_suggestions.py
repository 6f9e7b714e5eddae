"""The demo's suggestions: every step of the loop is on show for the demo logins, and a reload adds nothing."""

import pytest

from minyi.accounts import access
from minyi.accounts.models import User
from minyi.demo import loader
from minyi.demo.suggestions import SCENARIOS
from minyi.matters.models import Assignment, Matter, TimelineEvent
from minyi.suggestions.models import Contact, KeySuggestion, ReplyLetter, Signer, Suggestion

pytestmark = pytest.mark.django_db


def test_the_demo_has_suggestions_along_the_whole_loop_and_a_reload_adds_none(django_capture_on_commit_callbacks):
    loader.load(size="small")
    assert Suggestion.objects.count() == len(SCENARIOS)
    statuses = set(Matter.objects.filter(kind="suggestion").values_list("status", flat=True))
    assert statuses >= {"collecting", "submitted", "returned", "registered", "assigned", "handling", "replied", "following_up", "closed"}
    labels = list(Suggestion.objects.exclude(number=None).values_list("number_label", flat=True))
    assert "第0001号" in labels and len(labels) == len(set((s.sequence_id, s.number) for s in Suggestion.objects.exclude(number=None)))
    assert ReplyLetter.objects.filter(letter__isnull=False).count() >= 4
    letter = ReplyLetter.objects.filter(letter__isnull=False).first().letter
    assert letter.file.read(5) == b"%PDF-"
    assert KeySuggestion.objects.exists() and Contact.objects.filter(confirmation="pending").exists()
    assert Matter.objects.filter(kind="opinion", status="converted", converted_to__kind="suggestion").count() == 1

    before = (Matter.objects.count(), TimelineEvent.objects.count(), Assignment.objects.count(), Signer.objects.count())
    loader.load(size="small", force=True)
    assert (Matter.objects.count(), TimelineEvent.objects.count(), Assignment.objects.count(), Signer.objects.count()) == before


def test_each_demo_login_has_suggestion_work_waiting(django_capture_on_commit_callbacks):
    loader.load(size="small")
    people = {u.username: u for u in User.objects.all()}

    def visible(username, **filters):
        return access.visible(people[username], Matter.objects.filter(kind="suggestion", **filters))

    assert visible("jm_staff", status="submitted").exists() and visible("jm_staff", status="registered").count() >= 3
    assert visible("rep_li", status="replied").exists() and visible("rep_li", status="returned").exists()
    assert visible("rep_liu", status="collecting").exists()  # an invitation to co-sign
    assert visible("rep_liu").count() < visible("rep_li").count()  # only what they co-signed
    unit_work = access.visible(people["unit_staff"], Assignment.objects.filter(matter__kind="suggestion"))
    assert unit_work.filter(state="assigned").exists() and unit_work.filter(state="signed").exists()
    assert not visible("db_staff").exists()  # the city's suggestions are not Dongbao's
