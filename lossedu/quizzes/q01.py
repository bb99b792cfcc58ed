"""Concept quiz of lecture 01 (what is a loss?), built from the misconceptions in
docs/instructor-guide.md ("Notebook 01")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz01_1",
        title="a tenfold jump in the logged loss",
        prompt="A teammate trains the same model on 1,000 and then on 10,000 examples from the "
               "same source. The logged training loss jumps about tenfold. What is the most "
               "likely explanation?",
        options=(
            ("The model got worse: more data made it overfit.",
             "No: more data from the same source makes overfitting less likely, not more; and "
             "a tenfold jump that tracks the tenfold data size points at the reduction."),
            ("The logged number is a sum over the examples, which grows with n even when every "
             "prediction is as good as before.",
             "Yes: a sum grows in proportion to n (lecture 01 §2), a mean does not. Log the "
             "mean to compare runs of different sizes."),
            ("The learning rate is too high for the larger data set.",
             "Not the first suspect: a diverging run would not land at almost exactly ten "
             "times the loss; check whether the number is a sum or a mean first."),
            ("The 10,000 examples are harder to predict.",
             "They come from the same source, so on average they are as hard as the first "
             "1,000; the factor of ten matches the factor in n."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz01_2",
        title="training cost and risk",
        prompt="A least-squares line is fitted to 20 noisy points; its training MSE is 3.6. "
               "What do you expect its MSE on new data from the same source to be?",
        options=(
            ("About 3.6: the training cost is an unbiased estimate of the risk.",
             "No: the line was chosen to fit exactly these 20 points, partly following their "
             "noise, so its training cost is biased low."),
            ("Lower than 3.6, because new data has not been used yet.",
             "No: not having used the new data is exactly why the line does worse on it."),
            ("Typically higher than 3.6: the training cost is an optimistic estimate of the "
             "risk.",
             "Yes: over 1,000 fits in lecture 01 the training cost averaged 3.600 and the risk "
             "4.394; estimate the risk on held-out data."),
            ("It cannot be said at all: risk and cost measure different things.",
             "They measure the same loss on different data: the risk is the expected loss on "
             "new data, and the training cost is a (biased-low) estimate of it."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz01_3",
        title="what every loss has in common",
        prompt="Which statement holds for every loss function used in machine learning?",
        options=(
            ("A loss is never negative.",
             "No: a Gaussian negative log-likelihood with a small variance can be negative "
             "(lecture 06). The squared and absolute losses are never negative."),
            ("A loss is zero at a perfect prediction.",
             "No: a cross-entropy against soft targets stays above zero even at its best "
             "prediction (lecture 06); the squared and absolute losses are zero there."),
            ("A loss scores a prediction so that smaller is better.",
             "Yes: that is what makes it something to minimise; sign and zero point vary "
             "from loss to loss."),
            ("A loss is in the squared units of the target.",
             "No: only the squared loss is; the absolute loss is in the units of the target, "
             "log losses in nats."),
        ),
        answer="C",
    ),
)
