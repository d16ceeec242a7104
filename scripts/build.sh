#!/usr/bin/env bash
# Configures and builds clang-escape into ${BUILD_DIR:-build}.
# ESCAPE_CMAKE_ARGS: more arguments for cmake, e.g. "-DESCAPE_WERROR=ON" or
# "-DLLVM_DIR=/opt/llvm-22/lib/cmake/llvm" (another build of LLVM 22).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_CXX_COMPILER=clang++-22 \
  -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} ${ESCAPE_CMAKE_ARGS:-} \
  >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
