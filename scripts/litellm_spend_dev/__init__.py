"""Development tooling, apart from the operator's commands (litellm_spend): the synthetic
spend-log generator, the benchmark, a throwaway PostgreSQL and LiteLLM's migrations.
Each module runs as `python -m litellm_spend_dev.<module>`.
"""
