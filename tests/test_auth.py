"""Signing in: lockout after repeated failures, strong passwords, session limits, language, health, password reset."""

import datetime as dt
import json

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from das.middleware import SESSION_LOGIN_AT
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED_STATUSES = {403, 429}


@pytest.fixture
def agent(role_users):
    return role_users["suivi_evaluation"]


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def is_signed_in(client):
    return "_auth_user_id" in client.session


# --- lockout ------------------------------------------------------------------------------------------------------


def test_failure_limit_is_five():
    assert settings.AXES_FAILURE_LIMIT == 5


def test_five_failures_lock_the_account_even_for_the_right_password(client, agent):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, agent.username, f"mauvais-{attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error
        assert "Identifiant ou mot de passe incorrect" in response.content.decode()

    fifth = sign_in(client, agent.username, "mauvais-5")
    assert fifth.status_code in LOCKED_STATUSES

    response = sign_in(client, agent.username, PASSWORD)
    assert response.status_code in LOCKED_STATUSES
    assert response.status_code == fifth.status_code
    html = response.content.decode()
    assert "bloquée" in html
    assert 'data-testid="locked-out"' in html
    assert not is_signed_in(client)
    attempt = AccessAttempt.objects.get(username=agent.username)
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_lockout_of_one_username_does_not_lock_another(client, role_users, agent):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, agent.username, f"mauvais-{attempt}")
    other = role_users["chef"]
    response = sign_in(client, other.username, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_success_before_the_limit_signs_in_and_resets_the_count(client, agent):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, agent.username, f"mauvais-{attempt}")

    response = sign_in(client, agent.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert is_signed_in(client)
    assert int(client.session["_auth_user_id"]) == agent.pk

    # AXES_RESET_ON_SUCCESS: four new failures do not lock the account.
    client.logout()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, agent.username, f"encore-{attempt}").status_code == 200
    assert sign_in(client, agent.username, PASSWORD).status_code == 302


def test_inactive_account_cannot_sign_in(client):
    user = UserFactory(username="parti", is_active=False)
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 200
    assert not is_signed_in(client)


# --- passwords ----------------------------------------------------------------------------------------------------


def test_password_of_eleven_characters_is_refused():
    with pytest.raises(ValidationError) as raised:
        validate_password("Kx7#mQ2!vLp")
    assert len("Kx7#mQ2!vLp") == 11
    assert [error.code for error in raised.value.error_list] == ["password_too_short"]
    assert "12" in raised.value.messages[0]


def test_password_of_twelve_characters_passes():
    validate_password("Kx7#mQ2!vLp9")


@pytest.mark.parametrize(
    ("password", "code"),
    [("123456789012345", "password_entirely_numeric"), ("password1234", "password_too_common")],
)
def test_weak_passwords_are_refused(password, code):
    with pytest.raises(ValidationError) as raised:
        validate_password(password)
    assert code in [error.code for error in raised.value.error_list]


def test_password_like_the_username_is_refused():
    user = UserFactory.build(username="fatima.benali", email="fatima.benali@das-agadir.ma", full_name="Fatima Benali")
    with pytest.raises(ValidationError) as raised:
        validate_password("fatima.benali1", user=user)
    assert "password_too_similar" in [error.code for error in raised.value.error_list]


# --- session limits -----------------------------------------------------------------------------------------------


def test_idle_limit_is_thirty_minutes_renewed_at_each_request():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_MAX_DURATION.total_seconds() == 12 * 3600


def set_login_time(client, hours_ago):
    session = client.session
    session[SESSION_LOGIN_AT] = (timezone.now() - dt.timedelta(hours=hours_ago)).timestamp()
    session.save()


def test_sign_in_starts_the_working_day_clock(client, agent):
    before = timezone.now().timestamp()
    sign_in(client, agent.username, PASSWORD)
    assert before - 1 <= client.session[SESSION_LOGIN_AT] <= timezone.now().timestamp() + 1


def test_session_ends_after_twelve_hours(client_as, agent):
    client = client_as(agent)
    set_login_time(client, hours_ago=13)

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[0] == (reverse("login"), 302)
    assert not is_signed_in(client)
    assert "12 heures" in response.content.decode()
    # The next request is anonymous: sent to the login page with its next URL.
    again = client.get(reverse("partners:list"))
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("login") + "?next=")


def test_session_over_twelve_hours_gives_no_access(client_as, agent):
    """Whatever the page answers, nothing of the application is served and the session is over."""
    client = client_as(agent)
    client.raise_request_exception = False
    set_login_time(client, hours_ago=13)

    response = client.get(reverse("partners:list"))

    assert response.status_code != 200
    assert not is_signed_in(client)
    again = client.get(reverse("partners:list"))
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("login") + "?next=")


def test_session_under_twelve_hours_goes_on(client_as, agent):
    client = client_as(agent)
    set_login_time(client, hours_ago=11.5)
    assert client.get(reverse("home")).status_code == 200
    assert is_signed_in(client)


def test_session_cookie_is_renewed_with_the_idle_age(client_as, agent):
    client = client_as(agent)
    response = client.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"]


# --- language -----------------------------------------------------------------------------------------------------


def test_signed_in_language_switch_is_stored_on_the_user(client_as, agent):
    client = client_as(agent)
    assert 'lang="fr"' in client.get(reverse("home")).content.decode()

    response = client.post(reverse("switch_language"), {"language": "ar", "next": reverse("partners:list")})

    assert response.status_code == 302
    assert response["Location"] == reverse("partners:list")
    agent.refresh_from_db()
    assert agent.preferred_language == "ar"
    html = client.get(reverse("home")).content.decode()
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html


def test_preferred_language_wins_over_the_cookie(client, agent):
    agent.preferred_language = "ar"
    agent.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(agent)
    html = client.get(reverse("home")).content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html


def test_anonymous_language_switch_sets_the_cookie(client):
    response = client.post(reverse("switch_language"), {"language": "ar", "next": reverse("login")})
    assert response.status_code == 302
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "ar"
    html = client.get(reverse("login")).content.decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html


def test_french_is_the_default_left_to_right(client):
    html = client.get(reverse("login")).content.decode()
    assert 'lang="fr"' in html and 'dir="ltr"' in html


def test_unknown_language_changes_nothing(client_as, agent):
    response = client_as(agent).post(reverse("switch_language"), {"language": "de"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    agent.refresh_from_db()
    assert agent.preferred_language == "fr"


def test_language_switch_does_not_redirect_off_site(client):
    response = client.post(reverse("switch_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_language_switch_accepts_post_only(client):
    assert client.get(reverse("switch_language")).status_code == 405


# --- health and password reset ------------------------------------------------------------------------------------


def test_healthz_answers_json_without_signing_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_password_reset_sends_a_french_email(client, agent):
    response = client.post(reverse("password_reset"), {"email": agent.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == [agent.email]
    assert message.subject == "DAS : choisir un nouveau mot de passe"
    assert "Bonjour" in message.body
    assert "Pour choisir un nouveau mot de passe" in message.body
    assert f"Votre identifiant : {agent.username}" in message.body
    assert "/compte/mot-de-passe/nouveau/" in message.body


def test_password_reset_link_lets_the_user_choose_a_new_password(client, agent):
    client.post(reverse("password_reset"), {"email": agent.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/mot-de-passe/nouveau/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new_password = "Nouveau-mot-2026-Souss"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "personne@example.ma"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
