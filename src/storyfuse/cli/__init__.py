"""The ``storyfuse`` command line (``storyfuse.cli.main:main``): one module per command group."""
