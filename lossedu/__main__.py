"""``python -m lossedu ...`` is the same as the ``lossedu`` command."""

import sys

from lossedu.cli import main

sys.exit(main())
