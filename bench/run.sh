#!/usr/bin/env bash
# Runs the benchmarks side by side with PyTorch (Debian's python3-torch) and prints ratios.
# Usage: bench/run.sh [core|all]   (default: core)
set -euo pipefail
cd "$(dirname "$0")/.."
. install/jdk.sh
tensorshell_pick_jdk
mvn -B -q -ntp -pl bench -am package -DskipTests
CP="bench/target/classes:$(mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile=/dev/stdout)"
exec "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
    -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -XX:+ExplicitGCInvokesConcurrent -Xmx8g -cp "$CP" org.tensorshell.bench.CoreBench "$@"
