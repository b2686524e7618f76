"""Sign-in side effects: start the 12-hour clock and apply the user's language."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from das.middleware import SESSION_LOGIN_AT


@receiver(user_logged_in)
def start_working_day(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LOGIN_AT] = timezone.now().timestamp()
