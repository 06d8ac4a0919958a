"""Stopping on SIGTERM as on Ctrl-C (installed by the command line for every command)."""

from __future__ import annotations

import ctypes
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def stop_on_terminate() -> None:
    """Make SIGTERM (``kill``, a service manager, a CI timeout, a container stopping) raise
    KeyboardInterrupt, as Ctrl-C does, so that cleanup runs: a build removes its scratch
    folder and stops its MkDocs processes, a preview removes its temporary site. Python's
    default for SIGTERM ends the process without running any of it. Only the main thread
    can set a signal handler; elsewhere this does nothing."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def die_with_parent() -> None:
    """For ``subprocess.Popen(preexec_fn=...)``: the child is killed when its parent dies,
    even by SIGKILL, which runs no cleanup (Linux; elsewhere nothing changes). A build's
    MkDocs processes otherwise ran on for seconds after the build was killed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
