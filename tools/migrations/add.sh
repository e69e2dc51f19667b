#!/usr/bin/env bash
# Adds one EF Core migration NAME for BOTH database providers, each in its own history:
#   SQLite     -> src/ParIndex.Web/Data/Migrations/Sqlite    (context ParIndexDbContext)
#   PostgreSQL -> src/ParIndex.Web/Data/Migrations/Postgres  (context PostgresParIndexDbContext)
# Usage:
#   tools/migrations/add.sh NAME                      add NAME to both providers
#   tools/migrations/add.sh --regenerate-postgres     delete every PostgreSQL migration and create one "Initial"
#                                                     from the current model (before the first PostgreSQL release,
#                                                     e.g. after merging branches that each added SQLite migrations)
# No database server is needed. tests/ParIndex.Web.Tests Data/MigrationsTests fails while either provider has
# model changes without a migration.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ $# -eq 1 ] || { sed -n '2,12p' "$0"; exit 2; }
dotnet tool restore >/dev/null
[ "$1" = "--regenerate-postgres" ] && rm -rf src/ParIndex.Web/Data/Migrations/Postgres
dotnet build src/ParIndex.Web -nologo -clp:ErrorsOnly >/dev/null

ef() { dotnet ef migrations add "$@" --project src/ParIndex.Web --no-build; }

if [ "$1" = "--regenerate-postgres" ]; then
  ef Initial --context PostgresParIndexDbContext --output-dir Data/Migrations/Postgres
  exit 0
fi

name="$1"
[[ "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]] || { echo "NAME must be PascalCase letters and digits, e.g. Scoring" >&2; exit 2; }
ef "$name" --context ParIndexDbContext --output-dir Data/Migrations/Sqlite
ef "$name" --context PostgresParIndexDbContext --output-dir Data/Migrations/Postgres
