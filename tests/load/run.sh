#!/usr/bin/env bash
# The load benchmark: tests/load/run.sh [--provider sqlite|postgres] [--clients N] [--seconds S] [--warmup W] [--runs R] [--tokens T] [--group CODE] [--rate R] [--timeline] [--pg-setting name=value ...]
# Defaults: sqlite, 500 clients, 60 s measured after 5 s of warm-up, 1 run. Builds Release, starts the real
# server on a fresh database (PostgreSQL: a temporary cluster of its own on loopback), rate limits off, and
# prints throughput, p50/p95/p99, errors, the count check against the database and the ratio to a plain
# Kestrel endpoint driven the same way. Exit code 1 when an acknowledged submission is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/load/ParIndex.Load -c Release -nologo -clp:ErrorsOnly >/dev/null
exec dotnet tests/load/ParIndex.Load/bin/Release/net10.0/ParIndex.Load.dll "$@"
