"""``python -m pos_profile`` and the frozen bundle's entry point."""

import sys

from pos_profile.cli import main

if __name__ == "__main__":
    sys.exit(main())
