"""lossedu: the helper package of the lossedu course on loss functions.

Modules
-------
losses          regression and classification losses, each with a ``*_grad`` twin
regularization  L1, L2 and elastic-net penalties on weights, with gradients
metrics         accuracy and the other numbers we report (not train on), calibration metrics
calibration     temperature scaling (fit_temperature)
data            small deterministic data generators used by the notebooks
plots           plotting helpers, so the notebooks stay short
widgets         interactive figures (ipywidgets) with a static fallback
checks          the self-check functions called by the exercise notebooks
exercises       generates student exercise notebooks from their solutions
grading         grades a class's exercise notebooks (``lossedu grade``)
nn              a one-hidden-layer NumPy network: forward, backward, SGD training (lecture 11)
"""

__version__ = "0.1.0"
