#!/usr/bin/env bash
# Installs what `npm run drill` and the alert rule tests of `npm test` need on a fresh Debian/Ubuntu machine, and nothing when it is
# already there: the PostgreSQL server, the barman-cloud tools (the same tools the Barman Cloud
# plugin runs in the cluster) with their S3 (boto3) and Azure Blob client libraries. The storage
# emulators (s3rver, Azurite) are npm devDependencies, installed by `npm ci`.
# Runs as root (CI); elsewhere it uses sudo when it has to install something.
set -euo pipefail

# Debian package -> a file that proves it is installed (dpkg -s is slow and locale-sensitive).
declare -A PROOF=(
    [postgresql]="/usr/lib/postgresql"
    [barman-cli-cloud]="/usr/bin/barman-cloud-backup"
    [python3-boto3]="/usr/lib/python3/dist-packages/boto3"
    # Debian ships the Azure Blob client only inside python3-azure-storage (with python3-azure).
    [python3-azure-storage]="/usr/lib/python3/dist-packages/azure/storage/blob"
    # promtool (npm test's alert rule tests) and the Prometheus server of the alerts drill.
    [prometheus]="/usr/bin/promtool"
    # The exporter the alerts drill scrapes PostgreSQL with, running CloudNativePG's metric queries.
    [prometheus-postgres-exporter]="/usr/bin/prometheus-postgres-exporter"
    # pgjdbc and a JDK that runs a single-file Java source, for the JDBC socket-timeout drill.
    [libpostgresql-jdbc-java]="/usr/share/java/postgresql.jar"
    [default-jdk-headless]="/usr/bin/javac"
    # The delay proxy of npm run bench:commit (standard library only; barman-cli-cloud needs it too).
    [python3]="/usr/bin/python3"
)

missing=()
for pkg in "${!PROOF[@]}"; do
    [ -e "${PROOF[$pkg]}" ] || missing+=("$pkg")
done
# A postgresql directory without a server binary (client only) does not count.
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" > /dev/null; then
    [[ " ${missing[*]} " == *" postgresql "* ]] || missing+=(postgresql)
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "drill dependencies present: $(ls -d /usr/lib/postgresql/*/bin/postgres | head -1), $(barman-cloud-backup --version 2>&1)"
    exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# No recommends: the drill starts its own servers, it needs no cluster from postgresql-common.
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# The Debian package creates and starts a default cluster on port 5432; the drill never uses it.
# Likewise the prometheus packages enable services (started only where an init system runs);
# the drill starts its own servers on 127.0.0.1.
echo "drill dependencies installed: $(barman-cloud-backup --version 2>&1)"
