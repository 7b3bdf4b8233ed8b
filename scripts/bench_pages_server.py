"""The portal under test in its own process, and what is read off that process (memory, CPU, GC pauses).

scripts/bench_match_pages.py starts itself again with --serve, which calls serve() here, so the
server's memory and CPU time are its own and not the load generator's.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path


def serve(raw: str) -> None:
    """Child process: the portal under uvicorn, settings from JSON. Imports only what the portal needs."""
    import uvicorn

    from portal.app import create_app
    from portal.settings import Settings

    values = json.loads(raw)
    port, gc_log = values.pop("port"), values.pop("gc_log")
    settings = Settings(**{**values, "var_dir": Path(values["var_dir"])})
    pauses = watch_gc()
    # uvicorn re-raises the SIGTERM it shut down on once it is done; a no-op handler lets the log be written.
    signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        uvicorn.run(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
        )
    finally:
        Path(gc_log).write_text(json.dumps(pauses))


def watch_gc() -> list[tuple[float, int, float]]:
    """The server's garbage-collector pauses: (wall-clock start, generation, seconds). Diagnostics only:
    a callback per collection costs next to nothing."""
    import gc

    pauses: list[tuple[float, int, float]] = []
    started = [0.0, 0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0], started[1] = time.time(), time.perf_counter()
        else:
            pauses.append((started[0], info["generation"], time.perf_counter() - started[1]))

    gc.callbacks.append(callback)
    return pauses


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in kB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def proc_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Probe:
    """Another client asking for the home page every 0.1 s (each request waits for its answer)."""

    def __init__(self, base: str) -> None:
        import httpx

        self.client = httpx.Client(base_url=base, timeout=300.0)
        self.client.get("/")  # connected, first render done
        self.latencies: list[float] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.done.is_set():
            t0 = time.perf_counter()
            self.client.get("/")
            self.latencies.append((time.perf_counter() - t0) * 1000)
            self.done.wait(0.1)

    def stop(self) -> list[float]:
        self.done.set()
        self.thread.join()
        self.client.close()
        return self.latencies


def wait_ready(base: str, proc: subprocess.Popen, log_path: Path, timeout: float = 120.0) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(
                f"the server exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}"
            )
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"the server did not answer /healthz within {timeout} s")


def stop(server: subprocess.Popen) -> None:
    """SIGTERM: uvicorn shuts down gracefully (the child then writes its GC log)."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
