#!/usr/bin/env bash
# The crash test, long run: starts the real server, drives concurrent submissions, SIGKILLs it at a random moment,
# restarts and checks every acknowledged submission; N trials (default 20). Usage: tests/crash/run.sh [N] [seed]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PARINDEX_CRASH_TRIALS="${1:-20}"
[ -n "${2:-}" ] && export PARINDEX_CRASH_SEED="$2"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build tests/ParIndex.Web.Tests -c Release -nologo -clp:ErrorsOnly
dotnet test tests/ParIndex.Web.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~Reliability.CrashTests" --logger "console;verbosity=detailed"
