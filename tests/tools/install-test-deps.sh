#!/usr/bin/env bash
# What the tests need beyond the .NET SDK: Debian's Chromium for the browser tests (Playwright
# cannot download its own browser here), Debian's redis-server for the two-instance test, and npm for
# the dashboard's packages. Idempotent. A package that cannot be installed makes the tests that need it
# report themselves as not run (ignored), never as passed.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing Debian packages for the tests: ${missing[*]}"
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
            echo "Could not install ${missing[*]}: the browser and two-instance tests that need them will report themselves as not run." >&2
        fi
    else
        echo "Missing ${missing[*]} and this is not root: the tests that need them will report themselves as not run."
    fi
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: the dashboard's packages cannot be installed." >&2
    exit 1
fi
