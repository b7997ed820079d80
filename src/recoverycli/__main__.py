"""`python -m recoverycli` runs the CLI."""

from .cli import main

main()
