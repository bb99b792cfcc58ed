"""The command line: ``lossedu grade SUBMISSIONS --exercise NAME [--hidden FILE] [--out DIR]
[--jobs N] [--timeout S]`` (see docs/grading.md)."""

from __future__ import annotations

import os
import sys


def add_subcommand(subparsers) -> None:
    parser = subparsers.add_parser(
        "grade", help="grade a folder of submitted exercise notebooks",
        description="Grade every submitted notebook in SUBMISSIONS (one folder per student, or "
        "flat <student>.ipynb files, LMS export names accepted): only the students' answer "
        "cells are taken, run in a sandboxed kernel, and judged outside it. Writes DIR/"
        "grades.csv and DIR/feedback/<student>.html and prints a summary. Exit status 0 when "
        "every submission got a row; 2 for an instructor mistake (unknown exercise, bad "
        "hidden checks file, missing folder).",
    )
    parser.add_argument("submissions", metavar="SUBMISSIONS", help="folder of submissions")
    parser.add_argument("--exercise", required=True, metavar="NAME",
                        help="the exercise, e.g. 02 or 02_mse_exercise")
    parser.add_argument("--hidden", metavar="FILE", default=None,
                        help="JSON file of instructor-only checks (docs/exercise-format.md)")
    parser.add_argument("--out", metavar="DIR", default=None,
                        help="output folder (default: ./grading-out/<exercise>)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N",
                        help=f"submissions graded at once (default: cores, here {os.cpu_count()})")
    parser.add_argument("--timeout", type=float, default=30.0, metavar="S",
                        help="seconds per cell before it counts as an endless loop (default 30)")
    parser.add_argument("--submission-timeout", type=float, default=None, metavar="S",
                        help="seconds per submission in total (default: 10 x --timeout, >= 120)")
    parser.add_argument("--memory", type=int, default=2048, metavar="MB",
                        help="memory limit of a student's kernel (default 2048 MB)")
    parser.add_argument("--output-limit", type=float, default=4.0, metavar="MB",
                        help="output a single cell may print (default 4 MB)")
    parser.add_argument("--roster", metavar="CSV", default=None,
                        help="class list exported by Canvas (gradebook export) or Moodle: names "
                        "the students, adds a no-submission row for each student without a file")
    parser.add_argument("--lms", action="append", default=[], metavar="FORMAT",
                        help="also write files for a learning management system: canvas, moodle, "
                        "gradescope, prairielearn (repeat for several; docs/grading.md)")
    parser.add_argument("--assignment", metavar="NAME", default=None,
                        help="the assignment's name in the LMS gradebook (default: the exercise)")
    parser.add_argument("--assignment-id", metavar="ID", default=None,
                        help="Canvas's id of the assignment (the number in its address)")
    parser.add_argument("--forbidden-scores-zero", action="store_true",
                        help="an answer that uses a library its question forbids (one that "
                        "computes the answer, e.g. sklearn.metrics) scores 0; by default it "
                        "keeps its points and is flagged (a question's own setting wins)")
    parser.add_argument("--variants", action="store_true",
                        help="grade each student on their own variant of the data, derived "
                        "from their id with the course secret (docs/grading.md, Variants)")
    parser.add_argument("--variant-secret", metavar="FILE", default=None,
                        help="file holding the course secret of --variants (default: the "
                        "environment variable LOSSEDU_VARIANT_SECRET)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(func=run)


def run(args) -> int:
    from lossedu.grading.engine import GradingError, grade
    from lossedu.grading.report import summary
    from lossedu.grading.sandbox import terminate_interrupts

    if args.jobs is not None and args.jobs < 1:
        print("lossedu grade: --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("lossedu grade: --timeout must be positive", file=sys.stderr)
        return 2
    from lossedu.grading.lms import FORMATS

    unknown = [f for f in args.lms if f not in FORMATS]
    if unknown:
        print(f"lossedu grade: --lms {unknown[0]!r} is not a format; expected one of "
              f"{', '.join(FORMATS)}", file=sys.stderr)
        return 2
    if args.assignment_id is not None and not args.assignment_id.isdigit():
        print(f"lossedu grade: --assignment-id must be the number of the Canvas assignment, "
              f"got {args.assignment_id!r}", file=sys.stderr)
        return 2
    variant_secret = None
    if args.variant_secret is not None and not args.variants:
        print("lossedu grade: --variant-secret needs --variants", file=sys.stderr)
        return 2
    if args.variants:
        from lossedu.variants import VariantError, read_secret

        try:
            variant_secret = read_secret(args.variant_secret)
        except VariantError as error:
            print(f"lossedu grade: {error}", file=sys.stderr)
            return 2
    try:
        # SIGTERM/SIGHUP end the run like Ctrl-C: kernels killed, temporary folders removed
        with terminate_interrupts():
            report = grade(args.submissions, args.exercise, hidden=args.hidden, out=args.out,
                           jobs=args.jobs, timeout=args.timeout,
                           submission_timeout=args.submission_timeout, memory_mb=args.memory,
                           output_mb=args.output_limit, progress=not args.no_progress,
                           roster=args.roster, variant_secret=variant_secret,
                           forbidden_scores_zero=args.forbidden_scores_zero)
    except GradingError as error:
        print(f"lossedu grade: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("lossedu grade: interrupted; nothing was written", file=sys.stderr)
        return 130
    print(summary(report))
    if args.lms:
        from lossedu.grading.report import write_lms

        print("\n".join(write_lms(report, report.out_dir, args.lms, assignment=args.assignment,
                                  assignment_id=args.assignment_id, hidden=args.hidden,
                                  variant_secret=variant_secret)))
    return 0
