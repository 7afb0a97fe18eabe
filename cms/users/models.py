from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

# Deleted accounts keep their row with an address in this reserved domain (RFC 2606), which no
# one can own or log in with.
ERASED_EMAIL_DOMAIN = "deleted.invalid"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. They log in with their e-mail address, which is never public."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=150,
        blank=True,
        help_text=_("How your name appears to others on the site."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="users_user_email_case_insensitive",
                violation_error_message=_("A user with this e-mail address already exists."),
            ),
        ]

    def clean(self):
        super().clean()
        # allauth finds accounts by the lower-cased address, so one stored in another case (as
        # typed into the Wagtail admin's user form) could never log in.
        if self.email:
            self.email = self.email.lower()

    def __str__(self) -> str:
        return self.public_name

    @property
    def is_erased(self) -> bool:
        """Whether the person deleted their account: the row stays, anonymised, for what they
        contributed (see ``user_delete_account``)."""
        return self.email.endswith(f"@{ERASED_EMAIL_DOMAIN}")

    @property
    def public_name(self) -> str:
        """The name others may see: never the e-mail address, nor a made-up name.

        Accounts from before sign-up asked for a name may have none; they get a label that says
        so rather than a word that reads like a name (they are asked to choose one at log-in).
        """
        if self.is_erased:
            return str(_("Deleted member"))
        return self.get_full_name() or str(_("Name not set"))

    def get_full_name(self) -> str:
        """The person's own name, or "" (Django's convention, which the Wagtail admin follows by
        showing the e-mail address instead); certificates print it."""
        full_name = f"{self.first_name} {self.last_name}".strip()
        return self.display_name or full_name

    def get_short_name(self) -> str:
        return self.display_name or self.first_name
