"""The Wagtail admin's user screens, adapted to this site's accounts.

Administrators edit the public display name, and deleting a user in the admin erases their
personal data through the same service as a learner's own account deletion, so every app's
``erase_personal_data`` hook runs and contributions stay, anonymised, and what blocks the
person's own deletion (an organisation they alone administer) blocks the administrator's too.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from .forms import DisplayNameField
from .services import AccountDeletionBlocked, user_delete_account


class AdminUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"display_name"}
        # The same rule as sign-up and the profile: no invisible or bidi control characters.
        field_classes = {"display_name": DisplayNameField}


class AdminUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"display_name"}
        field_classes = {"display_name": DisplayNameField}


class UserDeleteView(users.DeleteView):
    success_message = _(
        "The account of '%(object)s' has been deleted and its personal data erased."
    )

    def delete_action(self):
        # The name is gone once erased; the success message still names who it was.
        self.deleted_name = str(self.object)
        user_delete_account(user=self.object)

    def get_success_message(self):
        return self.success_message % {"object": self.deleted_name}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AccountDeletionBlocked as blocked:
            messages.error(
                self.request,
                gettext("This account cannot be deleted yet: %(reasons)s")
                % {"reasons": " ".join(blocker.message for blocker in blocked.blockers)},
            )
            return redirect(self.request.get_full_path())


class UserViewSet(users.UserViewSet):
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
