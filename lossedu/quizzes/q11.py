"""Concept quiz of lecture 11 (losses in neural networks), built from the misconceptions in
docs/instructor-guide.md ("Notebook 11")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz11_1",
        title="what backpropagation does",
        prompt="A network is trained by mini-batch SGD. What does backpropagation do in each "
               "step?",
        options=(
            ("It moves every weight in the direction that lowers the loss.",
             "No: that is the optimiser's step (here SGD). Backpropagation only computes the "
             "gradient the step uses; Adam or any other optimiser could use the same gradient."),
            ("It computes the gradient of the loss with respect to every parameter, by the "
             "chain rule from the loss backwards.",
             "Yes: the loss gives the first signal, the gradient at the logits, and each layer "
             "passes it on with its local derivative; the optimiser then takes the step."),
            ("It gives each layer its own loss, the error of that layer's output, to minimise.",
             "No: there is one loss, at the end. Each layer receives the gradient of that one "
             "loss with respect to its output, not a loss of its own."),
            ("It replaces gradient descent when the loss is not convex.",
             "No: it is not an optimiser at all. It computes a gradient, for convex and "
             "non-convex losses alike; gradient descent (or SGD) uses it."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz11_2",
        title="different seeds, different weights",
        prompt="Two students train the same network on the same digits with different random "
               "seeds. Their training losses are 0.044 and 0.046, but their weight vectors are "
               "further apart than the size of either. What follows?",
        options=(
            ("One of them has a bug: the same data and architecture have one best set of "
             "weights.",
             "No: that holds for a convex loss such as logistic regression's. A network's "
             "loss is not convex in its weights, so different starts can end in different "
             "minima with similar loss."),
            ("Averaging their two weight vectors gives a network at least as good as both.",
             "No: that is what convexity would promise. In the lecture the midpoint's loss was "
             "0.29 to 0.52, against about 0.045 at the two ends."),
            ("Nothing is wrong: a network's loss is not convex in its weights, and different "
             "starts reach different minima of similar loss.",
             "Yes: in the lecture, seven seeds reach training losses from 0.0418 to 0.0467 with "
             "weights about 15 apart."),
            ("Re-ordering the hidden units of one network would make the two weight vectors "
             "identical.",
             "No: swapping hidden units does give the same function with other weights, but in "
             "the lecture the best re-ordering shrinks the distance only from about 15 to about "
             "12: the solutions differ genuinely."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz11_3",
        title="weight decay and the L2 penalty",
        prompt="The objective is J = L + lam * ||W||^2 (no 1/2). Which statement about "
               "`weight_decay` is right?",
        options=(
            ("With plain SGD, weight_decay = 2 * lam takes the same steps as the penalty; with "
             "Adam, the penalty and AdamW's weight decay take different steps.",
             "Yes: the penalty's gradient 2 * lam * W shrinks W by 1 - 2 * eta * lam each SGD "
             "step, which is weight decay. Adam rescales that gradient entry by entry; AdamW "
             "decays the weights outside the adaptive step."),
            ("weight_decay = lam for SGD, because the decay and the penalty use the same "
             "number.",
             "No: the gradient of lam * ||W||^2 is 2 * lam * W, so the matching decay is "
             "2 * lam; it would be lam only for a penalty written (lam / 2) * ||W||^2."),
            ("Weight decay and the L2 penalty are the same for every optimiser.",
             "No: with Adam, the penalty's gradient is divided by each weight's running "
             "gradient scale, so weights with large gradients are regularised less; AdamW's "
             "decoupled decay is not Adam on any penalised objective."),
            ("Weight decay has nothing to do with the L2 penalty: it is a separate trick of the "
             "optimiser.",
             "No: for plain SGD it is exactly the L2 penalty's gradient step, "
             "W <- (1 - 2 * eta * lam) W - eta * grad L."),
        ),
        answer="A",
    ),
)
