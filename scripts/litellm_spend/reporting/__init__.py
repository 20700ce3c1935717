"""LiteLLM's /global/spend/report from the published marts (`litellm-spend report`): the
branch the endpoint takes, the body's shape, and its JSON."""
