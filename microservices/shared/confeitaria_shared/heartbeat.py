"""Container healthcheck of a worker: exit 0 when every loop beat in the last 30 s."""

from __future__ import annotations

import sys

from .worker import heartbeats_fresh

if __name__ == "__main__":
    sys.exit(0 if heartbeats_fresh() else 1)
