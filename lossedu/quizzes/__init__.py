"""Concept quizzes, one module per lecture: ``qNN.py`` defines ``QUIZ``, a tuple of
:class:`lossedu.quiz.Choice` (see :mod:`lossedu.quiz`). Found on disk: no list to edit."""
