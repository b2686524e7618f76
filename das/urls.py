from django.contrib.auth import views as auth_views
from django.urls import include, path

from das.forms import LoginForm, PasswordResetForm
from das.views import audit, documents, home, partners, reference, users
from das.views.base import public, signed_in

auth_patterns = [
    path("connexion/", public(home.LoginView.as_view(authentication_form=LoginForm)), name="login"),
    path("deconnexion/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("mot-de-passe/", signed_in(auth_views.PasswordChangeView.as_view()), name="password_change"),
    path("mot-de-passe/change/", signed_in(auth_views.PasswordChangeDoneView.as_view()), name="password_change_done"),
    path(
        "mot-de-passe/oublie/",
        public(auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)),
        name="password_reset",
    ),
    path("mot-de-passe/oublie/envoye/", public(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/fait/",
        public(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]

reference_patterns = (
    [
        path("", reference.ReferenceIndexView.as_view(), name="index"),
        path("<slug:kind>/", reference.ReferenceListView.as_view(), name="list"),
        path("<slug:kind>/nouveau/", reference.ReferenceFormView.as_view(), name="create"),
        path("<slug:kind>/<int:pk>/", reference.ReferenceDetailView.as_view(), name="detail"),
        path("<slug:kind>/<int:pk>/modifier/", reference.ReferenceFormView.as_view(), name="update"),
        path("<slug:kind>/<int:pk>/supprimer/", reference.ReferenceDeleteView.as_view(), name="delete"),
        path("exercices/<int:pk>/<str:action>/", reference.FiscalYearClosureView.as_view(), name="fiscal_year_closure"),
    ],
    "reference",
)

partner_patterns = (
    [
        path("", partners.PartnerListView.as_view(), name="list"),
        path("nouveau/", partners.PartnerFormView.as_view(), name="create"),
        path("<int:pk>/", partners.PartnerDetailView.as_view(), name="detail"),
        path("<int:pk>/modifier/", partners.PartnerFormView.as_view(), name="update"),
        path("<int:pk>/contacts/ajouter/", partners.PartnerContactAddView.as_view(), name="contact_add"),
        path(
            "<int:pk>/contacts/<int:contact_pk>/supprimer/",
            partners.PartnerContactDeleteView.as_view(),
            name="contact_delete",
        ),
    ],
    "partners",
)

user_patterns = (
    [
        path("", users.UserListView.as_view(), name="list"),
        path("nouveau/", users.UserFormView.as_view(), name="create"),
        path("<int:pk>/", users.UserDetailView.as_view(), name="detail"),
        path("<int:pk>/modifier/", users.UserFormView.as_view(), name="update"),
        path("<int:pk>/<str:action>/", users.UserActivationView.as_view(), name="activation"),
        path("roles/", users.RoleListView.as_view(), name="roles"),
        path("roles/nouveau/", users.RoleFormView.as_view(), name="role_create"),
        path("roles/<int:pk>/", users.RoleFormView.as_view(), name="role_update"),
    ],
    "users",
)

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("langue/", home.switch_language, name="switch_language"),
    path("compte/", include(auth_patterns)),
    path("referentiel/", include(reference_patterns)),
    path("partenaires/", include(partner_patterns)),
    path("utilisateurs/", include(user_patterns)),
    path("journal/", audit.JournalView.as_view(), name="journal"),
    path("historique/<str:label>/<str:pk>/", audit.HistoryView.as_view(), name="history"),
    path(
        "pieces-jointes/<str:label>/<str:pk>/ajouter/",
        documents.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path("pieces-jointes/<int:pk>/", documents.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("pieces-jointes/<int:pk>/supprimer/", documents.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path("suivi-evaluation/", include("projects.urls")),
    path("comites/", include("committees.urls")),
    path("formation/", include("training.urls")),
    path("communication/", include("communication.urls")),
    path("coordination/", include("coordination.urls")),
]

handler403 = "das.views.errors.forbidden"
handler404 = "das.views.errors.not_found"
handler500 = "das.views.errors.server_error"
