"""Concept quiz of lecture 02 (MSE and the L1/L2 losses), built from the misconceptions in
docs/instructor-guide.md ("Notebook 02")."""

from lossedu.quiz import Choice

QUIZ = (
    Choice(
        id="quiz02_1",
        title="the house-price squared error",
        prompt="A house predicted at 250,000 dollars sells for 300,000 dollars. What is the "
               "squared error of this prediction?",
        options=(
            ("250,000,000 dollars.",
             "No, twice: 50,000 squared is 2,500,000,000 (ten times more: a zero went "
             "missing), and squaring dollars gives dollars squared."),
            ("2,500,000,000 dollars squared.",
             "Yes: (300,000 - 250,000)^2 = 50,000^2 = 2.5 billion, in dollars squared; its "
             "square root, 50,000 dollars, is the readable number."),
            ("50,000 dollars.",
             "That is the absolute error (and the RMSE of this one house), not the squared "
             "error."),
            ("2,500,000,000 dollars.",
             "The number is right, the unit is not: a squared error is in dollars squared."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz02_2",
        title="an outlier at the mean of x",
        prompt="One point sits at the mean of x and is pushed 30 units up. What does that do "
               "to the least-squares line?",
        options=(
            ("It tilts the line more than an outlier at the end of the x range would.",
             "No: the effect on the slope grows with the distance from the mean of x (the "
             "leverage); at the mean it is about zero."),
            ("It lifts the line (the intercept changes) but hardly changes the slope.",
             "Yes: the slope moves by 30 (x_i - mean of x) / sum of (x_j - mean of x)^2, about "
             "zero here; the whole line moves up by 30/n."),
            ("Nothing: least squares ignores points with low leverage.",
             "No: least squares ignores no point; a residual of 30 costs 900 and lifts the "
             "line."),
            ("It tilts the least-absolute-deviations line instead, because L1 reacts to "
             "leverage.",
             "No: the L1 loss caps the pull of a large residual wherever the point sits; "
             "resisting large residuals is not the same as resisting leverage."),
        ),
        answer="B",
    ),
    Choice(
        id="quiz02_3",
        title="a column minus a vector",
        prompt="y_true has shape (100, 1) and y_pred shape (100,). What does "
               "np.mean((y_true - y_pred) ** 2) return?",
        options=(
            ("The MSE of the 100 predictions.",
             "No: the difference broadcasts to a (100, 100) table of every target minus "
             "every prediction, and the mean is taken over all 10,000 entries."),
            ("A ValueError, because the shapes differ.",
             "No: NumPy broadcasts (100, 1) and (100,) without complaint; that is why the "
             "course's losses check the shapes themselves and refuse."),
            ("A number: the mean over a (100, 100) table of every target minus every "
             "prediction, which is not the MSE.",
             "Yes: no error, just a wrong number; refuse mismatched shapes, and flatten on "
             "purpose (y_true.ravel()) when you know they match."),
            ("The MSE multiplied by 100.",
             "No: the table mixes every target with every prediction; its mean is not a "
             "multiple of the MSE."),
        ),
        answer="C",
    ),
)
