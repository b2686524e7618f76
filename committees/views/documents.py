"""The committees' documents as PDF downloads (journaled): convocations, ordre du jour, dossier de séance,
procès-verbal, and the letter carrying a remontée's answer to the CLDH. Every reader of the committees may print
them; the wording is built by committees.documents."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import View

from committees import documents, permissions, selectors
from committees.models import Meeting
from committees.services.meetings import sitting_members
from das import exports
from das.views.base import DasViewMixin


def _check_language(language: str) -> None:
    if language not in documents.LANGUAGES:
        raise Http404


def _file_name(stem: str, meeting: Meeting, language: str = "") -> str:
    committee = slugify(meeting.committee.name)[:50] or "comite"
    suffix = f"-{language}" if language else ""
    return f"{stem}-{committee}-reunion-{meeting.number}{suffix}.pdf"


class MeetingDocumentView(DasViewMixin, View):
    das_permission = permissions.ACCESS

    def get(self, request, pk, language="fr", **kwargs):
        _check_language(language)
        try:
            meeting = selectors.meeting_page(pk)
        except Meeting.DoesNotExist as missing:
            raise Http404 from missing
        return self.respond(request, meeting, language, **kwargs)

    def respond(self, request, meeting, language, **kwargs):
        raise NotImplementedError


class MeetingConvocationsView(MeetingDocumentView):
    """One letter per member sitting on the meeting's date."""

    def respond(self, request, meeting, language, **kwargs):
        content = documents.render_convocations(meeting, language)
        return exports.pdf_response(
            request, content, _file_name("convocations", meeting, language), kind="convocations"
        )


class MemberConvocationView(MeetingDocumentView):
    """The convocation of one member sitting on the meeting's date."""

    def respond(self, request, meeting, language, *, member_pk, **kwargs):
        member = next((m for m in sitting_members(meeting) if m.pk == member_pk), None)
        if member is None:
            raise Http404(_("Ce membre ne siège pas au comité à la date de la réunion."))
        content = documents.render_convocations(meeting, language, member=member)
        stem = f"convocation-{slugify(member.full_name)[:40] or member.pk}"
        return exports.pdf_response(request, content, _file_name(stem, meeting, language), kind="convocation")


class MeetingAgendaView(MeetingDocumentView):
    def respond(self, request, meeting, language, **kwargs):
        content = documents.render_agenda(meeting, language)
        return exports.pdf_response(
            request, content, _file_name("ordre-du-jour", meeting, language), kind="ordre du jour"
        )


class MeetingSessionView(MeetingDocumentView):
    """The dossier de séance, in French: each agenda kind's records loaded in one query (selectors.agenda_of)."""

    def respond(self, request, meeting, language, **kwargs):
        content = documents.render_session(meeting, selectors.agenda_of(meeting))
        return exports.pdf_response(
            request, content, _file_name("dossier-de-seance", meeting), kind="dossier de séance"
        )


class MeetingMinutesView(MeetingDocumentView):
    """The procès-verbal: a draft (« PROJET ») until the meeting is closed; none for a cancelled meeting."""

    def respond(self, request, meeting, language, **kwargs):
        if meeting.status == Meeting.Status.CANCELLED:
            raise Http404(_("Une réunion annulée n'a pas de procès-verbal."))
        content = documents.render_minutes(meeting, language)
        stem = "proces-verbal" if meeting.status == Meeting.Status.CLOSED else "projet-proces-verbal"
        return exports.pdf_response(request, content, _file_name(stem, meeting, language), kind="procès-verbal")


class FeedbackLetterView(DasViewMixin, View):
    """The letter to the CLDH: only once the remontée has its answer (404 before: there is nothing to send)."""

    das_permission = permissions.ACCESS

    def get(self, request, pk, language):
        _check_language(language)
        feedback = get_object_or_404(selectors.feedback_list(), pk=pk)
        if not documents.has_answer(feedback):
            raise Http404(_("Cette remontée n'a pas encore de réponse : la lettre au CLDH suit la réponse."))
        content = documents.render_feedback_letter(feedback, language)
        return exports.pdf_response(
            request,
            content,
            f"reponse-{slugify(feedback.reference)}-{language}.pdf",
            kind="lettre de réponse à une remontée",
        )
