"""`python -m recoverycli` runs the CLI."""

from recoverycli.cli.build import main

main()
