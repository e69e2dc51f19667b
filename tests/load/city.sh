#!/usr/bin/env bash
# The city-scale run (docs/benchmarks.md § City-scale run): tests/load/city.sh [--small] [--runs N] [--rate R] [--dashboards D]
#   [--letters L] [--emails E] [--responses N]
# Builds a city-scale round from nothing on the real server (fresh SQLite database, real SMTP on loopback through
# python3-aiosmtpd, headless Chromium for the letters) — every Sở-level unit and the 126 xã/phường, seven groups, about
# 150,000 sampled members — and times each step of a year against its target: frame import, draw, issuing links, the
# link list, 10,000 letters as PDF, a 10,000-message e-mail campaign, 100,000 responses through the API with 100 SignalR
# dashboards watching, scoring, exports. Prints a Markdown table with the load average after each run; exit code 1 when
# a count check fails (letters, messages, acknowledged responses). --small: the short mode the test suite runs (< 1 min).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v chromium >/dev/null || apt-get install -y chromium >/dev/null
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || apt-get install -y python3-aiosmtpd >/dev/null
dotnet build tests/load/ParIndex.Load -c Release -nologo -clp:ErrorsOnly >/dev/null
exec dotnet tests/load/ParIndex.Load/bin/Release/net10.0/ParIndex.Load.dll --city "$@"
