#!/usr/bin/env bash
# The whole suite, in the order a failure is cheapest to find: lint, types, unit, integration
# (real sshd), build, end-to-end (Chromium through the web bridge against real sshd).
# Ends with one line "Tests: N passed, N failed, N skipped" over every test that ran.
set -uo pipefail
cd "$(dirname "$0")/.."

results=test-results
# Temporary files of this run in a folder of its own (readable by sshd's login user), so the
# check for left-over servers at the end sees this run's only.
run_tmp=$(mktemp -d /tmp/mailroom-run-XXXXXX)
chmod 755 "$run_tmp"
export TMPDIR="$run_tmp"
rm -rf "$results"
mkdir -p "$results"
started=$(date +%s)
failed_stage=""

stage() {
  local name=$1
  shift
  local stage_start=$(date +%s)
  echo
  echo "=== $name"
  if "$@"; then
    echo "=== $name: ok ($(( $(date +%s) - stage_start )) s)"
  else
    echo "=== $name: FAILED ($(( $(date +%s) - stage_start )) s)"
    failed_stage=${failed_stage:-$name}
  fi
}

stage "install test dependencies" bash scripts/install-test-deps.sh
[ -z "$failed_stage" ] || { echo "Cannot run the tests without their dependencies."; exit 1; }
stage "lint (eslint, prettier, import cycles)" npm run --silent lint
stage "typecheck" npm run --silent typecheck
stage "unit tests" npx vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results/unit.json"
# Integration and e2e tests use the real OS keychain: gnome-keyring in a private D-Bus session.
stage "integration tests (OpenSSH sshd, keychain)" bash scripts/with-keychain.sh npx vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results/integration.json"
stage "build (electron-vite)" npm run --silent build
stage "end-to-end tests (Chromium, web bridge, sshd, keychain)" bash scripts/with-keychain.sh npx playwright test

echo
node scripts/summarize-tests.mjs "$results" "$(( $(date +%s) - started ))"
summary=$?
leftover=$(pgrep -f "$run_tmp/mailroom-sshd-" || true)
rm -rf "$run_tmp"
if [ -n "$leftover" ]; then
  echo "A test left sshd processes behind: $leftover"
  failed_stage=${failed_stage:-"cleanup"}
fi
if [ -n "$failed_stage" ] || [ $summary -ne 0 ]; then
  echo "FAILED: ${failed_stage:-a test}"
  exit 1
fi
