#!/usr/bin/env bash
# Installs the real programs the tests run against (OpenSSH server and client, Debian's
# Chromium, PuTTY's tools, gnome-keyring and D-Bus, the proxies microsocks (SOCKS5) and
# tinyproxy (HTTP CONNECT), GnuPG (the other side of the OpenPGP tests), and the benchmark's
# ProFTPD, rclone and lftp), with apt-get, when any is missing.
set -euo pipefail

PACKAGES=(openssh-server openssh-client chromium putty-tools gnome-keyring dbus dbus-x11 libsecret-1-0 libsecret-tools fonts-dejavu-core procps attr proftpd-core proftpd-mod-crypto rclone lftp microsocks tinyproxy gnupg)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "Test dependencies: all present (${PACKAGES[*]})."
  exit 0
fi

echo "Test dependencies missing: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "This machine has no apt-get. Install the equivalents of: ${missing[*]}" >&2
  echo "(an OpenSSH server at /usr/sbin/sshd, ssh-keygen, Chromium at /usr/bin/chromium, puttygen, gnome-keyring, dbus-run-session, microsocks, tinyproxy, gpg)." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Installing needs root. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  echo "then run the tests again." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
