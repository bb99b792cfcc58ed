"""Concept quizzes: data, display (widget and static), grading, and the exercise cells."""

import shutil

import nbformat
import pytest

from lossedu import exercises as ex
from lossedu import quiz as quiz_module
from lossedu.authoring import quiz_cells
from lossedu.checks import QUESTIONS, judge, probe
from lossedu.checks._core import FAIL, PASS, REGISTERED_BY
from lossedu.quiz import Choice, QuizView, _question, all_quizzes, normalise

CHOICE = Choice(
    id="quiz03_1",
    prompt="The learning rate doubles. What happens to one gradient step?",
    options=(("It halves.", "No: the step is eta times the gradient."),
             ("It doubles.", "Yes: the step is eta times the gradient, so it doubles."),
             ("It is unchanged.", "No: eta multiplies the gradient.")),
    answer="B",
)


def _line(choice, value):
    question = _question(choice)
    return judge(question, probe(question, {choice.id: value}))


@pytest.mark.parametrize("given", ["B", "b", " B ", "B)", "(b)", "b."])
def test_every_spelling_of_the_right_letter_passes(given):
    assert _line(CHOICE, given).status == PASS


def test_a_wrong_option_gets_its_explanation_and_not_the_answer():
    verdict = _line(CHOICE, "C")
    assert verdict.status == FAIL
    assert "C is not it: No: eta multiplies the gradient." in verdict.line
    assert "so it doubles" not in verdict.line and "'B'" not in verdict.line


@pytest.mark.parametrize("given", ["BC", 2, None, ""])
def test_not_a_letter_is_told_how_to_answer(given):
    verdict = _line(CHOICE, given)
    assert verdict.status == FAIL and "answer with one letter in quotes" in verdict.line


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"id": "q1"}, "must look like"),
    ({"answer": "D"}, "answer must be one of"),
    ({"options": (("only", "one"),)}, "2 to 6 options"),
    ({"options": (("a", ""), ("b", "why"))}, "needs a text and an explanation"),
])
def test_choice_refuses_malformed_questions(kwargs, message):
    fields = {"id": CHOICE.id, "prompt": CHOICE.prompt, "options": CHOICE.options,
              "answer": CHOICE.answer, **kwargs}
    with pytest.raises(ValueError, match=message):
        Choice(**fields)


def test_normalise():
    assert [normalise(v) for v in ["a", " C) ", "(d)", "AB", "G", 1, None]] == \
        ["A", "C", "D", None, None, None, None]


def test_view_static_and_widget():
    view = QuizView([CHOICE])
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"] == QuizView([CHOICE]).text  # the same on every run
    assert "quiz03_1: The learning rate doubles" in bundle["text/plain"]
    assert "B) It doubles." in bundle["text/plain"] and "<li><b>B)</b>" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    row = view.widget().children[0]
    buttons, said = row.children[1], row.children[2]
    buttons.value = "A"
    assert said.value.startswith("✗ not this one: No: the step is eta")
    buttons.value = "B"
    assert said.value.startswith("✓ right")


def test_real_quizzes_are_registered_as_questions_of_their_exercise():
    for number, questions in all_quizzes().items():
        for choice in questions:
            assert choice.id in QUESTIONS
            assert REGISTERED_BY[choice.id] == f"lossedu.checks.ex{number}"


def test_get_quiz_refuses_a_lecture_without_one():
    with pytest.raises(ValueError, match="number must name a lecture with a quiz"):
        quiz_module.get_quiz("99")


def test_quiz_cells_write_a_gradable_section_once(tmp_path, monkeypatch):
    name = "02_mse_exercise"
    (tmp_path / "exercises" / "solutions").mkdir(parents=True)
    shutil.copy(ex.solution_path(name), tmp_path / "exercises" / "solutions")
    quiz02 = (Choice(id="quiz02_1", prompt="p?", options=(("x", "why x"), ("y", "why y")),
                     answer="A"),)
    monkeypatch.setattr(quiz_module, "get_quiz", lambda number: quiz02)
    path = quiz_cells("02", root=tmp_path)
    first = nbformat.read(path, as_version=4)
    parsed = ex.parse_exercise(first)
    check = next(c for c in parsed.checks if c.question == "quiz02_1")
    assert check.points == 1 and check.answers == ("quiz02",)
    answer = parsed.answers["quiz02"].source
    assert 'quiz02_1 = "A"' in answer and '# Your answers, one letter in quotes each' in answer
    quiz_cells("02", root=tmp_path)  # again: the section is replaced, not added twice
    assert len(nbformat.read(path, as_version=4).cells) == len(first.cells)
