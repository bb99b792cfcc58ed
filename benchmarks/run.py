"""Run every benchmark module benchmarks/bench_*.py (``make bench``).

Each module defines ``main()``, which prints its own table. Usage::

    python benchmarks/run.py              # all of them, in name order
    python benchmarks/run.py --only losses   # just bench_losses.py (also: --only bench_losses)
    python benchmarks/run.py --list
"""

import argparse
import importlib.util
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover():
    """Map short name ("losses") to path for every benchmarks/bench_*.py file."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def load(path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", metavar="NAME", action="append",
                        help="run only this benchmark (e.g. losses); may be repeated")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    found = discover()
    if args.list:
        print("\n".join(found))
        return 0
    names = list(found)
    if args.only:
        names = [n.removeprefix("bench_").removesuffix(".py") for n in args.only]
        unknown = [n for n in names if n not in found]
        if unknown:
            parser.error(f"unknown benchmark {', '.join(unknown)}; available: {', '.join(found)}")
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} (busy machines give noisy timings)")
    status = 0
    for name in names:
        print(f"\n=== {found[name].name} ===", flush=True)
        start = time.perf_counter()
        result = load(found[name]).main()
        print(f"--- {found[name].name}: {time.perf_counter() - start:.1f} s", flush=True)
        status = status or (result if isinstance(result, int) else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
