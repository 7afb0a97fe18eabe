import factory
from allauth.account.models import EmailAddress

from .models import User

DEFAULT_PASSWORD = "correct horse battery staple"  # noqa: S105 (test accounts only)


class UserFactory(factory.django.DjangoModelFactory):
    """A learner whose e-mail address is verified and who can log in with DEFAULT_PASSWORD.

    ``UserFactory(superuser=True)`` makes an administrator who can use the Wagtail admin;
    ``verified_email=False`` leaves the address without an allauth record, as before sign-up
    confirmation.
    """

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """A further, unverified e-mail address of a user (the main one comes with UserFactory)."""

    user = factory.SubFactory(UserFactory)
    email = factory.Sequence(lambda n: f"other-address{n}@example.org")
    verified = False
    primary = False

    class Meta:
        model = EmailAddress
