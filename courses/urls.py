"""Courses URLs under the language prefix; the course and module pages come from the page tree."""

from django.urls import include, path

app_name = "courses"
urlpatterns = [
    path("learning/", include("courses.views.learning")),
    path("learning/quiz/", include("courses.views.quizzes")),
    path("learning/media/", include("courses.views.media")),
    path("certificates/", include("courses.views.certificates")),
]
