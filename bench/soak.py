"""make soak: proof of no flaky tests. The whole suite (ruff aside) runs --runs
times in a row on a quiet machine, then once more while two CPU hogs keep both
cores busy. Each run writes a JUnit report; the table gives each run's passed,
failed and seconds, then every test that failed at least once, with its count.
Writes bench/results/soak.json with every test's outcomes; exit 1 on any failure.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from bench.common import save, table

ROOT = Path(__file__).resolve().parents[1]
HOG = "import itertools\nfor _ in itertools.count(): pass"


def outcomes(junit: Path) -> dict[str, str]:
    """test id -> passed | failed | error | skipped."""
    result = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        name = f"{case.get('classname')}::{case.get('name')}"
        if case.find("failure") is not None:
            result[name] = "failed"
        elif case.find("error") is not None:
            result[name] = "error"
        elif case.find("skipped") is not None:
            result[name] = "skipped"
        else:
            result[name] = "passed"
    return result


def one_run(index: int, loaded: bool, folder: Path) -> tuple[dict[str, object], dict[str, str]]:
    junit = folder / f"run-{index}.xml"
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(2)] if loaded else []
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               f"--junitxml={junit}"], cwd=ROOT, capture_output=True, text=True)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    seconds = time.perf_counter() - start
    tests = outcomes(junit) if junit.exists() else {}
    counts = Counter(tests.values())
    row = {"run": index, "machine": "both cores busy (2 CPU hogs)" if loaded else "quiet",
           "tests": len(tests), "passed": counts["passed"], "failed": counts["failed"] + counts["error"],
           "skipped": counts["skipped"], "seconds": seconds, "exit_code": done.returncode}
    print(f"  run {index} ({row['machine']}): {row['passed']} passed, {row['failed']} failed "
          f"in {seconds:.0f} s", flush=True)
    if done.returncode and not row["failed"]:
        print(done.stdout[-3000:] + done.stderr[-2000:], flush=True)
    return row, tests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="quiet runs before the loaded one")
    args = parser.parse_args()
    rows, per_test = [], {}
    with tempfile.TemporaryDirectory() as folder:
        for index in range(1, args.runs + 2):
            row, tests = one_run(index, loaded=index > args.runs, folder=Path(folder))
            rows.append(row)
            for name, outcome in tests.items():
                per_test.setdefault(name, Counter())[outcome] += 1
    flaky = [{"test": name, "passed": c["passed"], "failed": c["failed"] + c["error"]}
             for name, c in sorted(per_test.items()) if c["failed"] or c["error"]]
    print(f"\nSoak: the whole suite {args.runs} times on a quiet machine, then once with both cores busy\n")
    print(table(rows, ["run", "machine", "tests", "passed", "failed", "skipped", "seconds", "exit_code"]))
    total = sum(r["failed"] for r in rows)
    print(f"\n{len(per_test)} tests x {len(rows)} runs: {total} failures")
    if flaky:
        print("\nTests that failed at least once\n")
        print(table(flaky, ["test", "passed", "failed"]))
    outcome = {name: dict(c) for name, c in sorted(per_test.items())}
    print(f"\nwrote {save('soak', {'runs': rows, 'failed_tests': flaky, 'per_test': outcome})}")
    if total or any(r["exit_code"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
