"""Concept quiz of lecture 04 (cross-entropy), built from the misconceptions in
docs/instructor-guide.md ("Notebook 04")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz04_1",
        title="squared error on probabilities",
        prompt="A logistic model is trained with the squared error (y - p)^2 instead of the log "
               "loss, and it stalls early while many predictions are confidently wrong. "
               "Which explanation is right?",
        options=(
            ("The squared error is not a proper scoring rule, so its minimum is at the wrong "
             "probability.",
             "No: the squared error on probabilities is the Brier score, which is strictly "
             "proper: in expectation it is smallest exactly at the true probability."),
            ("Its slope in the logit is 2(p - y) p(1 - p), and p(1 - p) is nearly 0 for a "
             "confident prediction, right or wrong.",
             "Yes: the gradient saturates through the sigmoid, so confident mistakes send "
             "almost no signal; the log loss's slope is p - y."),
            ("The squared error cannot be computed when the labels are 0 and 1.",
             "No: (y - p)^2 is defined for any label and probability; the trouble is its "
             "gradient, not its value."),
            ("The squared error is always larger than the log loss, so its steps are too big.",
             "No: for the probability q of the true class, (1 - q)^2 <= 1 - q <= -ln q, so it is "
             "never larger; and the problem is steps that are too small, not too big."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz04_2",
        title="sigmoid(37) in float64",
        prompt="In float64, 1 / (1 + np.exp(-37)) is exactly 1.0. Why?",
        options=(
            ("float64 has about 16 significant digits, so the true value of sigmoid(37) rounds "
             "to 1.",
             "No: correctly rounded, sigmoid(37) is 1 - 2^-53, the largest float64 below 1 "
             "(doubles just below 1 are twice as dense as just above it)."),
            ("np.exp(-37) underflows to 0.",
             "No: e^-37 is about 8.5e-17, an ordinary float64 (the smallest positive one is "
             "near 5e-324); it only disappears when added to 1."),
            ("The sum 1 + e^-37 is rounded to exactly 1 before the division, because e^-37 is "
             "less than half the gap between 1 and the next float64.",
             "Yes: the formula loses the small term in the sum; the loss from the logit, "
             "max(z, 0) - y z + ln(1 + e^-|z|), never forms the sum."),
            ("np.exp overflows for arguments this large.",
             "No: np.exp overflows only above about 709.78, and here its argument is -37."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz04_3",
        title="where the log loss is convex",
        prompt="The cross-entropy is convex in the logits. For which models does that make the "
               "training loss convex in the weights?",
        options=(
            ("For logistic and softmax regression, whose logits X @ w + b are linear in the "
             "weights.",
             "Yes: a convex function of a linear map is convex. (Convex does not promise a "
             "minimum: on separable data there is none without a penalty.)"),
            ("For every model trained with cross-entropy, neural networks included.",
             "No: in a network the logits are not linear in the weights, and a convex function "
             "of a non-linear map need not be convex."),
            ("For no model: convexity in the logits says nothing about the weights.",
             "No: when the logits are a linear function of the weights, convexity carries over "
             "to the weights."),
            ("Only when an L2 penalty is added.",
             "No: the penalty keeps convexity and makes a minimiser exist on separable data, "
             "but the log loss of a linear model is convex without it."),
        ),
        answer="A",
    ),
)
