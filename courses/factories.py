import uuid

import factory
import wagtail_factories

from .models import (
    CertificateTemplate,
    CourseIndexPage,
    CoursePage,
    ModulePage,
    QuestionKind,
    QuizQuestion,
)


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Courses {n}")

    class Meta:
        model = CourseIndexPage


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Certificate template {n}")
    issuer_name = "Heritage Hub Academy"
    signatory_name = "Ada Example"
    signatory_role = "Programme lead"

    class Meta:
        model = CertificateTemplate


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Course {n}")
    summary = "What learners will be able to do after this course."
    cpd_hours = 3
    certificate_template = factory.SubFactory(CertificateTemplateFactory)

    class Meta:
        model = CoursePage


class ModulePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Module {n}")
    summary = "One recording of the course."
    video_url = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    duration_seconds = 600

    class Meta:
        model = ModulePage


def choice(text: str, *, correct: bool = False, feedback: str = "") -> dict:
    """A raw StreamField choice with a fixed id, as QuizQuestion.choices stores it."""
    return {
        "type": "choice",
        "id": str(uuid.uuid4()),
        "value": {"text": text, "is_correct": correct, "feedback": feedback},
    }


class QuizQuestionFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ModulePageFactory)
    kind = QuestionKind.SINGLE_CHOICE
    text = factory.Sequence(lambda n: f"Question {n}?")
    choices = factory.LazyFunction(
        lambda: [choice("Right", correct=True), choice("Wrong"), choice("Also wrong")]
    )
    locale = factory.LazyAttribute(lambda question: question.page.locale)

    class Meta:
        model = QuizQuestion
