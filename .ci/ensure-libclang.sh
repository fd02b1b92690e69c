#!/usr/bin/env bash
# Makes sure libclang (needed by bindgen when Oxigraph's RocksDB backend builds) is installed.
# Installs Debian/Ubuntu's libclang-dev with apt-get when it is missing and we may (root, or
# passwordless sudo); otherwise says exactly what to install. Idempotent.
set -euo pipefail

have_libclang() {
  local f
  # The names clang-sys (bindgen) looks for; libclang-cpp, which fresh machines may have, is
  # another library and does not count.
  for f in ${LIBCLANG_PATH:+"$LIBCLANG_PATH"/libclang*.so*} /usr/lib/llvm-*/lib/libclang.so* \
      /usr/lib/*/libclang-[0-9]*.so* /usr/lib/*/libclang.so* /usr/local/lib/libclang.so*; do
    [ -e "$f" ] && return 0
  done
  return 1
}

if have_libclang; then
  exit 0
fi
echo "libclang not found: it is needed to build the RocksDB store backend." >&2
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
  if [ "$SUDO" != none ]; then
    echo "Installing libclang-dev with apt-get ..." >&2
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libclang-dev >&2
    have_libclang && exit 0
  fi
  echo "Please run: sudo apt-get install -y libclang-dev" >&2
else
  echo "Please install libclang (Debian/Ubuntu: libclang-dev; Fedora: clang-devel; macOS: xcode-select --install)," >&2
  echo "or point LIBCLANG_PATH at the folder holding libclang.so." >&2
fi
exit 1
