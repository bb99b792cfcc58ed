"""Concept quiz of lecture 06 (the probabilistic view), built from the misconceptions in
docs/instructor-guide.md ("Notebook 06")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz06_1",
        title="a negative NLL",
        prompt="A regression model with a predicted variance reports a mean Gaussian NLL of "
               "-0.8 nats on its test set (constant included). What do you conclude?",
        options=(
            ("There is a bug: a loss cannot be negative.",
             "No: for a continuous target the NLL is minus the log of a density, and a density "
             "exceeds 1 where the predicted Gaussian is narrow; lecture 06 §5 has hundreds of "
             "negative test losses."),
            ("The model is nearly perfect: a loss below 0 beats every possible model.",
             "No: the value shifts with the unit of y (by ln 10 for a unit ten times larger), "
             "so its sign says nothing about quality."),
            ("Nothing on its own: compare it with other models' NLLs on the same targets in "
             "the same unit; the lower is better.",
             "Yes: an NLL ranks models of the same targets; its sign and size depend on the "
             "unit of y."),
            ("The model is worse than one with an NLL of 0.5, because the loss moved past 0.",
             "No: a lower NLL is better, whatever its sign; -0.8 beats 0.5 on the same targets "
             "in the same unit."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz06_2",
        title="the noise scale and the line",
        prompt="You fitted a line by maximum likelihood under Gaussian noise with a fixed scale "
               "s = 1. Then you learn that the true noise scale is s = 3. What happens to the "
               "maximum-likelihood line?",
        options=(
            ("Nothing: for any fixed s the NLL is a constant plus MSE / (2 s^2), so the "
             "least-squares line stays the best.",
             "Yes: s only shifts and scales the NLL, so its minimiser does not move (the "
             "lecture's cell gets the same w and b for three values of s)."),
            ("The line becomes flatter, because noisier data deserve a smaller slope.",
             "No: without a penalty nothing pulls the slope towards 0; shrinking weights is "
             "what a penalty does (lecture 07)."),
            ("You must switch to the MAE, because large noise calls for a robust loss.",
             "No: a larger Gaussian noise is still Gaussian; the MAE comes from heavy-tailed "
             "(Laplace) noise, not from noise of a larger scale."),
            ("The line and its NLL both change, by a factor of 9.",
             "Only the NLL value changes (its MSE term is divided by 2 s^2); the line that "
             "minimises it is the same."),
        ),
        answer="A",
    ),
    Choice(
        id="quiz06_3",
        title="checking a quantile line",
        prompt="QuantileRegressor(quantile=0.9, solver='highs'), with its other settings left "
               "at their defaults, gives a line below which 0.91 of the test points lie. Is it "
               "a good 0.9-quantile model?",
        options=(
            ("Yes: the coverage is within sampling error of 0.9.",
             "Not necessarily: the default alpha=1.0 adds a penalty that can flatten the line; "
             "in lecture 06 §7 it covers every point on the left and too few on the right, "
             "with a good average."),
            ("No: a correct model covers exactly 0.9 of any test set.",
             "No: coverage on a finite test set fluctuates; lecture 06 §7 shows the spread "
             "over 20 data sets."),
            ("Not necessarily: check that alpha=0 was set and look at the coverage in "
             "different regions of x, not only on average.",
             "Yes: the default penalty flattens the line, and an average coverage can hide a "
             "band too wide in one place and too narrow in another."),
            ("No: a 0.9-quantile line should have 0.1 of the points below it.",
             "No: the tau-quantile has a share tau of the points below it; 0.1 of them lie "
             "above it."),
        ),
        answer="C",
    ),
)
