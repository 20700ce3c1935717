"""The run lock: a file held with flock, so two scheduled runs never overlap."""

from __future__ import annotations

import fcntl
import time
from pathlib import Path


def acquire_lock(path: Path, wait_seconds: float):
    """The open, locked file; None when another run still holds it after wait_seconds."""
    handle = open(path, "a+")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                return None
            time.sleep(1)


def release_lock(handle) -> None:
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()
