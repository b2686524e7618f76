"""Staff accounts and the roles that grant them permissions."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from das.audit import audited


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username, email="", password=None, **extra):
        user = self.model(username=username, email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username, email="", password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(username, email, password, **extra)


@audited(exclude=["password", "last_login"])
class User(AbstractBaseUser, PermissionsMixin):
    class Service(models.TextChoices):
        HEAD = "chef", _("Chef de division")
        MONITORING = "suivi_evaluation", _("Service du suivi et de l'évaluation")
        COMMUNICATION = "communication", _("Service de la communication")
        TRAINING = "formation", _("Service de la formation et du renforcement des capacités")
        COORDINATION = "coordination", _("Service de la coordination sociale")
        SECRETARIAT = "secretariat", _("Secrétariat du CPDH")
        CABINET = "cabinet", _("Cabinet du Gouverneur")
        DBM = "dbm", _("Division du Budget et des Moyens")
        OTHER = "autre", _("Autre")

    username = models.CharField(_("identifiant"), max_length=60, unique=True)
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    service = models.CharField(_("service"), max_length=30, choices=Service.choices, default=Service.OTHER)
    preferred_language = models.CharField(
        _("langue préférée"),
        max_length=5,
        choices=[("fr", "Français"), ("ar", "العربية"), ("en", "English")],
        default="fr",
    )
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(_("créé le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.username


@audited()
class Role(models.Model):
    """A named set of permission codes (declared in each app's permissions.py)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=120)
    name_ar = models.CharField(_("nom (arabe)"), max_length=120, blank=True)
    name_en = models.CharField(_("nom (anglais)"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    permissions = ArrayField(models.CharField(max_length=80), default=list, blank=True, verbose_name=_("permissions"))

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")
        ordering = ["name_fr"]

    @property
    def name(self):
        language = (get_language() or "fr")[:2]
        return {"ar": self.name_ar, "en": self.name_en}.get(language) or self.name_fr

    def __str__(self):
        return self.name


@audited()
class RoleAssignment(models.Model):
    """A user holds a role, for the whole province or scoped to some communes."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("rôle"))
    communes = models.ManyToManyField(
        "das.Commune",
        blank=True,
        through="das.RoleAssignmentCommune",
        verbose_name=_("limité aux communes"),
        help_text=_("Laisser vide pour toute la province."),
    )
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("attribution de rôle")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]

    def __str__(self):
        return f"{self.user} – {self.role}"


@audited()
class RoleAssignmentCommune(models.Model):
    assignment = models.ForeignKey(RoleAssignment, on_delete=models.CASCADE)
    commune = models.ForeignKey("das.Commune", on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "commune"], name="role_scope_unique")]
