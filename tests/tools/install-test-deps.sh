#!/usr/bin/env bash
# What the tests need beyond the .NET SDK: Debian's Chromium for the browser tests (Playwright
# cannot download its own browser here) and npm for the dashboard's packages. Idempotent.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing Debian chromium for browser tests..."
        # Without it the browser tests report themselves skipped; the rest of the suite still runs.
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; }; then
            echo "Could not install chromium: browser tests will report themselves as not run." >&2
        fi
    else
        echo "chromium is missing and this is not root: browser tests will report themselves as not run."
    fi
fi

# redis-server for the scale-out test (two instances sharing a SignalR backplane).
if ! command -v redis-server >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "Installing Debian redis-server for the scale-out test..."
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null; then
        echo "Could not install redis-server: the scale-out test will report itself as not run." >&2
    fi
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: the dashboard's packages cannot be installed." >&2
    exit 1
fi
