#!/usr/bin/env bash
# Runs the benchmarks side by side with PyTorch (Debian's python3-torch) and prints ratios.
# Usage: bench/run.sh [core|autograd|train|display|monitor|all]   (default: all)
# Both sides run the OpenBLAS kernels the environment picks (the header says which). Where OPENBLAS_CORETYPE
# and OPENBLAS_L2_SIZE are set for older builds, `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bash bench/run.sh`
# lets each library pick its own kernels for this processor, for both sides alike.
set -euo pipefail
cd "$(dirname "$0")/.."
. install/jdk.sh
tensorshell_pick_jdk
mvn -B -q -ntp -pl bench -am install -DskipTests
mvn -B -q -ntp -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="bench/target/classes:$(cat bench/target/bench.classpath)"
run() {
    "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -XX:+ExplicitGCInvokesConcurrent -Xmx8g ${BENCH_JAVA_OPTS:-} -cp "$CP" "$@"
}
which="${1:-all}"
case "$which" in core|all) run org.tensorshell.bench.CoreBench ;; esac
case "$which" in autograd|all) echo; run org.tensorshell.bench.AutogradBench ;; esac
case "$which" in train|all) echo; run org.tensorshell.bench.TrainBench ;; esac
case "$which" in display|all) echo; run -Djava.awt.headless=true org.tensorshell.bench.GraphBench ;; esac
case "$which" in monitor|all) echo; run -Djava.awt.headless=true org.tensorshell.bench.MonitorBench ;; esac
