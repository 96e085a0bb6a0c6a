#!/usr/bin/env bash
# Lists the service processes (the API, the benchmark, redis-server) that a test run left behind,
# recognised by the run's marker in their environment. Waits a few seconds for ones still exiting.
# Usage: leftover-processes.sh RUN_ID [--kill]; exit 1 when any is left.
set -uo pipefail
run_id="$1"
list() {
    for proc in /proc/[0-9]*; do
        { tr '\0' '\n' < "$proc/environ"; } 2>/dev/null | grep -qx "MONITORING_TEST_RUN=$run_id" || continue
        cmd=$({ tr '\0' ' ' < "$proc/cmdline"; } 2>/dev/null)
        case "$cmd" in
            *Monitoring.Api.dll*|*Monitoring.Api\ *|*Monitoring.Benchmark.dll*|*redis-server*) echo "${proc#/proc/} $cmd" ;;
        esac
    done
}
for _ in $(seq 1 25); do
    left=$(list)
    [ -z "$left" ] && exit 0
    sleep 0.2
done
echo "processes left running by the test run:"
echo "$left"
if [ "${2:-}" = "--kill" ]; then
    echo "$left" | while read -r pid _; do kill -9 "$pid" 2>/dev/null || true; done
fi
exit 1
