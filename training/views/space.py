"""The training service's space (training:index): this year's key figures and a way into every area of the service."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from das.views.home import ServiceSpaceView
from training import permissions
from training.followup_selectors import key_figures

# Every area of the service, in the order the work goes: (URL name, label, what is there). A name that does not
# resolve (an area not installed) is left out rather than breaking the page.
AREAS = [
    (
        "training:person_list",
        gettext_lazy("Registre des personnes formées"),
        gettext_lazy("Les acteurs INDH formés et leur historique de formation"),
    ),
    (
        "training:team_list",
        gettext_lazy("Équipes d'animation (EAC / EAQ)"),
        gettext_lazy("Composition, membres et statut de formation"),
    ),
    (
        "training:support_request_list",
        gettext_lazy("Demandes d'appui"),
        gettext_lazy("Les demandes des équipes suivies jusqu'à leur clôture"),
    ),
    ("training:need_list", gettext_lazy("Besoins de formation"), gettext_lazy("Les besoins recensés par source")),
    (
        "training:needs_analysis",
        gettext_lazy("Analyse des besoins"),
        gettext_lazy("Les besoins regroupés par thème pour planifier"),
    ),
    ("training:module_list", gettext_lazy("Modules"), gettext_lazy("Le catalogue des modules de formation")),
    ("training:curriculum_list", gettext_lazy("Parcours"), gettext_lazy("Les parcours de formation")),
    ("training:plan_list", gettext_lazy("Plans annuels"), gettext_lazy("Le plan de l'année et ses actions")),
    (
        "training:session_list",
        gettext_lazy("Sessions"),
        gettext_lazy("Participants, présences, évaluations et attestations"),
    ),
    (
        "training:followup",
        gettext_lazy("Suivi du plan"),
        gettext_lazy("Prévu et réalisé, personnes formées, heures, coûts, besoins couverts"),
    ),
]


def area_links() -> list[dict]:
    links = []
    for name, label, hint in AREAS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"name": name, "url": url, "label": label, "hint": hint})
    return links


class IndexView(ServiceSpaceView):
    das_permission = permissions.ACCESS
    template_name = "training/followup/space.html"
    page_title = gettext_lazy("Formation et renforcement des capacités")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = key_figures()
        context["figures"] = figures
        context["areas"] = area_links()
        plan_url = None
        if figures.plan:
            try:
                plan_url = figures.plan.get_absolute_url()
            except NoReverseMatch:
                plan_url = None
        context["plan_url"] = plan_url
        context["followup_url"] = reverse("training:followup") + f"?annee={figures.year}"
        return context
