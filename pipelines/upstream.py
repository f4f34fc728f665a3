"""`python -m pipelines.upstream`: an alias of `python -m pipelines.cli.upstream` (the command-line
tools live in `pipelines/cli/`); kept because contributors' docs and hooks name it."""

import sys

from pipelines.cli.upstream import main

if __name__ == "__main__":
    sys.exit(main())
