"""litellm-spend: the operator's commands for the LiteLLM spend dbt project.

- cli.py        the parser: dispatches to one module per command in commands/
- commands/     run, summary, report, invoice, export, dashboard: options in, text out
- warehouse/    what every command shares: settings, connections, layer schemas, the
                published time zone, the shared options
- queries.py    the SQL the commands run, one file per query in sql/
- money.py      money as text; dates.py: dates given on the command line
- reporting/, invoices.py, exporting/, scheduling/, dashboard/: what each command does

Commands import libraries, never each other; libraries never import commands.
"""
