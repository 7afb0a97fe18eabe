"""The form a learner answers an attempt with: one field per question of the attempt.

Validation only: the form checks that every value is one the question offered and hands the
answers to ``courses.services.quizzes.quiz_attempt_submit``, which grades them. It is built from
``QuestionView`` objects, which carry no correct answers, so nothing it renders can reveal one.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import QuestionKind
from .selectors.quizzes import QuestionView

SHORT_ANSWER_MAX_LENGTH = 500


class QuizAttemptForm(forms.Form):
    def __init__(self, *args, questions: list[QuestionView], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.field_name] = self._field(question)

    @staticmethod
    def _field(question: QuestionView) -> forms.Field:
        # Unanswered questions are allowed (they score nothing): a learner running out of time
        # must still be able to hand in what they have.
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(
                label=question.text,
                required=False,
                choices=[(choice.id, choice.text) for choice in question.choices],
                widget=forms.CheckboxSelectMultiple,
            )
        if question.kind == QuestionKind.SINGLE_CHOICE:
            return forms.ChoiceField(
                label=question.text,
                required=False,
                choices=[(choice.id, choice.text) for choice in question.choices],
                widget=forms.RadioSelect,
            )
        if question.kind == QuestionKind.TRUE_FALSE:
            return forms.ChoiceField(
                label=question.text,
                required=False,
                choices=[("true", _("True")), ("false", _("False"))],
                widget=forms.RadioSelect,
            )
        return forms.CharField(
            label=question.text,
            required=False,
            max_length=SHORT_ANSWER_MAX_LENGTH,
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "aria-describedby": f"id_{question.field_name}_helptext",
                }
            ),
        )

    def bound_questions(self):
        """Pairs of (question, bound field) in the attempt's order, for the template."""
        return [(question, self[question.field_name]) for question in self.questions]

    def answers(self) -> dict[int, object]:
        """The answers by question id, in the shape ``quiz_attempt_submit`` takes."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name)
            if value in (None, "", []):
                continue
            if question.kind == QuestionKind.TRUE_FALSE:
                value = value == "true"
            answers[question.id] = value
        return answers
