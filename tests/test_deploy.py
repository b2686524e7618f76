"""Production settings pass Django's deployment checklist (`manage.py check --deploy`) without a single warning."""

import os
import secrets
import string
import subprocess
import sys

from django.conf import settings

PROJECT_ROOT = settings.BASE_DIR
KEY_ALPHABET = string.ascii_letters + string.digits + "!#$%&()*+,-./:;<=>?@[]^_{|}~"


def random_secret_key(length=60):
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(length))


def production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in {"DAS_TESTING", "DEBUG", "SECRET_KEY"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="das.example.ma",
        DATABASE_URL=os.environ["DATABASE_URL"],
        DJANGO_SETTINGS_MODULE="das.settings",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_random_secret_key_is_strong():
    key = random_secret_key()
    assert len(key) == 60
    assert len(set(key)) >= 5
    assert not key.startswith("django-insecure-")


def test_production_settings_pass_check_deploy_without_warning():
    result = check_deploy(production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?:" not in output


def test_debug_in_production_is_reported():
    """The check is not a rubber stamp: DEBUG on in deployment fails it."""
    result = check_deploy(production_env(DEBUG="1"))
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_weak_secret_key_is_reported():
    result = check_deploy(production_env(SECRET_KEY="court"))
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_missing_secret_key_refuses_to_start():
    result = check_deploy(production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr + result.stdout


def test_the_server_does_not_start_without_a_secret_key():
    env = production_env(SECRET_KEY=None)
    result = subprocess.run(
        [sys.executable, "-c", "import das.wsgi"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
