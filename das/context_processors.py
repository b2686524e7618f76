"""The navigation, organised by service, showing only what the user's roles open."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees import permissions as committees_perms
from communication import permissions as communication_perms
from coordination import permissions as coordination_perms
from das import permissions
from projects import permissions as projects_perms
from training import permissions as training_perms

NAVIGATION = [
    (_("Suivi et évaluation"), projects_perms.ACCESS, "projects:index"),
    (_("Conventions à signer"), projects_perms.SIGN_CONVENTIONS, "projects:convention_queue"),
    (_("Crédits"), projects_perms.VIEW_CREDITS, "projects:credit_index"),
    (_("Tableau de bord"), projects_perms.VIEW_DASHBOARDS, "projects:dashboard"),
    (_("Rapports"), projects_perms.VIEW_DASHBOARDS, "projects:report_index"),
    (_("Comités"), committees_perms.ACCESS, "committees:index"),
    (_("Formation"), training_perms.ACCESS, "training:index"),
    (_("Communication"), communication_perms.ACCESS, "communication:index"),
    (_("Coordination"), coordination_perms.ACCESS, "coordination:index"),
    (_("Partenaires"), permissions.VIEW_PARTNERS, "partners:list"),
    (_("Référentiel"), permissions.VIEW_REFERENCE, "reference:index"),
    (_("Journal"), permissions.VIEW_JOURNAL, "journal"),
    (_("Utilisateurs"), permissions.VIEW_USERS, "users:list"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    items = []
    for label, code, url_name in NAVIGATION:
        if user.has_perm(code):
            url = reverse(url_name)
            items.append({"label": label, "url": url, "active": url != "/" and path.startswith(url)})
        elif code == communication_perms.ACCESS and user.has_perm(communication_perms.VIEW_LIBRARY):
            # Every role reads the document library; those without the communication space reach it here.
            url = reverse("communication:document_list")
            items.append({"label": _("Bibliothèque"), "url": url, "active": path.startswith(url)})
    # A page under two items (the dashboard is under « Suivi et évaluation »'s prefix): the closest one is active.
    active = [item for item in items if item["active"]]
    for item in active:
        item["active"] = len(item["url"]) == max(len(other["url"]) for other in active)
    return {"nav_items": items}
