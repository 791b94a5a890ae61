"""`python -m reputation.cli`."""

from reputation.cli import main

main()
