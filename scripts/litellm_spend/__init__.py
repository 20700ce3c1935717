"""litellm-spend: the operator's commands for the LiteLLM spend dbt project.

One module per command (scheduled_run, summary, ...), registered in cli.py;
connection settings come from settings.py only.
"""
