#!/usr/bin/env bash
# Installs missing Debian packages, then configures and builds ogi into build/.
#
# The build is profile-guided (GCC): an instrumented `ogi` (build/pgo-train/) first extracts the
# bundled reports, and build/ is compiled with that profile. This makes batch extraction about
# 10% faster (bench/README.md) for one extra build of the CLI. OGI_PGO=0 builds without.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
if [[ ${OGI_PGO:-1} != 0 ]]; then
  train=$root/build/pgo-train
  profile=$root/build/pgo-profile
  cmake -S "$root" -B "$train" -DCMAKE_BUILD_TYPE=Release -DOGI_BUILD_TESTS=OFF -DOGI_BUILD_BENCH=OFF \
    -DOGI_PGO_GENERATE="$profile" >/dev/null
  cmake --build "$train" -j "$(nproc)" --target ogi >/dev/null
  # Trained again when the instrumented binary changed, into a fresh profile (counts of an older
  # build would not match its code); the stamp makes build/ recompile with it (CMakeLists.txt).
  if [[ ! -f $profile/stamp || $train/ogi -nt $profile/stamp ]]; then
    rm -rf "$profile"
    for _ in 1 2 3; do
      "$train/ogi" extract --jobs 1 --no-progress "$root"/data/samples/* >/dev/null
    done
    touch "$profile/stamp"
  fi
  pgo=(-DOGI_PGO_USE="$profile")
else
  pgo=(-DOGI_PGO_USE=)
fi
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release "${pgo[@]}" >/dev/null
cmake --build "$root/build" -j "$(nproc)" "$@"
