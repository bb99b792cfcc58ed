"""Concept quiz of lecture 08 (regularization in practice), built from the misconceptions in
docs/instructor-guide.md ("Notebook 08")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz08_1",
        title="outliers and penalties",
        prompt="A few training targets are wildly wrong (typing errors). Which change makes the "
               "fitted line resist them?",
        options=(
            ("A stronger L2 penalty (a larger Ridge alpha).",
             "No: the penalty looks only at the weights. In lecture 08, section 3, the "
             "outliers tilt ridge by the same +21% as least squares, at every alpha."),
            ("An L1 penalty (lasso) instead of the L2 penalty.",
             "No: an L1 penalty gives sparse weights, but the residuals are still squared, so "
             "each outlier still pulls hard."),
            ("An L1 (absolute) or Huber loss on the residuals.",
             "Yes: robustness comes from the loss, which sees the residuals; the median fit "
             "moved +2% in section 3 where least squares moved +21%."),
            ("Standardising the features.",
             "No: standardising changes the unit of each weight, not how much a residual of "
             "30 pulls on the fit."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz08_2",
        title="choosing and reporting",
        prompt="You try 30 values of Ridge alpha. Which procedure gives an honest estimate of "
               "the chosen model's error on new data?",
        options=(
            ("Pick alpha by K-fold cross-validation on the training rows, refit it on all "
             "training rows, and report its test MSE, computed once.",
             "Yes: the test rows play no part in the choice, so they still measure new data."),
            ("Fit each alpha on the training rows, pick the one with the smallest test MSE "
             "and report that test MSE.",
             "No: the test rows chose the alpha, so the reported number is the smallest of 30 "
             "noisy estimates: too optimistic."),
            ("Pick the alpha with the smallest training MSE and report its test MSE.",
             "No: the training MSE always prefers the weakest penalty, since a penalty can only "
             "make the fit to the training rows worse."),
            ("Pick alpha by K-fold cross-validation and report the smallest CV MSE.",
             "No: the choice is honest, but the smallest of 30 CV estimates is biased low "
             "(part of why it won is luck); report the test MSE of the refitted model."),
        ),
        answer="A",
    ),
    Choice(
        id="quiz08_3",
        title="one strength, two conventions",
        prompt="A colleague's code minimises mse(y, X @ w + b) + lam * sum(w**2) with lam = "
               "0.01 on n = 500 examples. Which scikit-learn model fits the same weights?",
        options=(
            ("Ridge(alpha=0.01).",
             "No: Ridge's objective is a SUM of squared errors plus alpha ||w||^2; for the "
             "same minimiser alpha must be n times lam."),
            ("Ridge(alpha=5.0).",
             "Yes: multiplying the colleague's objective by n = 500 gives Ridge's sum of "
             "squares plus 500 * 0.01 ||w||^2."),
            ("Ridge(alpha=0.00002).",
             "No: that divides lam by n; Ridge's sum of squares is n times the MSE, so alpha "
             "is n times lam, not lam / n."),
            ("Lasso(alpha=0.005).",
             "No: Lasso has an L1 penalty (the sum of |w_j|), not the sum of squares; the "
             "conversion alpha = lam / 2 is for an L1 strength."),
        ),
        answer="B",
    ),
)
