"""The commands of `litellm-spend`, one module each, registered in cli.py.

A command is HELP (one line), a docstring (its --help text), add_arguments(parser) and
run(args) -> exit code. It reads its options, calls the libraries beside this package
(warehouse, queries, money, dates, reporting, invoices, exporting, scheduling, dashboard)
and prints. Commands import libraries, never each other; libraries never import commands.
"""
