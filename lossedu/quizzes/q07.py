"""Concept quiz of lecture 07 (L1 and L2 penalties, soft thresholding, MAP), built from the
misconceptions in docs/instructor-guide.md ("Notebook 07")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz07_1",
        title="a very strong L2 penalty",
        prompt="One weight, objective 0.5 (w - a)^2 + lam w^2 with a = 0.5 (the value the data "
               "alone would choose). You raise lam from 1 to 1000. Where does the best weight "
               "go?",
        options=(
            ("To exactly 0, as soon as lam is larger than |a|.",
             "No: that is the L1 rule (soft thresholding). With lam w^2 the best weight is "
             "a / (1 + 2 lam), a fixed fraction of a."),
            ("Very close to 0 (about 0.00025), but not exactly 0.",
             "Yes: a / (1 + 2 lam) = 0.5 / 2001. The push 2 lam w fades as w approaches 0, "
             "so the weight never reaches it."),
            ("Below 0: a strong penalty pushes the weight past zero.",
             "No: the penalty's pull 2 lam w points toward 0 and vanishes at 0; the best "
             "weight keeps the sign of a."),
            ("Nowhere: lam = 1000 makes the penalty grow exponentially and the problem has "
             "no minimum.",
             "No: lam w^2 is a parabola (doubling w multiplies it by 4), and a sum of two "
             "parabolas always has one minimum."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz07_2",
        title="subgradient steps and exact zeros",
        prompt="One weight, objective 0.5 (w - a)^2 + lam |w| with a = 0.3 and lam = 1, so the "
               "minimiser is exactly 0. You run gradient descent with the subgradient "
               "(w - a) + lam sign(w), a fixed step eta = 0.1, from w = 0.25 (the first steps "
               "give 0.155, 0.0695, -0.0075, 0.1233). What happens over 2000 steps?",
        options=(
            ("The weight reaches 0 after a few steps and stays there.",
             "No: near 0 every step still moves the weight by about eta lam = 0.1, so it "
             "jumps over 0; in 2000 steps it never equals 0."),
            ("The weight settles at a - lam = -0.7.",
             "No: that formula holds only when |a| > lam; here the minimiser is 0, and after "
             "the first steps the iterates stay within about 0.13 of it."),
            ("The weight keeps jumping back and forth around 0 without landing on it.",
             "Yes: a fixed subgradient step cannot stop at the kink. The minimiser has the "
             "exact zero; a soft-thresholding step (lecture 08) reaches it."),
            ("The run diverges, because |w| has no derivative at 0.",
             "No: every step has size at most about 0.14; the missing derivative makes the "
             "iterates cycle around 0, not blow up."),
        ),
        answer="C",
    ),
    Choice(
        id="quiz07_3",
        title="the same prior, more data",
        prompt="Ridge as a MAP estimate: Gaussian noise of scale s, a Gaussian prior of scale "
               "s_w on every weight, objective MSE + lam sum(w_j^2). Next year you have 10 "
               "times as many examples, the same noise and the same belief about the weights. "
               "Which lam matches that belief?",
        options=(
            ("The same lam: lam encodes the prior, and the prior has not changed.",
             "No: lam = s^2 / (n s_w^2) depends on n too. Keeping lam with 10 times the data "
             "means believing in a prior whose variance s_w^2 is 10 times smaller."),
            ("10 lam: more data let the model fit more noise, so it needs more penalty.",
             "No: more data make the evidence stronger relative to the prior; the penalty "
             "weakens."),
            ("lam / sqrt(10), because uncertainty shrinks like 1 / sqrt(n).",
             "No: n enters lam itself, not its square root: dividing the NLL (a sum of n "
             "terms) by n to get the MSE divides the prior's term by n too."),
            ("lam / 10.",
             "Yes: lam = s^2 / (n s_w^2). The data term is a sum of n log-likelihoods while "
             "the prior's term stays the same, so the penalty weakens in proportion to n."),
        ),
        answer="D",
    ),
)
