"""Load on the playground's server, on loopback only: `graphviz-grad serve` started here, asyncio
clients on keep-alive connections, every request and answer counted.

    python Tests/Load/load.py TOOL check        # the short, bounded runs scripts/test makes
    python Tests/Load/load.py TOOL table [SECONDS]  # the table scripts/bench prints

`check`: a short load at 8 connections; 200 connections at once against 2 workers (only 200s
and 503s, none dropped, memory bounded, and the server recovers). Clients retry a 503 after its
Retry-After, as the page does. `table`: requests/s and
p50/p99 latency for the branch and two-layer samples at 1, 8 and 64 connections, beside a loop
that runs one `graphviz-grad render` process per figure.
"""

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def sample(name):
    with open(os.path.join(ROOT, "samples", name + ".txt"), encoding="utf-8") as file:
        return file.read()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, tool, workers, extra=()):
        self.port = free_port()
        self.process = subprocess.Popen(
            [tool, "serve", "--port", str(self.port), "--workers", str(workers), *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit("load: the server did not start")

    def memory_mib(self):
        """The resident memory of the server and its workers, in MiB."""
        total = 0
        pids = [self.process.pid]
        for entry in os.listdir("/proc"):
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
        for pid in pids:
            try:
                for line in open(f"/proc/{pid}/status"):
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def request_bytes(source, path="/api/render"):
    body = json.dumps({"source": source, "format": "svg"}).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return head + body


async def read_response(reader):
    """One HTTP/1.1 response: its status and its Retry-After (seconds, or None)."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = 0
    retry_after = None
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        if name.lower() == "retry-after":
            retry_after = float(value)
    await reader.readexactly(length)
    return status, retry_after


async def client(port, payload, deadline, count, results):
    """One keep-alive connection sending requests one after another until `deadline` or
    `count` requests; each answer's status and latency is kept, a failure counted as dropped.
    A 503 is retried after its Retry-After, as the page does."""
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        results.append(("dropped", 0.0))
        return
    sent = 0
    try:
        while (count is None or sent < count) and (deadline is None or time.monotonic() < deadline):
            start = time.monotonic()
            writer.write(payload)
            await writer.drain()
            sent += 1
            status, retry_after = await asyncio.wait_for(read_response(reader), 60)
            results.append((status, time.monotonic() - start))
            if status == 503 and retry_after:
                await asyncio.sleep(retry_after)
    except (OSError, ConnectionError, asyncio.IncompleteReadError, asyncio.TimeoutError):
        results.append(("dropped", 0.0))
    finally:
        writer.close()


async def run_load(port, payload, connections, seconds=None, count=None):
    results = []
    deadline = time.monotonic() + seconds if seconds else None
    start = time.monotonic()
    await asyncio.gather(*(client(port, payload, deadline, count, results)
                           for _ in range(connections)))
    return results, time.monotonic() - start


def summary(results, elapsed):
    ok = [latency for status, latency in results if status == 200]
    ok.sort()
    def quantile(q):
        return ok[min(len(ok) - 1, int(q * len(ok)))] * 1000 if ok else float("nan")
    return {"requests": len(results), "ok": len(ok), "per_second": len(ok) / elapsed,
            "p50_ms": quantile(0.50), "p99_ms": quantile(0.99),
            "statuses": sorted({str(s) for s, _ in results})}


def process_loop(tool, source, seconds):
    """Figures per second of a loop running one `graphviz-grad render` per figure."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "file.txt")
        with open(path, "w", encoding="utf-8") as file:
            file.write(source)
        figures = 0
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            subprocess.run([tool, "render", path, "-o", os.path.join(folder, "out.svg")],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            figures += 1
        return figures / (time.monotonic() - start)


failures = []


def check(name, condition, detail=""):
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def quick_check(tool):
    branch = request_bytes(sample("branch"))
    server = Server(tool, workers=2)
    try:
        results, elapsed = asyncio.run(run_load(server.port, branch, 8, seconds=2))
        stats = summary(results, elapsed)
        print(f"load: branch at 8 connections for 2 s: {stats['per_second']:.0f} figures/s, "
              f"p50 {stats['p50_ms']:.0f} ms, p99 {stats['p99_ms']:.0f} ms")
        check("load: every request answered 200", stats["statuses"] == ["200"], stats["statuses"])
        base = server.memory_mib()
        # 200 connections at once, 3 requests each, against 2 workers and a queue of 8.
        results, elapsed = asyncio.run(run_load(server.port, branch, 200, count=3))
        statuses = {str(s) for s, _ in results}
        answered = sum(1 for s, _ in results if s != "dropped")
        print(f"load: 200 connections × 3 requests: {answered} answered in {elapsed:.1f} s, "
              f"statuses {sorted(statuses)}, memory {base:.0f} → {server.memory_mib():.0f} MiB")
        check("overload: only 200s and 503s", statuses <= {"200", "503"}, statuses)
        check("overload: none dropped", answered == 600, answered)
        check("overload: some refused with 503, some served", statuses == {"200", "503"}, statuses)
        check("overload: memory bounded (under 1 GiB for the server and its workers)",
              server.memory_mib() < 1024, server.memory_mib())
        results, _ = asyncio.run(run_load(server.port, branch, 2, count=3))
        check("overload: the server recovers", {s for s, _ in results} == {200}, results)
    finally:
        server.stop()
    sys.exit(1 if failures else 0)


def table(tool, seconds):
    rows = []
    for name in ["branch", "two-layer"]:
        source = sample(name)
        loop = process_loop(tool, source, seconds)
        rows.append(f"| {name} | process per figure (a loop) | 1 | {loop:.1f} | | | 1.00× |")
        server = Server(tool, workers=os.cpu_count() or 2)
        try:
            payload = request_bytes(source)
            asyncio.run(run_load(server.port, payload, 2, count=3))  # the workers started
            for connections in [1, 8, 64]:
                results, elapsed = asyncio.run(run_load(server.port, payload, connections, seconds=seconds))
                stats = summary(results, elapsed)
                rows.append(
                    f"| {name} | serve, {os.cpu_count()} workers | {connections} | "
                    f"{stats['per_second']:.1f} | {stats['p50_ms']:.0f} | {stats['p99_ms']:.0f} | "
                    f"{stats['per_second'] / loop:.2f}× |"
                    + ("" if stats["statuses"] == ["200"] else f" statuses {stats['statuses']}"))
        finally:
            server.stop()
    print("| sample | how | connections | figures/s | p50 ms | p99 ms | vs the loop |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    tool = os.path.abspath(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else "check"
    if mode == "check":
        quick_check(tool)
    else:
        table(tool, float(sys.argv[3]) if len(sys.argv) > 3 else 5)
