#!/usr/bin/env bash
# Fetches the real-code corpus (Debian 12 source packages) into corpus/.
# Re-runnable and cached: the deb-src entry is written once, `apt-get update`
# runs once (stamp in bench/.cache/), and a package already unpacked under
# corpus/<pkg>/ is not downloaded again.  Needs root (or sudo) for the first
# two steps only.
#
#   bench/corpus/fetch.sh            # every package of bench/corpus/packages.txt
#   bench/corpus/fetch.sh tinyxml2   # just these
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIST="$ROOT/bench/corpus/packages.txt"
CORPUS=${CORPUS_DIR:-$ROOT/corpus}
CACHE="$ROOT/bench/.cache"
SRC_LIST=/etc/apt/sources.list.d/clang-escape-src.sources
mkdir -p "$CORPUS" "$CACHE"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

# 1. deb-src entry: same URIs/Suites/Components/Signed-By as debian.sources.
if [ ! -e "$SRC_LIST" ] && ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ \
   && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  base=/etc/apt/sources.list.d/debian.sources
  [ -r "$base" ] || { echo "fetch: $base not found" >&2; exit 1; }
  echo "fetch: writing $SRC_LIST" >&2
  sed -e 's/^Types:.*/Types: deb-src/' "$base" | $SUDO tee "$SRC_LIST" >/dev/null
  rm -f "$CACHE/apt-updated"
fi

# 2. apt-get update once.
if [ ! -e "$CACHE/apt-updated" ]; then
  $SUDO apt-get update -q
  touch "$CACHE/apt-updated"
fi

# Small build dependencies the corpus needs beyond the toolchain:
# dpkg-dev (apt-get source unpacks with dpkg-source), unicode-data for re2's
# generated tables (stripped from the +dfsg tarball).
need=()
for d in dpkg-dev xz-utils unicode-data perl python3 cmake ninja-build; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" || need+=("$d")
done
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# 3. apt-get source, one directory per package: corpus/<pkg>/<pkg>-<version>/.
if (($#)); then pkgs=("$@"); else
  mapfile -t pkgs < <(grep -v '^\s*#' "$LIST" | awk 'NF{print $1}')
fi
failed=()
for p in "${pkgs[@]}"; do
  if compgen -G "$CORPUS/$p/*/" >/dev/null; then
    echo "fetch: $p cached"; continue
  fi
  mkdir -p "$CORPUS/$p"
  if (cd "$CORPUS/$p" && apt-get source -q "$p" >fetch.log 2>&1); then
    echo "fetch: $p -> $(cd "$CORPUS/$p" && ls -d */ | head -1)"
  else
    mv "$CORPUS/$p/fetch.log" "$CACHE/fetch-$p.log" && rm -rf "$CORPUS/${p:?}"
    echo "fetch: apt-get source $p failed, see $CACHE/fetch-$p.log" >&2
    failed+=("$p")
  fi
done
((${#failed[@]} == 0)) || { echo "fetch: failed: ${failed[*]}" >&2; exit 1; }
