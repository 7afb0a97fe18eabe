"""The courses app's part in a person's data download and account deletion (the foundation's
``export_personal_data`` and ``erase_personal_data`` hooks, see ``cms.users``)."""

from wagtail import hooks

from ..selectors.certificates import learner_course_data
from ..services.certificates import learner_course_data_erase


@hooks.register("export_personal_data")
def export_course_data(user):
    return "courses", learner_course_data(user=user)


@hooks.register("erase_personal_data")
def erase_course_data(user):
    learner_course_data_erase(user=user)
