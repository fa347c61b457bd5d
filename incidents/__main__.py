"""``python -m incidents export|...``: see ``incidents.cli``."""

import sys

from incidents.cli import main

if __name__ == "__main__":
    sys.exit(main())
