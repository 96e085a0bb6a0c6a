#!/usr/bin/env python3
"""Sums NUnit/VSTest TRX result files into one closing line: 'N passed, N failed, N skipped'.

Exit status: 0 when something ran and nothing failed; 1 otherwise (failures, or no test ran)."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def count(path):
    root = ET.parse(path).getroot()
    counters = root.find(f"{NS}ResultSummary/{NS}Counters")
    if counters is not None:
        get = lambda name: int(counters.get(name, "0"))
        passed = get("passed")
        failed = get("failed") + get("error") + get("timeout") + get("aborted")
        # The NUnit adapter leaves ignored tests out of notExecuted: they are total minus executed.
        skipped = max(get("notExecuted") + get("inconclusive"), get("total") - get("executed"))
        return passed, failed, skipped
    outcomes = [r.get("outcome", "") for r in root.iter(f"{NS}UnitTestResult")]
    passed = outcomes.count("Passed")
    failed = sum(outcomes.count(o) for o in ("Failed", "Error", "Timeout", "Aborted"))
    return passed, failed, len(outcomes) - passed - failed


def failures(path):
    root = ET.parse(path).getroot()
    return [r.get("testName", "?") for r in root.iter(f"{NS}UnitTestResult")
            if r.get("outcome", "") in ("Failed", "Error", "Timeout", "Aborted")]


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "TestResults")
    files = sorted(folder.rglob("*.trx")) if folder.exists() else []
    totals = [0, 0, 0]
    for trx in files:
        passed, failed, skipped = count(trx)
        print(f"{trx.name}: {passed} passed, {failed} failed, {skipped} skipped")
        for name in failures(trx):
            print(f"  FAILED {name}")
        totals = [totals[0] + passed, totals[1] + failed, totals[2] + skipped]
    passed, failed, skipped = totals
    if not files:
        print("no test result files were written")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0 if files and passed > 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
