#!/usr/bin/env bash
# Runs a command with a real OS keychain on Linux: a private D-Bus session with gnome-keyring's
# Secret Service, unlocked with a throwaway password, in throwaway folders. Stops the daemon after.
# Usage: scripts/with-keychain.sh <command> [args...]
set -euo pipefail

if [ "${MAILROOM_KEYCHAIN_READY:-}" = 1 ]; then exec "$@"; fi
if [ "$(uname)" != Linux ]; then exec "$@"; fi  # macOS and Windows have their keychain already.
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keychain: dbus-run-session and gnome-keyring-daemon are needed (run: npm run test:deps)" >&2
  exit 1
fi

if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ "${1:-}" != --inside ]; then
  exec dbus-run-session -- "$0" --inside "$@"
fi
shift

scratch=$(mktemp -d /tmp/mailroom-keychain-XXXXXX)
chmod 700 "$scratch"
mkdir -p "$scratch/data" "$scratch/runtime"
chmod 700 "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"

# --unlock reads the login keyring's password from stdin; without it the daemon wants a prompt.
printf 'mailroom-test-keyring' | gnome-keyring-daemon --foreground --unlock --components=secrets >"$scratch/daemon.log" 2>&1 &
daemon=$!
cleanup() {
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.05
done

export MAILROOM_KEYCHAIN_READY=1
"$@"
