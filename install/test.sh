#!/usr/bin/env bash
# The test command: builds every module and runs all test tiers (unit, backend/differential against
# PyTorch, kernel and notebook tests through real Jupyter clients where those are installed).
set -euo pipefail
cd "$(dirname "$0")/.."
. install/jdk.sh
tensorshell_pick_jdk
echo "Using JDK at $JAVA_HOME"
mvn -B -ntp verify
# The kernel through Jupyter's own clients: conformance suite, notebooks, interrupt, security, robustness.
bash kernel/run-python-tests.sh
