#!/usr/bin/env bash
# The whole test suite, on a fresh machine: installs what the tests need, builds once in Release,
# runs every test project, and ends with one line "N passed, N failed, N skipped" summed from the
# TRX result files. Exits non-zero when anything failed, when no test ran, or when a service process
# started by the tests is still running at the end (it is then listed and killed).
# Usage: bash tests/run.sh [dotnet test filter]
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
results="$PWD/TestResults"
# Inherited by every process the tests start, so that leftovers of this run (and only this run) are found.
run_id="run-$$-$started"
rm -rf "$results"

bash tests/tools/install-test-deps.sh

status=0
dotnet build Monitoring.sln -c Release -nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
    filter=()
    if [ $# -gt 0 ]; then filter=(--filter "$1"); fi
    # A hung test must not eat the CI budget: blame-hang dumps and ends it after 5 minutes.
    MONITORING_TEST_RUN="$run_id" dotnet test Monitoring.sln -c Release --no-build -nologo \
        --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" \
        --blame-hang-timeout 5m "${filter[@]}" || status=$?
fi

summary=0
python3 tests/tools/trx-summary.py "$results" || summary=$?
if ! bash tests/tools/leftover-processes.sh "$run_id" --kill; then
    echo "FAILED: the tests left service processes running (killed now)"
    summary=1
fi
echo "wall time: $(( $(date +%s) - started )) s"
if [ "$status" -ne 0 ] && [ "$summary" -eq 0 ]; then
    echo "dotnet build/test exited with $status"
    summary=$status
fi
exit "$summary"
