"""Concept quiz of lecture 09 (loss versus accuracy, and calibration), built from the
misconceptions in docs/instructor-guide.md ("Notebook 09")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz09_1",
        title="accuracy up, loss up",
        prompt="A logistic regression is trained without a penalty. Over the last 2000 steps its "
               "validation accuracy rises a little while its validation log loss rises far "
               "above ln 2 (the loss of predicting 0.5 for everyone). Which reading is right?",
        options=(
            ("It has learned nothing: a loss above ln 2 is worse than predicting 0.5 for "
             "everyone, so the model is now worse than a coin flip.",
             "No: it labels better than chance (its accuracy rose). The loss is high because "
             "its few mistakes are made with great confidence; dividing the logits by a "
             "temperature brings the loss below ln 2 without changing a single label."),
            ("One of the two numbers must be computed wrongly: loss and accuracy always move "
             "in opposite directions.",
             "No: accuracy counts which side of 0.5 each prediction falls on, the loss how much "
             "probability went to what happened. They can move together, as here."),
            ("It labels better but states its confidence worse: it is overconfident.",
             "Yes: growing weights make every logit larger, so the mistakes get confident and "
             "expensive while the direction of the weights, and the accuracy, still improve. "
             "Early stopping, a penalty, or temperature scaling (if the probabilities matter) "
             "help."),
            ("The validation set must share examples with the training set.",
             "No: a leak would make the validation numbers look too good, not push the "
             "validation loss up; the rise comes from confident mistakes on new examples."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz09_2",
        title="a small ECE",
        prompt="Fraud model A gives every transaction the overall fraud rate. Model B gives each "
               "transaction its own probability and ranks frauds well; after temperature scaling "
               "its ECE is larger than A's, but its Brier score is much lower. Which statement "
               "is right?",
        options=(
            ("A is the better model, because its ECE is smaller.",
             "No: the ECE measures calibration only. A constant forecast at the base rate is "
             "calibrated and still separates nothing, so its ECE is tiny."),
            ("B: a small ECE alone proves little; the Brier score also rewards sharpness.",
             "Yes: a proper score rates the useless constant below a calibrated model that "
             "ranks; the ECE is a diagnostic for the calibration part only."),
            ("The ECE is a strictly proper scoring rule, so A must be better.",
             "No: the ECE is not a proper scoring rule; the constant forecast shows it, since "
             "it gets the best ECE while knowing nothing about any single transaction."),
            ("Neither number can be trusted here, since a better model should win on both the "
             "ECE and the Brier score.",
             "No: they answer different questions. The ECE asks whether the probabilities match "
             "the frequencies; the Brier score also asks how much the probabilities separate."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz09_3",
        title="validation loss below training loss",
        prompt="Your log shows the validation loss below the training loss at every epoch. The "
               "logged training number includes an L2 penalty, dropout is on during training, "
               "and the training loss is averaged over each epoch. What do you do first?",
        options=(
            ("Conclude that the two sets share examples (a leak), since a model cannot do "
             "better on data it has not seen, and rebuild the split.",
             "Not first: the penalty, dropout and epoch averaging each make the logged "
             "training number larger for harmless reasons. Check a leak only if a large gap "
             "remains once both numbers are computed the same way."),
            ("Nothing: a validation loss below the training loss is always harmless.",
             "No: often harmless, not always. When both are computed the same way and the gap "
             "stays, the sets may differ or share examples."),
            ("Lower the learning rate, because the training loss is too high.",
             "No: nothing here says training is failing; the training number is higher "
             "because it is measured differently (penalty, dropout, averaging)."),
            ("Recompute the training loss like the validation loss (no penalty, no dropout, "
             "end-of-epoch weights).",
             "Yes: compare like with like; if a large gap stays, then look at the split."),
        ),
        answer="D",
    ),
)
