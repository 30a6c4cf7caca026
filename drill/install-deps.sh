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

# The major-upgrade drill needs a second, older PostgreSQL major whose data directory the newest
# one's pg_upgrade reads. Debian bookworm ships PostgreSQL 15 only; its previous release
# (bullseye) ships 13, installable next to it (its libraries have other sonames). The bullseye
# source is pinned to priority 100, so it never replaces a bookworm package and is used only for
# what bookworm does not have.
OLD_MAJOR=13
OLD_MAJOR_SOURCE=/etc/apt/sources.list.d/fhir-ha-drill-bullseye.sources
OLD_MAJOR_PIN=/etc/apt/preferences.d/fhir-ha-drill-bullseye
# Elsewhere (or with two majors already installed) nothing is added; the drill names what it lacks.
majors=$(compgen -G "/usr/lib/postgresql/*/bin/postgres" | wc -l || true)
if [ "$majors" -lt 2 ] && grep -qs '^12' /etc/debian_version; then
    PROOF[postgresql-${OLD_MAJOR}]="/usr/lib/postgresql/${OLD_MAJOR}/bin/pg_ctl"
fi

missing=()
for pkg in "${!PROOF[@]}"; do
    [ -e "${PROOF[$pkg]}" ] || missing+=("$pkg")
done
# A postgresql directory without a server binary (client only) does not count.
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" > /dev/null; then
    [[ " ${missing[*]} " == *" postgresql "* ]] || missing+=(postgresql)
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "drill dependencies present: $(ls -d /usr/lib/postgresql/*/bin/postgres | tail -1), $(barman-cloud-backup --version 2>&1)"
    exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if [[ " ${missing[*]} " == *" postgresql-${OLD_MAJOR} "* ]] && [ ! -e "$OLD_MAJOR_SOURCE" ]; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bullseye\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' | $SUDO tee "$OLD_MAJOR_SOURCE" > /dev/null
    printf 'Package: *\nPin: release n=bullseye\nPin-Priority: 100\n' | $SUDO tee "$OLD_MAJOR_PIN" > /dev/null
fi
$SUDO apt-get update -q
# No recommends: the drill starts its own servers, it needs no cluster from postgresql-common.
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
# The Debian package creates and starts a default cluster on port 5432; the drill never uses it.
# Likewise the prometheus packages enable services (started only where an init system runs);
# the drill starts its own servers on 127.0.0.1.
echo "drill dependencies installed: $(barman-cloud-backup --version 2>&1)"
