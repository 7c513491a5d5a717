"""``python -m evalxl`` runs the command line."""

from evalxl.cli import main

main()
