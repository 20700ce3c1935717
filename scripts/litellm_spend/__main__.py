"""`python -m litellm_spend ...` is `litellm-spend ...`."""

import sys

from litellm_spend.cli import main

sys.exit(main())
