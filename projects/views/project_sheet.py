"""The « fiche projet » PDF of one project, in French or in Arabic, for whoever reads the project."""

from __future__ import annotations

from django.http import Http404
from django.views.generic import View

from das.views.base import DasViewMixin
from projects import permissions
from projects.models import Project
from projects.scope import get_in_scope

LANGUAGES = {"fr", "ar"}


class ProjectSheetView(DasViewMixin, View):
    das_permission = permissions.ACCESS  # the same readers as the project's page

    def get(self, request, pk, language):
        from das.exports import pdf_response
        from projects.project_sheet import render_project_sheet

        if language not in LANGUAGES:
            raise Http404
        project = get_in_scope(request, Project.objects.only("pk", "code"), pk=pk)
        content = render_project_sheet(project, language)
        name = project.code.replace("/", "-")
        return pdf_response(request, content, f"fiche-projet-{name}-{language}.pdf")
