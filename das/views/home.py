"""Home page per role, sign-in pages, language switch, health check, and the service spaces."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from das import permissions
from das.forms import LanguageForm, LoginForm
from das.middleware import SIGNED_IN
from das.models import Commune, DownloadRecord, Locality, Partner, Programme, User
from das.selectors import partner_list
from das.services.users import user_set_language
from das.views.base import DasViewMixin, public


def _card(title, value, url=None, tone="primary", hint=""):
    return {"title": title, "value": value, "url": url, "tone": tone, "hint": hint}


# Sections other apps add to the home page: callables (user) → (title, cards) or None, registered at start-up.
HOME_SECTIONS = []


def register_home_section(section):
    HOME_SECTIONS.append(section)
    return section


def card(title, value, url=None, tone="primary", hint=""):
    """A count on the home page, for the sections other apps register."""
    return _card(title, value, url, tone, hint)


def home_cards(user):
    """What this person has to do, with counts read from the records (one aggregate query per area)."""
    sections = []
    if user.has_perm(permissions.MANAGE_USERS):
        locked_since = timezone.now() - settings.AXES_COOLOFF_TIME
        counts = User.objects.aggregate(
            active=Count("pk", filter=Q(is_active=True)),
            without_role=Count("pk", filter=Q(is_active=True, role_assignments__isnull=True)),
            never=Count("pk", filter=Q(is_active=True, last_login__isnull=True)),
        )
        locked = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=locked_since
        ).count()
        sections.append(
            (
                gettext_lazy("Comptes"),
                [
                    _card(
                        gettext_lazy("Comptes actifs"), counts["active"], reverse_lazy("users:list") + "?is_active=true"
                    ),
                    _card(
                        gettext_lazy("Comptes sans rôle"),
                        counts["without_role"],
                        reverse_lazy("users:list"),
                        "warning" if counts["without_role"] else "success",
                        gettext_lazy("à compléter"),
                    ),
                    _card(gettext_lazy("Jamais connectés"), counts["never"], reverse_lazy("users:list")),
                    _card(
                        gettext_lazy("Comptes bloqués (échecs de connexion)"),
                        locked,
                        None,
                        "danger" if locked else "success",
                    ),
                ],
            )
        )
    if user.has_perm(permissions.VIEW_REFERENCE):
        communes = Commune.objects.aggregate(total=Count("pk"), missing=Count("pk", filter=Q(population__isnull=True)))
        target = Locality.objects.filter(target_phases__code="III").count()
        programmes = Programme.objects.filter(is_active=True).count()
        cards = [
            _card(gettext_lazy("Communes"), communes["total"], reverse_lazy("reference:list", args=["communes"])),
            _card(
                gettext_lazy("Quartiers et douars cibles (phase III)"),
                target,
                reverse_lazy("reference:list", args=["localites"]),
            ),
            _card(gettext_lazy("Programmes actifs"), programmes, reverse_lazy("reference:list", args=["programmes"])),
        ]
        if user.has_perm(permissions.MANAGE_REFERENCE):
            cards.append(
                _card(
                    gettext_lazy("Communes sans population"),
                    communes["missing"],
                    reverse_lazy("reference:list", args=["communes"]),
                    "warning" if communes["missing"] else "success",
                    gettext_lazy("à compléter"),
                )
            )
        sections.append((gettext_lazy("Référentiel"), cards))
    if user.has_perm(permissions.VIEW_PARTNERS):
        partners = partner_list(user=user).aggregate(
            total=Count("pk", filter=Q(is_active=True)),
            no_rib=Count("pk", filter=Q(is_active=True, rib="")),
            no_receipt=Count("pk", filter=Q(is_active=True, kind=Partner.Kind.ASSOCIATION, receipt_number="")),
        )
        url = reverse_lazy("partners:list")
        cards = [_card(gettext_lazy("Partenaires actifs"), partners["total"], url + "?is_active=true")]
        if user.has_perm(permissions.MANAGE_PARTNERS):
            cards.append(
                _card(
                    gettext_lazy("Partenaires sans RIB"),
                    partners["no_rib"],
                    url + "?has_rib=false&is_active=true",
                    "warning" if partners["no_rib"] else "success",
                    gettext_lazy("à compléter"),
                )
            )
        sections.append((gettext_lazy("Partenaires"), cards))
    if user.has_perm(permissions.VIEW_JOURNAL):
        from das.selectors import journal_counts_since

        week = timezone.now() - dt.timedelta(days=7)
        sections.append(
            (
                gettext_lazy("Contrôle"),
                [
                    _card(
                        gettext_lazy("Opérations journalisées (7 jours)"),
                        journal_counts_since(7),
                        reverse_lazy("journal"),
                    ),
                    _card(
                        gettext_lazy("Documents téléchargés (7 jours)"),
                        DownloadRecord.objects.filter(downloaded_at__gte=week).count(),
                        reverse_lazy("journal") + "?pgh_obj_model=das.DownloadRecord",
                    ),
                ],
            )
        )
    for section in HOME_SECTIONS:
        built = section(user)
        if built:
            sections.append(built)
    return sections


class HomeView(DasViewMixin, TemplateView):
    das_permission = SIGNED_IN
    template_name = "das/home.html"
    page_title = gettext_lazy("Accueil")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = home_cards(self.request.user)
        context["roles"] = [a.role for a in self.request.user.role_assignments.select_related("role")]
        return context


class ServiceSpaceView(DasViewMixin, TemplateView):
    """The entry page of a service of the division; later issues fill it with their records."""

    template_name = "das/service_space.html"
    missions: list = []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["missions"] = self.missions
        context["breadcrumbs"] = [(self.page_title, None)]
        return context


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@public
@never_cache
def healthz(request):
    """For the load balancer and monitoring: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 (any database failure means unhealthy)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public
@require_POST
def switch_language(request):
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
    return response
