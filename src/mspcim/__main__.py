"""``python -m mspcim``: the command line, as the ``mspcim`` script runs it."""

from mspcim.cli import main

if __name__ == "__main__":
    main()
