"""Cross-cutting request handling: session limits, language, audit context, deny-by-default."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pghistory.middleware import HistoryMiddleware

security_log = logging.getLogger("das.security")

SESSION_LOGIN_AT = "das_login_at"
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class SessionLimitsMiddleware:
    """Idle expiry comes from the session cookie age; this adds the absolute limit of a working day."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_LOGIN_AT)
            now = timezone.now().timestamp()
            if started is None:
                request.session[SESSION_LOGIN_AT] = now
            elif now - started > settings.SESSION_MAX_DURATION.total_seconds():
                logout(request)
                messages.info(request, _("Votre session a dépassé 12 heures : veuillez vous reconnecter."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class UserLanguageMiddleware:
    """French by default; a signed-in user's own choice, otherwise the language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None
        if request.user.is_authenticated:
            language = request.user.preferred_language
        if language not in LANGUAGE_CODES:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AuditContextMiddleware(HistoryMiddleware):
    """Every change made during a request is journaled with the user and the page it came from."""

    def get_context(self, request):
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["username"] = user.get_username()
        context["method"] = request.method
        return context


class DenyByDefaultMiddleware:
    """Every view must declare who may use it (das.views.base); a view that declares nothing is refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        declared = getattr(getattr(view_func, "view_class", view_func), "das_permission", None)
        if declared is None:
            declared = getattr(view_func, "das_permission", None)
        if declared is None:
            security_log.error("View %s declares no permission: refused", getattr(view_func, "__name__", view_func))
            raise PermissionDenied(_("Cette page n'est pas ouverte."))
        if declared == PUBLIC:
            return None
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if declared == SIGNED_IN or request.user.has_perm(declared):
            return None
        security_log.warning("Refused %s %s to %s (needs %s)", request.method, request.path, request.user, declared)
        raise PermissionDenied(_("Votre rôle ne donne pas accès à cette page."))


PUBLIC = "__public__"
SIGNED_IN = "__signed_in__"
