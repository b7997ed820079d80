"""`python -m recoverycli` runs the CLI."""

from recoverycli.cli import main

main()
