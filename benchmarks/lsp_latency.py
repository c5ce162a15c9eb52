"""Latency and memory of `exportlint server`, driven over stdio by a real LSP client (pygls).

* **cold start**: from spawning `exportlint server` to the first diagnostics of the ~3,000-line
  model file (target: under 1 s), with the server's CPU time at that moment (a figure that
  does not grow when other processes load the machine, as wall time does);
* **latency**: the same file is then edited; each edit's time from the
  `didChange` leaving the client to the `publishDiagnostics` for that version arriving is
  measured, and the server's debounce subtracted (target: under 300 ms);
* **a long request beside the others**: a `source.fixAll` of the model file is resolved and,
  right after, a small file is opened: its diagnostics must not wait for the fix-all
  (`--no-fix-all` skips this part);
* **memory**: 1,000 edits (bursts of 10 keystrokes, then a pause for the diagnostics, a hover
  and a code-action request), with the server's resident set size sampled every 100 edits
  (target: flat), and the time of those code-action requests (the whole file's quick fixes,
  each candidate checked by a lint of what its fix can change).

The model file is the rule catalogue's `hazard_*` and `safe_*` models concatenated (classes
and functions renamed so that each stays distinct) until it has the wanted number of lines.

Usage::

    python benchmarks/lsp_latency.py                   # 3,000 lines, 40 timed edits, 1,000 edits
    python benchmarks/lsp_latency.py --lines 5000 --samples 100 --edits 2000 --json
    python benchmarks/lsp_latency.py --check           # exit 1 if a target is missed
    python benchmarks/lsp_latency.py --file path/to/model.py   # your own file instead

Linux only for the memory part (it reads /proc/<pid>/status).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))  # the checkout's exportlint, as the server runs it
LATENCY_TARGET = 0.300  # seconds, after the debounce
COLD_START_TARGET = 1.0  # seconds, spawn -> first diagnostics
MEMORY_TARGET = 10.0  # MiB of growth between the first and the last sample


def model_file(lines: int) -> str:
    """Catalogue models, renamed apart, concatenated to at least `lines` lines."""
    files = sorted(REPO_ROOT.glob("rules/*/hazard_*.py")) + sorted(
        REPO_ROOT.glob("rules/*/safe_*.py")
    )
    imports: set[str] = set()
    bodies: list[str] = []
    count = 0
    index = 0
    while count < lines:
        for path in files:
            body = []
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith(("import ", "from ")):
                    imports.add(line)
                else:
                    body.append(line)
            text = "\n".join(body)
            names = set(re.findall(r"^(?:class|def) (\w+)", text, re.M))
            for name in names:
                text = re.sub(rf"\b{name}\b", f"{name}_{index}", text)
            index += 1
            bodies.append(text)
            count += text.count("\n") + 3
            if count >= lines:
                break
    return "\n".join(sorted(imports)) + "\n\n\n" + "\n\n\n".join(bodies) + "\n"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class Driver:
    def __init__(self, debounce_ms: float) -> None:
        self.client = LanguageClient("lsp-latency", "1")
        self.arrived: dict[int | None, float] = {}
        self.counts: dict[int | None, int] = {}
        self.event = asyncio.Event()
        self.debounce_ms = debounce_ms
        self.uri = (REPO_ROOT / "benchmarks" / "_lsp_latency_model.py").as_uri()
        self.version = 0
        self.text = ""
        self.spawned = self.initialized = 0.0

        self.others: dict[str, float] = {}  # other documents: when their diagnostics came

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: types.PublishDiagnosticsParams) -> None:
            if params.uri != self.uri:
                self.others.setdefault(params.uri, time.perf_counter())
                self.event.set()
                return
            self.arrived[params.version] = time.perf_counter()
            self.counts[params.version] = len(params.diagnostics)
            self.event.set()

    async def start(self) -> int:
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
        await self.client.start_io(
            sys.executable, "-m", "exportlint", "server", env=env, cwd=str(REPO_ROOT)
        )
        self.spawned = time.perf_counter()
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(),
                root_uri=REPO_ROOT.as_uri(),
                initialization_options={"debounceMs": self.debounce_ms},
            )
        )
        self.initialized = time.perf_counter()
        self.client.initialized(types.InitializedParams())
        server = self.client._server  # the subprocess
        assert server is not None
        return server.pid

    async def wait_for(self, version: int, timeout: float = 60) -> float:
        deadline = time.perf_counter() + timeout
        while version not in self.arrived:
            self.event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for version {version}")
            try:
                await asyncio.wait_for(self.event.wait(), remaining)
            except asyncio.TimeoutError:
                continue
        return self.arrived[version]

    async def wait_other(self, uri: str, timeout: float = 600) -> float:
        deadline = time.perf_counter() + timeout
        while uri not in self.others:
            self.event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no diagnostics for {uri}")
            try:
                await asyncio.wait_for(self.event.wait(), remaining)
            except asyncio.TimeoutError:
                continue
        return self.others[uri]

    async def fix_all_beside_a_new_file(self) -> dict[str, Any]:
        """Resolve fix-all of the model file, open a small file right after: when do the small
        file's diagnostics come, and when the fix-all's answer?"""
        small = sorted(REPO_ROOT.glob("rules/EXL101-*/hazard_*.py"))[0].read_text(encoding="utf-8")
        small_uri = (REPO_ROOT / "benchmarks" / "_lsp_latency_small.py").as_uri()
        action = types.CodeAction(
            title="exportlint: apply all safe fixes",
            kind="source.fixAll.exportlint",
            data={"uri": self.uri, "version": self.version},
        )
        sent = time.perf_counter()
        answer = asyncio.wrap_future(self.client.code_action_resolve(action))
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(small_uri, "python", 1, small))
        )
        small_at = await self.wait_other(small_uri) - sent
        await asyncio.wait_for(answer, 1800)
        fix_all_at = time.perf_counter() - sent
        return {
            "fix_all_ms": round(fix_all_at * 1000, 1),
            "new_file_diagnostics_ms": round(small_at * 1000, 1),
            "new_file_first": small_at < fix_all_at,
        }

    def open(self, text: str) -> int:
        self.version = 1
        self.text = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(self.uri, "python", self.version, text)
            )
        )
        return self.version

    def type_char(self, line: int, char: str) -> tuple[int, float]:
        """Append `char` to a comment at the end of `line` (incremental change)."""
        lines = self.text.split("\n")
        column = len(lines[line])
        lines[line] += char
        self.text = "\n".join(lines)
        self.version += 1
        sent = time.perf_counter()
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=self.version, uri=self.uri),
                [
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            types.Position(line, column), types.Position(line, column)
                        ),
                        text=char,
                    )
                ],
            )
        )
        return self.version, sent

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


def comment_line(text: str) -> int:
    """A line in the middle of the file to type into: a blank line, turned into a comment."""
    lines = text.split("\n")
    middle = len(lines) // 2
    for offset in range(len(lines)):
        for candidate in (middle + offset, middle - offset):
            if 0 <= candidate < len(lines) and lines[candidate] == "":
                return candidate
    raise ValueError("no blank line")


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    text = Path(args.file).read_text(encoding="utf-8") if args.file else model_file(args.lines)
    line_count = text.count("\n")
    from exportlint.engine import lint_source

    lint_times = []
    for _ in range(3):
        started = time.perf_counter()
        found = lint_source(text, "model.py")
        lint_times.append(time.perf_counter() - started)

    driver = Driver(args.debounce_ms)
    spawning = time.perf_counter()
    pid = await driver.start()
    started = time.perf_counter()
    version = driver.open(text)
    arrived = await driver.wait_for(version)
    cold_cpu = cpu_seconds(pid)
    first = arrived - started
    cold = arrived - spawning
    initialize = driver.initialized - spawning
    line = comment_line(text)
    # Make the blank line a comment first, then type into it.
    version, _ = driver.type_char(line, "#")
    await driver.wait_for(version)

    latencies = []
    for _ in range(args.samples):
        await asyncio.sleep(0.05)
        version, sent = driver.type_char(line, "x")
        arrived = await driver.wait_for(version)
        latencies.append(arrived - sent - args.debounce_ms / 1000)

    samples: list[tuple[int, float]] = [(0, rss_mib(pid))]
    edits = 0
    # Code actions of the whole file after each burst: its quick fixes are built, each
    # candidate checked (`exportlint.candidates.CandidateCheck`), for that version.
    action_times: list[float] = []
    quick_fixes = 0
    while edits < args.edits:
        for _ in range(10):
            version, _ = driver.type_char(line, "y")
            edits += 1
            await asyncio.sleep(0.005)
        await driver.wait_for(version)
        position = types.Position(line, 1)
        await driver.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(driver.uri), position)
        )
        asked = time.perf_counter()
        actions = await driver.client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(driver.uri),
                types.Range(types.Position(0, 0), types.Position(line_count, 0)),
                types.CodeActionContext(diagnostics=[]),
            )
        )
        action_times.append(time.perf_counter() - asked)
        quick_fixes = sum(1 for a in actions or () if getattr(a, "kind", "") == "quickfix")
        if edits % 100 == 0:
            samples.append((edits, rss_mib(pid)))
    beside = None if args.no_fix_all else await driver.fix_all_beside_a_new_file()
    await driver.stop()

    latencies.sort()
    action_times.sort()
    growth = samples[-1][1] - samples[1][1] if len(samples) > 1 else 0.0
    return {
        "lines": line_count,
        "diagnostics": len(found),
        "lint_in_process_ms": round(min(lint_times) * 1000, 1),
        "debounce_ms": args.debounce_ms,
        "first_diagnostics_ms": round(first * 1000, 1),
        "cold_start_ms": round(cold * 1000, 1),
        "initialize_answered_ms": round(initialize * 1000, 1),
        "server_cpu_at_first_diagnostics_ms": round(cold_cpu * 1000, 1),
        "latency_ms": {
            "samples": len(latencies),
            "median": round(statistics.median(latencies) * 1000, 1),
            "p95": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
            "max": round(latencies[-1] * 1000, 1),
        },
        "code_actions_ms": {
            "samples": len(action_times),
            "median": round(statistics.median(action_times) * 1000, 1) if action_times else None,
            "max": round(action_times[-1] * 1000, 1) if action_times else None,
            "quick_fixes": quick_fixes,
        },
        "memory_mib": [(n, round(mib, 1)) for n, mib in samples],
        "memory_growth_mib": round(growth, 1),
        "fix_all_beside_a_new_file": beside,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=3000, help="model file size (lines)")
    parser.add_argument("--file", help="a Python file to use instead of the catalogue models")
    parser.add_argument("--samples", type=int, default=40, help="timed edits")
    parser.add_argument("--edits", type=int, default=1000, help="edits for the memory run")
    parser.add_argument("--debounce-ms", type=float, default=150, help="server debounce")
    parser.add_argument(
        "--no-fix-all", action="store_true", help="skip the fix-all beside a new file"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    result = asyncio.run(measure(args))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        latency = result["latency_ms"]
        print(
            f"model file: {result['lines']} lines, {result['diagnostics']} diagnostics; "
            f"lint in process {result['lint_in_process_ms']} ms"
        )
        print(
            f"cold start, spawn -> first diagnostics: {result['cold_start_ms']} ms "
            f"(initialize answered at {result['initialize_answered_ms']} ms; server CPU by "
            f"then {result['server_cpu_at_first_diagnostics_ms']} ms; "
            f"target < {COLD_START_TARGET * 1000:g} ms)"
        )
        print(f"first diagnostics after didOpen: {result['first_diagnostics_ms']} ms")
        print(
            f"change -> diagnostics, after the {result['debounce_ms']:g} ms debounce "
            f"({latency['samples']} edits): median {latency['median']} ms, "
            f"p95 {latency['p95']} ms, max {latency['max']} ms "
            f"(target < {LATENCY_TARGET * 1000:g} ms)"
        )
        series = ", ".join(f"{n}: {mib}" for n, mib in result["memory_mib"])
        print(f"server RSS (MiB) by edits: {series}")
        print(
            f"growth from edit 100 to {result['memory_mib'][-1][0]}: "
            f"{result['memory_growth_mib']} MiB (target < {MEMORY_TARGET:g} MiB)"
        )
        beside = result["fix_all_beside_a_new_file"]
        if beside is not None:
            print(
                f"fix-all of the model file: answered after {beside['fix_all_ms']} ms; a file "
                f"opened right after it had its diagnostics after "
                f"{beside['new_file_diagnostics_ms']} ms"
                + ("" if beside["new_file_first"] else " (AFTER the fix-all: starved)")
            )
    missed = (
        result["cold_start_ms"] > COLD_START_TARGET * 1000
        or result["latency_ms"]["p95"] > LATENCY_TARGET * 1000
        or result["memory_growth_mib"] > MEMORY_TARGET
        or (result["fix_all_beside_a_new_file"] or {}).get("new_file_first") is False
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
