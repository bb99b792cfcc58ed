"""Concept quiz of lecture 10 (choosing a loss), built from the misconceptions in
docs/instructor-guide.md ("Notebook 10")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz10_1",
        title="what MAE resists",
        prompt="Four bad measurements sit at the largest x of a data set, far from the mean of x. "
               "Which statement about the MAE (least absolute deviations) line is right?",
        options=(
            ("It ignores them: MAE is robust to outliers.",
             "No: MAE caps each point's pull at the same size, but a point's effect on the "
             "slope is its pull times x_i - mean(x); in the lecture four such points moved the "
             "MAE slope by 13%."),
            ("It can still tilt: MAE bounds the pull of a large residual, not the lever arm of "
             "a point far from the mean of x.",
             "Yes: at the fit, the sum of pull_i (x_i - mean(x)) is zero, and only the pull is "
             "capped by the absolute loss."),
            ("It moves more than the MSE line, because the absolute loss has a kink.",
             "No: the kink makes each point's pull constant instead of growing with its "
             "residual, so large residuals pull the MAE line less than the MSE line (in the "
             "lecture it moved less in 26 of 30 data sets)."),
            ("Only the intercept can change: outliers in y never change a slope.",
             "No: points away from the mean of x change the slope most; only points at the "
             "mean of x act mainly on the intercept."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz10_2",
        title="what class weights do",
        prompt="A logistic regression is retrained with class_weight=\"balanced\" on data with "
               "5% in class 1. What is the main effect?",
        options=(
            ("The model learns the rare class better: its probabilities become more accurate.",
             "No: the weighted model's probabilities are shifted (its logit gains about "
             "ln(c_1 / c_0)), so they overstate class 1; they are no longer calibrated."),
            ("Nothing changes, because weights only rescale the loss.",
             "No: a common factor on every example would not move the minimum, but different "
             "weights per class do: recall rose from 0.63 to 0.95 in the lecture."),
            ("Its training log loss falls, so the model is better.",
             "No: the weighted model minimises the weighted loss; its plain mean log loss is "
             "higher, and neither training loss says which model is better on new data."),
            ("Roughly the same as keeping the plain model and predicting class 1 when p > 0.05.",
             "Yes: the weights add about ln(c_1 / c_0) to the logit, so weighted training at "
             "threshold 0.5 acts like plain training at threshold c_0 / (c_0 + c_1) = n_1 / n."),
        ),
        answer="D",
    ),
    Choice(
        id="quiz10_3",
        title="which points the hinge hears",
        prompt="You move a correctly classified point with margin 3 much further from the "
               "boundary and refit. What happens?",
        options=(
            ("Both the SVM (hinge) and the logistic-regression boundaries stay where they are.",
             "Only half right: the log loss is positive for every margin, so the point keeps a "
             "small pull on the logistic-regression boundary."),
            ("Both boundaries move, because every point counts in the mean loss.",
             "No: beyond margin 1 the hinge loss and its gradient are exactly zero, so the point "
             "has no say in the SVM's solution."),
            ("The SVM boundary stays; the logistic-regression boundary moves a little.",
             "Yes: the hinge ignores points beyond margin 1, the log loss keeps a shrinking but "
             "non-zero pull on every point."),
            ("The SVM boundary moves; the logistic-regression boundary stays.",
             "No: it is the other way round; the hinge is zero beyond margin 1, the log loss "
             "never is."),
        ),
        answer="C",
    ),
)
