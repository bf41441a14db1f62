#!/usr/bin/env bash
# Installs what building ogi needs, and only that, on Debian 12.
# Why valijson is special: Debian's libvalijson-dev depends on Qt5, Poco, MariaDB and other
# headers for adapters we never use (~300 MB). It is header-only, so we unpack just that one
# package's headers into .deps/ inside the checkout instead of installing its dependencies.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(g++ cmake make pkg-config libicu-dev libre2-dev nlohmann-json3-dev libcli11-dev
          libgumbo-dev libpoppler-cpp-dev libzip-dev libpugixml-dev libmimalloc-dev
          libgtest-dev libgmock-dev libbenchmark-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: missing ${missing[*]} and no apt-get here; install them by hand" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -f /usr/include/valijson/validator.hpp ] && [ ! -f "$root/.deps/usr/include/valijson/validator.hpp" ]; then
  echo "install-deps: unpacking valijson headers into .deps/" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if ! (cd "$tmp" && apt-get download libvalijson-dev >/dev/null 2>&1); then
    "${sudo_cmd[@]}" apt-get update -qq
    (cd "$tmp" && apt-get download libvalijson-dev >/dev/null 2>&1)
  fi
  mkdir -p "$root/.deps"
  dpkg-deb -x "$tmp"/libvalijson-dev_*.deb "$root/.deps"
fi
