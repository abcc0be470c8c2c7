"""``python -m storyfuse``: the same command line as the ``storyfuse`` script."""

from storyfuse.cli.main import main

if __name__ == "__main__":
    main()
