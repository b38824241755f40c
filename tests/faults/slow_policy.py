"""The site's own screening policy, slowed down so that a test can stop a worker mid-batch."""

from __future__ import annotations

import os
import time

from moderation.screening.policy import SpamEnginePolicy


class SlowSpamEnginePolicy(SpamEnginePolicy):
    def decide(self, post):
        time.sleep(float(os.environ.get("COP_SLOW_SCREENING_SECONDS", "0.4")))
        return super().decide(post)
