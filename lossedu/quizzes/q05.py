"""Concept quiz of lecture 05 (reading a log-loss number), built from the misconceptions in
docs/instructor-guide.md ("Notebook 05")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz05_1",
        title="where one example's loss passes 1",
        prompt="The log loss of one example, in nats, is above 1 exactly when the probability the "
               "model gave to the true class is ...",
        options=(
            ("below 1/2.",
             "No: that is the threshold in bits (-log2 p > 1 when p < 1/2). In nats 0.4 costs "
             "-ln 0.4 = 0.916, below 1."),
            ("below 1/e, about 0.368.",
             "Yes: -ln p > 1 exactly when p < e^-1. The threshold depends on the base of the "
             "logarithm, and it says nothing about a mean loss."),
            ("below 36 %, the rule of thumb.",
             "No: the threshold is 1/e = 36.79 %, so 0.365, more than 36 %, already costs 1.008 "
             "(the lecture's table)."),
            ("below 1/K for K classes.",
             "No: 1/K is the uniform guess, whose loss ln K is a baseline for the mean loss; "
             "one example's loss passes 1 at the same probability whatever K is."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz05_2",
        title="a confident mistake gets worse",
        prompt="A binary model's margin on one misclassified example goes from -10 to -30 (more "
               "confident, still wrong). What happens to that example's log loss?",
        options=(
            ("It grows about e^20 times: the loss explodes exponentially.",
             "No: the probability of the true class shrinks about e^20 times; the loss, its "
             "minus log, only grows by 20 nats."),
            ("It stays at about 36.04 nats, the largest value a log loss can take.",
             "No: 36.04 is where scikit-learn clips float64 probabilities when it reports a "
             "loss; the true loss is unbounded."),
            ("It goes from about 10 to about 30 nats: for a large wrong margin the loss is about "
             "|m|.",
             "Yes: ln(1 + e^-m) = -m + ln(1 + e^m), and the correction vanishes fast: one more "
             "nat per unit of wrong margin."),
            ("It barely changes: at margin -10 the probability is already almost 0.",
             "No: that is how the squared error on probabilities behaves; the log loss keeps "
             "growing, one nat per unit of margin."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz05_3",
        title="clipping inside a training loss",
        prompt="A training loss clips the predicted probabilities to [1e-7, 1 - 1e-7] before the "
               "log. One example's true class gets probability 1e-12 from the model. What does "
               "gradient descent do with that example?",
        options=(
            ("Nothing: its gradient is exactly zero, so this confident mistake stops learning.",
             "Yes: the clip silences exactly the confident mistakes. Train from the logits, and "
             "clip only when reporting a loss from stored probabilities."),
            ("It pushes its logit with a slope near -1, as the loss from the logit would.",
             "No: below the clip the clipped probability is the constant 1e-7, so the loss does "
             "not change when the logit changes."),
            ("Its loss becomes infinite and the run fails with NaN.",
             "No: that is what happens without a clip when the probability is exactly 0; with "
             "the clip its loss is the constant -ln 1e-7, about 16.12."),
            ("It gets a larger step than the other examples, because its loss is the largest.",
             "No: the step follows the slope of the loss, not its size, and here the slope is "
             "exactly zero."),
        ),
        answer="A",
    ),
)
