"""Concept quiz of lecture 12 (loss design in deep-learning practice), built from the
misconceptions in docs/instructor-guide.md ("Notebook 12")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz12_1",
        title="what the focal loss changes",
        prompt="On 5% positives, you replace plain cross-entropy by the focal loss (gamma = 2, "
               "alpha = 0.25) in a linear model. Which statement matches what lecture 12 found "
               "over 20 data sets?",
        options=(
            ("It ranks the positives much better: its average precision is clearly higher.",
             "No: its AP stayed within 0.01 of plain cross-entropy on all 20 data sets. Down-"
             "weighting easy examples does not make the features more informative."),
            ("Its ranking is about the same, but its probabilities are no longer calibrated, so "
             "the decision threshold has to be chosen again.",
             "Yes: AP within 0.01 of plain on every data set, a higher test log loss, and a mean "
             "predicted probability far above the prevalence."),
            ("Nothing changes at all: with gamma = 2 the focal loss equals cross-entropy.",
             "No: it equals cross-entropy (up to alpha) only at gamma = 0; at gamma = 2 an "
             "example with p_t = 0.9 counts a hundred times less."),
            ("Its probabilities become better calibrated, because it focuses on the hard "
             "examples.",
             "No: plain cross-entropy had the lowest test log loss on every data set; the focal "
             "model's mean probability overstated the rare class."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz12_2",
        title="label smoothing and calibration",
        prompt="A model trained with label smoothing (epsilon = 0.1) has a higher expected "
               "calibration error than the same model trained without it. How can that be?",
        options=(
            ("It cannot: label smoothing always improves calibration.",
             "No: it lowers confidence. In lecture 12 a softmax regression on digits was already "
             "slightly underconfident, and smoothing raised its ECE on all 10 splits."),
            ("The model was not overconfident to begin with, and smoothing pulled its "
             "confidence below its accuracy.",
             "Yes: label smoothing is a remedy for overconfidence; on a model that is already "
             "calibrated or underconfident it makes the gap larger."),
            ("Label smoothing lowers the accuracy a lot, and ECE measures accuracy.",
             "No: the accuracy hardly moved in the lecture (0.955 and 0.952); ECE measures the "
             "gap between confidence and accuracy, which is what grew."),
            ("The loss of the smoothed model is higher, so it must be worse calibrated.",
             "No: the smoothed loss has a floor above zero (the entropy of the target) and is a "
             "different objective; its value says nothing about calibration."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz12_3",
        title="which loss for an LSTM",
        prompt="Which loss should an LSTM language model (next-token prediction over a "
               "vocabulary) be trained with?",
        options=(
            ("A special recurrent loss: architectures like LSTMs need their own loss function.",
             "No: the task, predicting one of K tokens, picks the loss; the per-token softmax "
             "cross-entropy is the ordinary one. The LSTM only changes how the logits are made."),
            ("The mean squared error between the one-hot target and the softmax output.",
             "No: notebook 11 showed MSE on softmax outputs saturates; cross-entropy is the loss "
             "of a categorical prediction."),
            ("Per-token softmax cross-entropy with the padding masked out, averaged over the "
             "real tokens (or over sequences, if each sequence should count once).",
             "Yes: the mask and the choice of average are the design decisions; perplexity is "
             "e to the power of the mean over tokens."),
            ("The cross-entropy averaged over every position of the padded batch, padding "
             "included, so that all batches have the same size.",
             "No: padding is easy to predict and pulls the loss down: in the lecture 0.496 "
             "instead of 0.891 nats, a perplexity of 1.64 instead of 2.44."),
        ),
        answer="C",
    ),
)
