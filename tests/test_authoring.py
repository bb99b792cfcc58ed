"""lossedu new-question: one command scaffolds a question in its three files."""

import ast
import shutil

import nbformat
import pytest

from lossedu import exercises as ex
from lossedu.authoring import new_question
from lossedu.cli import main as cli_main

ROOT = ex.DEFAULT_EXERCISES_DIR.parent
NAME = "02_mse_exercise"


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "exercises" / "solutions").mkdir(parents=True)
    (tmp_path / "lossedu" / "checks").mkdir(parents=True)
    (tmp_path / "tests" / "mutants").mkdir(parents=True)
    shutil.copy(ex.solution_path(NAME), tmp_path / "exercises" / "solutions")
    shutil.copy(ROOT / "lossedu" / "checks" / "ex02.py", tmp_path / "lossedu" / "checks")
    shutil.copy(ROOT / "tests" / "mutants" / "ex02.py", tmp_path / "tests" / "mutants")
    return tmp_path


def test_new_question_writes_the_three_places(repo, capsys):
    assert cli_main(["new-question", "02", "demo_q", "--points", "2", "--root", str(repo)]) == 0
    assert "TODO (author)" in capsys.readouterr().out
    nb = nbformat.read(repo / "exercises" / "solutions" / f"{NAME}.ipynb", as_version=4)
    parsed = ex.parse_exercise(nb)
    check = next(c for c in parsed.checks if c.question == "demo_q")
    assert (check.points, check.answers) == (2, ("demo_q_code",))
    done = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Done"))
    assert check.index < done  # placed before the closing section
    checks = (repo / "lossedu" / "checks" / "ex02.py").read_text()
    mutants = (repo / "tests" / "mutants" / "ex02.py").read_text()
    ast.parse(checks)
    ast.parse(mutants)
    assert 'id="demo_q"' in checks and 'Mutant("demo_q", "demo_q_code"' in mutants
    with pytest.raises(ex.ExerciseFormatError):  # a scaffold is not a finished question
        ex.make_student_version(nb, NAME)


def test_value_question_for_a_new_exercise_module(repo):
    (repo / "lossedu" / "checks" / "ex02.py").unlink()
    (repo / "tests" / "mutants" / "ex02.py").unlink()
    new_question("02", "demo_value", points=1, kind="value", title="a value", root=repo)
    checks = (repo / "lossedu" / "checks" / "ex02.py").read_text()
    assert 'kind="value"' in checks and 'title="a value"' in checks
    ast.parse(checks)
    ast.parse((repo / "tests" / "mutants" / "ex02.py").read_text())


@pytest.mark.parametrize(("qid", "points", "message"), [
    ("mse_numpy", 1, "already"),       # a registered question
    ("Bad-Id", 1, "question id must match"),
    ("fine_id", 0, "points must be an integer >= 1"),
])
def test_new_question_refuses(repo, qid, points, message, capsys):
    before = (repo / "exercises" / "solutions" / f"{NAME}.ipynb").read_bytes()
    assert cli_main(["new-question", "02", qid, "--points", str(points),
                     "--root", str(repo)]) == 2
    assert message in capsys.readouterr().err
    assert (repo / "exercises" / "solutions" / f"{NAME}.ipynb").read_bytes() == before
