#!/usr/bin/env bash
# Debian's Chromium for the workbench's browser tests (tests/test_web_browser.py drives it with
# Playwright through `executable_path`: no `playwright install`, no browser download).
#
#   scripts/install-chromium.sh          install Debian's chromium when none is found (apt-get,
#                                        non-interactive; root or sudo); else nothing
#   scripts/install-chromium.sh path     print the browser's path, or fail
#
# CLAIMGRAPH_CHROMIUM names another Chromium binary to use instead.
set -euo pipefail

find_chromium() {
  local candidate
  for candidate in "${CLAIMGRAPH_CHROMIUM:-}" "$(command -v chromium 2>/dev/null || true)" /usr/bin/chromium; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

install_chromium() {
  if find_chromium >/dev/null; then return 0; fi
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      echo "install-chromium: no Chromium here, and installing it needs root:" \
           "apt-get install chromium (or set CLAIMGRAPH_CHROMIUM)" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "install-chromium: no Chromium and no apt-get: install Chromium and set CLAIMGRAPH_CHROMIUM" >&2
    return 1
  fi
  echo "install-chromium: installing Debian's chromium (for the workbench's browser tests)" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  find_chromium >/dev/null
}

case "${1:-install}" in
  install) install_chromium ;;
  path) find_chromium ;;
  *) echo "usage: $0 [install|path]" >&2; exit 2 ;;
esac
