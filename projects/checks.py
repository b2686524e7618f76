"""Start-up checks of the projects app's settings (run by every manage.py command and the server)."""

from django.conf import settings
from django.core import checks


@checks.register()
def project_code_pattern(app_configs=None, **kwargs):
    from projects.codes import DEFAULT_PATTERN, pattern_errors

    pattern = getattr(settings, "DAS_PROJECT_CODE_PATTERN", DEFAULT_PATTERN)
    return [checks.Error(message, id="projects.E001") for message in pattern_errors(pattern)]
