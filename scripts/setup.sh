#!/usr/bin/env bash
# Installs the toolchain clang-escape builds against (Debian 12, as root).
# Idempotent: does nothing when everything is already there.
# `setup.sh --test` also installs what only the tests need: headless
# Chromium for the HTML report test (lit/tool/html.test; ~125 MB download)
# ccache (lit/tool/install.test builds the example through it), distcc
# (lit/tool/distcc.test builds it through a local distccd) and opt-viewer's
# Python modules (lit/e2e/opt-viewer.test), and GoogleMock's headers and
# libraries (lit/e2e/gmock-matcher.cpp).
set -euo pipefail
PKGS=(clang-22 llvm-22-dev libclang-22-dev llvm-22-tools clang-tools-22
      clang-tidy-22 lld-22 libclang-rt-22-dev libfmt-dev libgtest-dev cmake
      ninja-build g++ python3)
if [ "${1:-}" = --test ]; then
  PKGS+=(chromium ccache distcc python3-yaml python3-pygments libgmock-dev)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi
