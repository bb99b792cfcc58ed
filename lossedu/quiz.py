"""Concept quizzes: multiple-choice questions built from the misconceptions learners bring.

Each lecture NN may have a quiz, ``lossedu/quizzes/qNN.py``, defining ``QUIZ``: a tuple of
:class:`Choice` questions. Every option carries its explanation, so a wrong answer is told why
it is wrong (never which option is right).

In an exercise notebook the quiz appears twice:

* ``quiz("NN")`` shows the questions. With a widget front end (JupyterLab) each question has
  radio buttons and answers at once with the explanation of the chosen option; without one
  (nbval, nbconvert, a static page) it is plain text, the same on every run.
* The learner writes the letters into variables (``quiz03_1 = "B"``) and the check cells
  ``check("quiz03_1")`` grade them like any other question: the quiz questions are registered
  in :data:`lossedu.checks.QUESTIONS` as value questions of exercise NN (so ``lossedu grade``
  grades them too), with one hint per wrong option.

The registry is derived from the files: adding ``lossedu/quizzes/qNN.py`` adds the quiz.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from dataclasses import dataclass

__all__ = ["Choice", "QuizView", "all_quizzes", "get_quiz", "normalise", "quiz"]

_LETTERS = "ABCDEF"


@dataclass(frozen=True)
class Choice:
    """One multiple-choice question.

    Parameters
    ----------
    id : str
        ``quizNN_k``: the variable the learner assigns, and the check's id.
    prompt : str
        The question (Markdown-free plain text; ``$...$`` is left as written).
    options : tuple of (str, str)
        ``(text, explanation)`` per option, in the order shown (lettered A, B, C...). The
        explanation says why the option is right or wrong.
    answer : str
        The letter of the right option.
    title : str, optional
        A short title for the check line (default: the id).
    """

    id: str
    prompt: str
    options: tuple[tuple[str, str], ...]
    answer: str
    title: str = ""

    def __post_init__(self):
        if not re.fullmatch(r"quiz\d\d_\d+", self.id):
            raise ValueError(f"quiz question id must look like 'quiz03_1'; got {self.id!r}")
        if not 2 <= len(self.options) <= len(_LETTERS):
            raise ValueError(f"{self.id}: 2 to {len(_LETTERS)} options; got {len(self.options)}")
        if self.answer not in self.letters:
            raise ValueError(f"{self.id}: answer must be one of {self.letters}; "
                             f"got {self.answer!r}")
        for text, why in self.options:
            if not text.strip() or not why.strip():
                raise ValueError(f"{self.id}: every option needs a text and an explanation")

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(_LETTERS[: len(self.options)])

    def explanation(self, letter: str) -> str:
        return self.options[self.letters.index(letter)][1]


def normalise(answer) -> str | None:
    """The letter a learner meant: ``"b"``, ``" B "``, ``"B)"`` and ``"(b)"`` are all ``"B"``;
    None when ``answer`` is not one letter (see :func:`lossedu.checks.hints.chosen_letter`)."""
    from lossedu.checks.hints import chosen_letter

    return chosen_letter(answer, _LETTERS)


def all_quizzes() -> dict[str, tuple[Choice, ...]]:
    """Lecture number -> its quiz, read from the modules ``lossedu/quizzes/qNN.py``."""
    from lossedu import quizzes

    found = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(quizzes.__path__)):
        if re.fullmatch(r"q\d\d", module):
            quiz_ = importlib.import_module(f"{quizzes.__name__}.{module}").QUIZ
            number = module[1:]
            for question in quiz_:
                if not question.id.startswith(f"quiz{number}_"):
                    raise ValueError(f"{question.id} is in quiz {number}: use quiz{number}_k")
            found[number] = tuple(quiz_)
    return found


def get_quiz(number: str) -> tuple[Choice, ...]:
    """The quiz of lecture ``number`` ("03"); a clear error for a lecture without one."""
    quizzes = all_quizzes()
    key = str(number).zfill(2)
    if key not in quizzes:
        raise ValueError(f"number must name a lecture with a quiz ({', '.join(quizzes)}); "
                         f"got {number!r}")
    return quizzes[key]


# ----------------------------------------------------------------------------- display
def _text(questions) -> str:
    lines = []
    for q in questions:
        lines.append(f"{q.id}: {q.prompt}")
        lines += [f"  {letter}) {text}" for letter, (text, _) in zip(q.letters, q.options,
                                                                       strict=True)]
    lines.append(f'Answer below with one letter per question, e.g. {questions[0].id} = "A", '
                 "then run its check.")
    return "\n".join(lines)


def _html(questions) -> str:
    parts = []
    for q in questions:
        items = "".join(f"<li><b>{letter})</b> {html.escape(text)}</li>"
                        for letter, (text, _) in zip(q.letters, q.options, strict=True))
        parts.append(f"<p><b>{html.escape(q.id)}</b>: {html.escape(q.prompt)}</p>"
                     f"<ul style='list-style:none'>{items}</ul>")
    return "<div class='lossedu-quiz'>" + "".join(parts) + "</div>"


class QuizView:
    """The questions of a quiz: radio buttons with instant explanations in a widget front end,
    fixed text and HTML elsewhere (what nbval compares)."""

    def __init__(self, questions):
        self.questions = tuple(questions)
        self.text = _text(self.questions)
        self._widget = None

    def feedback(self, question: Choice, letter: str) -> str:
        """What the widget says when ``letter`` is chosen."""
        mark = "✓ right" if letter == question.answer else "✗ not this one"
        return f"{mark}: {question.explanation(letter)}"

    def widget(self):
        """The ipywidgets view (built on first use)."""
        if self._widget is None:
            import ipywidgets as widgets

            rows = []
            for q in self.questions:
                buttons = widgets.RadioButtons(
                    options=[(f"{letter}) {text}", letter)
                             for letter, (text, _) in zip(q.letters, q.options, strict=True)],
                    value=None, layout=widgets.Layout(width="auto"))
                said = widgets.HTML("")

                def on_change(change, q=q, said=said):
                    if change["new"] is not None:
                        said.value = html.escape(self.feedback(q, change["new"]))

                buttons.observe(on_change, names="value")
                rows.append(widgets.VBox([widgets.HTML(f"<b>{html.escape(q.id)}</b>: "
                                                       f"{html.escape(q.prompt)}"), buttons, said]))
            self._widget = widgets.VBox(rows)
        return self._widget

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget()._repr_mimebundle_() or {})
        bundle["text/plain"] = self.text
        bundle["text/html"] = _html(self.questions)
        return bundle

    def __repr__(self):
        return self.text


def quiz(number) -> QuizView:
    """Show the quiz of lecture ``number`` (make it the last expression of a cell)."""
    return QuizView(get_quiz(number))


# ----------------------------------------------------------------------------- grading
def _question(choice: Choice):
    from lossedu.checks.hints import choice_question

    return choice_question(
        choice.id, choice.title or choice.id, choice.id, choice.answer,
        {letter: f"{letter} is not it: {choice.explanation(letter)}"
         for letter in choice.letters if letter != choice.answer},
        not_a_letter=f"answer with one letter in quotes, one of {', '.join(choice.letters)}, "
                     f'e.g. {choice.id} = "A".',
    )


def register_all() -> None:
    """Register every quiz question as a value question of the exercise of its lecture."""
    from lossedu.checks._core import QUESTIONS, REGISTERED_BY, register

    for number, questions in all_quizzes().items():
        for choice in questions:
            if choice.id in QUESTIONS:
                continue
            register(_question(choice))
            REGISTERED_BY[choice.id] = f"lossedu.checks.ex{number}"
