#!/usr/bin/env bash
# Python-driven kernel tests through real Jupyter clients (Debian packages, /usr/bin/python3):
# jupyter_kernel_test conformance, the nbclient-executed tour notebook, interrupt, HMAC, robustness,
# the Fashion-MNIST notebook's rich outputs (nbconvert, and headless Chromium where installed).
#
#   kernel/run-python-tests.sh [test_module ...]
#
# Installs the kernel (install/install.sh, AOT cache included) into a temporary prefix and tests
# that installed kernel. Set TENSORSHELL_TEST_PREFIX to test an existing install prefix instead.
# Ends with "N passed, N failed, N skipped"; exits non-zero on any failure.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PY=/usr/bin/python3

missing=""
for mod in jupyter_client:python3-jupyter-client jupyter_kernel_test:python3-jupyter-kernel-test \
           nbclient:python3-nbclient nbformat:python3-nbformat; do
  "$PY" -c "import ${mod%%:*}" 2>/dev/null || missing="$missing ${mod#*:}"
done
if [ -n "$missing" ]; then
  echo "skipped: Debian package(s) missing:$missing (apt-get install -y$missing)"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

if [ -n "${TENSORSHELL_TEST_PREFIX:-}" ]; then
  PREFIX="$TENSORSHELL_TEST_PREFIX"
else
  PREFIX="$(mktemp -d /tmp/tensorshell-kernel-test.XXXXXX)"
  trap 'rm -rf "$PREFIX"' EXIT
  if ! "$ROOT/install/install.sh" --prefix "$PREFIX"; then
    echo "install/install.sh failed"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi
export JUPYTER_PATH="$PREFIX/share/jupyter"
export PYDEVD_DISABLE_FILE_VALIDATION=1
cd "$HERE/src/test/python" && "$PY" -X frozen_modules=off run_all.py "$@"
