"""The Wagtail admin's user screens, adapted to this site's accounts.

Administrators edit the public display name, and deleting a user in the admin erases their
personal data through the same service as a learner's own account deletion, so every app's
``erase_personal_data`` hook runs and contributions stay, anonymised.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import users

from .services import user_delete_account


class AdminUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"display_name"}


class AdminUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"display_name"}


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


class UserViewSet(users.UserViewSet):
    delete_view_class = UserDeleteView

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
