"""The scheduled run's parts (`litellm-spend run`): the run lock, dbt in this process, and the
summary line read from dbt's results."""
