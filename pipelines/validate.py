"""`python -m pipelines.validate`: an alias of `python -m pipelines.cli.validate` (the command-line
tools live in `pipelines/cli/`); kept because contributors' docs and hooks name it."""

import sys

from pipelines.cli.validate import main

if __name__ == "__main__":
    sys.exit(main())
