"""/healthz while the portal is busy: idle (the baseline) against a burst, in the same run.

    .venv/bin/python scripts/bench_healthz_load.py [--logins 40] [--rows 5000]

The portal runs in a CHILD process (this script with --serve: uvicorn, one process, loopback only)
against a fresh SQLite file and its own Meilisearch, as the other bench scripts do. Then:
  idle   /healthz asked 100 times, one after the other, 20 ms apart: p50/p95 (the baseline);
  burst  the same probe while --logins clients send a wrong password at once (each its own phone,
         all from 127.0.0.1) and staff upload a --rows spreadsheet (bench_import.workbook, 3% bad
         rows) on /staff/import; the probe runs until the last of them has answered.
Prints both, what the logins and the import answered, and whether the burst p95 is under 200 ms.
A slow /healthz during the burst means the event loop was held (a password hash or a spreadsheet
parsed on it). The whole run is bounded: every request times out after 60 s, the burst after 90 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
for _p in (str(ROOT), str(SCRIPTS)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from bench_import import workbook  # noqa: E402  (after the path is set)
from bench_load import pct  # noqa: E402
from bench_pages_server import serve, stop, wait_ready  # noqa: E402
from county import log  # noqa: E402

STAFF, PASSWORD, CODE = "13700000001", "bench-password-1", "91511323MA62Q3K4X6"
TARGET_MS = 200.0
TIMEOUT = 60.0


async def prepare(url: str) -> None:
    """Schema, reference data, one staff login and the verified employer the spreadsheet is for."""
    from portal.accounts.service import new_user
    from portal.db import make_engine, make_sessionmaker, upgrade
    from portal.models import Employer
    from portal.reference import load_reference

    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await load_reference(session)
            session.add(
                Employer(
                    name="蓬安县相如食品有限公司",
                    credit_code=CODE,
                    industry="制造",
                    township_code="511323101",
                    legal_rep="王建军",
                    contact_name="王丽",
                    contact_phone="13700000009",
                    status="verified",
                )
            )
            session.add(new_user(STAFF, PASSWORD, "staff", "工作站 王老师"))
            await session.commit()
    finally:
        await engine.dispose()


class HealthProbe:
    """Another client asking /healthz every 20 ms (each request waits for its answer)."""

    def __init__(self, base: str) -> None:
        import httpx

        self.client = httpx.Client(base_url=base, timeout=TIMEOUT)
        self.latencies: list[float] = []
        self.failed = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self, limit: int | None = None) -> None:
        while not self.done.is_set() and (limit is None or len(self.latencies) < limit):
            t0 = time.perf_counter()
            ok = self.client.get("/healthz").status_code == 200
            self.latencies.append((time.perf_counter() - t0) * 1000)
            self.failed += not ok
            self.done.wait(0.02)

    def stop(self) -> list[float]:
        self.done.set()
        self.thread.join()
        self.client.close()
        return self.latencies


def staff_client(base: str):
    import httpx

    client = httpx.Client(base_url=base, timeout=TIMEOUT)
    r = client.post("/api/v1/auth/login", json={"phone": STAFF, "password": PASSWORD})
    if r.status_code != 201:
        raise SystemExit(f"staff login failed: {r.status_code} {r.text[:300]}")
    client.headers["x-csrftoken"] = r.json()["csrf_token"]
    return client


def burst(base: str, logins: int, data: bytes) -> dict:
    """Wrong logins and one import at once; /healthz measured until all have answered."""
    import httpx

    staff = staff_client(base)
    answers: list[int] = []  # list.append is atomic across threads
    timings: dict[str, float] = {}
    gate = threading.Barrier(logins + 1)

    def wrong_login(i: int) -> None:
        with httpx.Client(base_url=base, timeout=TIMEOUT) as c:
            gate.wait()
            r = c.post(
                "/api/v1/auth/login",
                json={"phone": f"1370001{i:04d}", "password": "wrong-password"},
            )
            answers.append(r.status_code)

    def upload() -> None:
        gate.wait()
        t0 = time.perf_counter()
        r = staff.post(
            "/staff/import",
            data={"employer": CODE},
            files={"file": ("fair.xlsx", data, "application/octet-stream")},
        )
        timings["import_s"] = time.perf_counter() - t0
        timings["import_status"] = r.status_code

    probe = HealthProbe(base)
    probe.thread.start()
    time.sleep(0.2)
    threads = [threading.Thread(target=wrong_login, args=(i,), daemon=True) for i in range(logins)]
    threads.append(threading.Thread(target=upload, daemon=True))
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.1, 90 - (time.perf_counter() - t0)))
    wall = time.perf_counter() - t0
    lat = probe.stop()
    staff.close()
    return {
        "lat": lat,
        "failed": probe.failed,
        "logins": dict(Counter(answers)),
        "wall": wall,
        **timings,
    }


def idle(base: str, n: int = 100) -> list[float]:
    probe = HealthProbe(base)
    probe.run(limit=n)
    probe.client.close()
    return probe.latencies


def figures(label: str, lat: list[float]) -> str:
    return (
        f"{label:<6} /healthz n={len(lat):4d}  p50 {pct(lat, 50):8.1f} ms  p95 {pct(lat, 95):8.1f} ms  "
        f"max {max(lat):8.1f} ms"
    )


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--logins", type=int, default=40, help="concurrent wrong logins in the burst")
    ap.add_argument("--rows", type=int, default=5000, help="rows of the imported spreadsheet")
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.logins < 1 or args.rows < 1:
        ap.error("--logins and --rows must be positive")
    return args


def run(args: argparse.Namespace, tmp: Path) -> int:
    from bench_pages_db import index_reference

    from portal.settings import ROOT as PORTAL_ROOT
    from search.server import MeiliServer, find_binary, free_port

    url = f"sqlite+aiosqlite:///{tmp / 'portal.sqlite3'}"
    data, _expected = workbook(args.rows, 0.03)
    log(f"database {url}; spreadsheet {args.rows} rows, {len(data) // 1024} KiB")
    asyncio.run(prepare(url))
    meili = server = None
    try:
        meili = MeiliServer(
            find_binary(os.environ.get("MEILI_BIN"), PORTAL_ROOT / "var" / "bin" / "meilisearch"),
            tmp / "meili",
        ).start()
        asyncio.run(index_reference(url, meili.url, meili.master_key, "bench"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        settings = dict(
            database_url=url,
            secret_key="bench-secret-key-not-for-production",
            var_dir=str(tmp / "var"),
            meili_url=meili.url,
            meili_master_key=meili.master_key,
            meili_index_prefix="bench",
            warm_vocabulary=True,
            port=port,
            gc_log=str(tmp / "gc.json"),
        )
        server_log = tmp / "server.log"
        with open(server_log, "wb") as out:
            server = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--serve", json.dumps(settings)],
                cwd=str(ROOT),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_ready(base, server, server_log)
        staff = staff_client(base)  # the trade vocabulary is built (in a thread) before measuring
        staff.get("/api/v1/trades/classify", params={"text": "电焊"}).raise_for_status()
        staff.close()
        log("idle: 100 x /healthz")
        quiet = idle(base)
        log(f"burst: {args.logins} wrong logins + an import of {args.rows} rows")
        busy = burst(base, args.logins, data)
    finally:
        if server is not None:
            stop(server)
        if meili is not None:
            meili.stop()
    print(f"code: {ROOT}  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(figures("idle", quiet))
    print(figures("burst", busy["lat"]) + f"  (non-200: {busy['failed']})")
    print(
        f"burst: {busy['wall']:.1f} s; logins answered {busy['logins']}; import answered "
        f"{busy.get('import_status')} in {busy.get('import_s', float('nan')):.1f} s"
    )
    met = pct(busy["lat"], 95) < TARGET_MS
    print(
        f"target /healthz p95 < {TARGET_MS:.0f} ms during the burst: {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


def main() -> int:
    if "--serve" in sys.argv:  # the child: nothing else imported
        serve(sys.argv[sys.argv.index("--serve") + 1])
        return 0
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_healthz_") as tmp:
        return run(args, Path(tmp))


if __name__ == "__main__":
    sys.exit(main())
