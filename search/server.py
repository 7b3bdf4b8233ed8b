"""Start and stop a child Meilisearch server on a free loopback port.

Used when MEILI_URL is unset (development, demo) and by the tests. Bound to 127.0.0.1, analytics off.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests


class MeiliBinaryNotFound(RuntimeError):
    pass


def find_binary(explicit: str | None, fallback: Path) -> str:
    """MEILI_BIN if given, else ``meilisearch`` on PATH, else the binary the set-up step installed."""
    for candidate in (explicit, shutil.which("meilisearch"), str(fallback)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise MeiliBinaryNotFound(
        "No Meilisearch binary: set MEILI_BIN, put meilisearch on PATH, or run scripts/setup"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class MeiliServer:
    binary: str
    data_dir: Path
    port: int = 0
    # Hex, not urlsafe: a key starting with "-" was read as an option (1 start in 64 failed).
    master_key: str = field(default_factory=lambda: secrets.token_hex(24))
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> MeiliServer:
        self.port = self.port or free_port()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.data_dir / "meilisearch.log", "ab")  # noqa: SIM115 - owned by the child
        self.process = subprocess.Popen(
            [
                self.binary,
                "--http-addr",
                f"127.0.0.1:{self.port}",
                "--no-analytics",
                "--env",
                "development",
                "--db-path",
                str(self.data_dir / "data.ms"),
                "--dump-dir",
                str(self.data_dir / "dumps"),
                "--snapshot-dir",
                str(self.data_dir / "snapshots"),
            ],
            # By environment, not argv: any local user can read a process's command line (ps, /proc).
            env={**os.environ, "MEILI_MASTER_KEY": self.master_key},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        self._wait_healthy(timeout)
        return self

    def _wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(
                    f"Meilisearch exited with {self.process.returncode}: {self._log_tail()}"
                )
            try:
                if requests.get(f"{self.url}/health", timeout=1).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"Meilisearch did not become healthy within {timeout} s: {self._log_tail()}"
        )

    def _log_tail(self) -> str:
        log = self.data_dir / "meilisearch.log"
        return log.read_text(errors="replace")[-800:] if log.exists() else "(no log)"

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
