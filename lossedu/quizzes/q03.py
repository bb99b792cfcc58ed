"""Concept quiz of lecture 03 (gradient descent), built from the misconceptions in
docs/instructor-guide.md ("Notebook 03")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz03_1",
        title="what is zero at the optimum",
        prompt="Gradient descent on the MSE of a line has reached the least-squares optimum. "
               "Which of these is zero there?",
        options=(
            ("Every residual y_i - y_pred_i.",
             "No: no line passes through noisy points, so the residuals stay; in the lecture "
             "the largest is still above 2 at the optimum."),
            ("The mean squared error.",
             "No: the MSE is at its smallest, not zero; it is zero only if every point lies "
             "on one line."),
            ("The sum of the residuals and the sum of x_i times the residuals.",
             "Yes: these are the gradient (up to the factor -2/n), A^T r = 0, and the gradient "
             "vanishes at the minimum."),
            ("The learning rate.",
             "No: the learning rate is a setting you choose; the steps get small because the "
             "gradient does."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz03_2",
        title="rescaling a feature",
        prompt="A feature in metres is re-expressed in millimetres (every x is multiplied by "
               "1000), and training keeps the same learning rate. What is most likely to happen?",
        options=(
            ("Nothing: gradient descent does not care about units.",
             "No: the curvature along w grows with the mean of x^2, here a millionfold, so the "
             "usable learning rates change too."),
            ("The run may now diverge: mu_max grows about a millionfold, so 2 / mu_max shrinks "
             "about a millionfold.",
             "Yes: a learning rate that was safe can now exceed 2 / mu_max; standardising the "
             "feature would remove the units altogether."),
            ("Training gets faster, because the gradients are larger.",
             "No: larger gradients with the same learning rate mean larger steps, and along "
             "the steep direction they overshoot."),
            ("Only the final weight changes (it is 1000 times smaller); the number of steps "
             "stays the same.",
             "The minimiser does rescale, but the steps do not stay the same: mu_max grows "
             "about a millionfold while the intercept's curvature stays near 2, so the learning "
             "rate must shrink and the flat direction then needs far more steps."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz03_3",
        title="mean or sum",
        prompt="You replace the mean loss over n = 500 examples by the summed loss and keep the "
               "learning rate that worked. What happens?",
        options=(
            ("Nothing changes: same minimum, same steps.",
             "The minimum is the same, but the steps are not: the sum's gradient is 500 times "
             "the mean's."),
            ("The steps shrink 500 times, so training is slower but safe.",
             "No: the gradient of the sum is 500 times larger, not smaller."),
            ("Every step is 500 times larger and the Hessian too, so the run may diverge.",
             "Yes: the sum multiplies J, its gradient and its Hessian by n, so mu_max is 500 "
             "times larger and the old learning rate may exceed 2 / mu_max."),
            ("The minimiser moves, because each example now counts 500 times more.",
             "No: multiplying a function by a positive constant does not move its minimum."),
        ),
        answer="C",
    ),
)
