"""The ``lossedu`` command line: ``lossedu exercises`` and ``lossedu grade``.

Each subcommand lives with the module that does the work: the module exposes
``add_subcommand(subparsers)``, which registers its parser and sets ``func``.
"""

import argparse
import importlib

#: subcommand modules, imported only when the command line is parsed
_SUBCOMMAND_MODULES = (
    "lossedu.exercises", "lossedu.progress", "lossedu.authoring", "lossedu.grading",
)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="lossedu", description="Tools of the lossedu course on loss functions."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _SUBCOMMAND_MODULES:
        importlib.import_module(name).add_subcommand(subparsers)
    return parser


def main(argv=None):
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    raise SystemExit(main())
