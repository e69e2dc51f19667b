#!/usr/bin/env bash
# ParIndex's test command: installs the system packages the tests need when they are missing,
# builds the solution once and runs every test project. Usage: tests/run.sh [extra dotnet test args]
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests drive for real: a headless browser for the respondent/staff pages, PostgreSQL and Redis.
packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
# zbarimg decodes generated QR codes; aiosmtpd is the loopback SMTP server the e-mail tests send to.
command -v zbarimg >/dev/null 2>&1 || packages+=(zbar-tools)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || packages+=(python3-aiosmtpd)
# Real servers for the scale-out suite (tests/ParIndex.Web.Tests/ScaleOut): PostgreSQL and Redis on loopback.
{ command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || packages+=(postgresql)
command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
# The analytical report's PDF is checked with poppler (pdfinfo, pdftotext, pdftoppm renders a page to an image).
command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
# ReadmeCommandsTests stops the server it started the README way with SIGTERM to its process tree (pgrep, kill).
command -v pgrep >/dev/null 2>&1 || packages+=(procps)
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing: ${packages[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore ParIndex.sln
dotnet build ParIndex.sln -c Release --no-restore -nologo -clp:ErrorsOnly

log=$(mktemp)
status=0
dotnet test ParIndex.sln -c Release --no-build --nologo "$@" 2>&1 | tee "$log" || status=$?

# One plain summary line across the test projects, e.g. "Tests: 160 passed, 0 failed, 0 skipped".
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
