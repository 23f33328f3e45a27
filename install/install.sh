#!/usr/bin/env bash
# Registers the Tensorshell Jupyter kernel (kernelspec "tensorshell", "Java (Tensorshell)").
#
#   install/install.sh                 # into the user's Jupyter data dir
#   install/install.sh --prefix P      # into P/share/jupyter/kernels/tensorshell
#   install/install.sh --uninstall [--prefix P]
#
# Options: --user (default), --prefix P, --uninstall, --rebuild (force mvn package),
#          --no-aot (skip the class-data/AOT cache).
# The kernel's jars are copied next to kernel.json, so the kernelspec does not depend on this
# checkout's target/ folder. kernel.json starts exactly one JVM (no launcher script or second JVM).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=tensorshell
prefix=""
uninstall=0
rebuild=0
aot=1

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --user) prefix="" ;;
    --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix="$2"; shift ;;
    --prefix=*) prefix="${1#--prefix=}" ;;
    --uninstall) uninstall=1 ;;
    --rebuild) rebuild=1 ;;
    --no-aot) aot=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

if [ -n "$prefix" ]; then
  mkdir -p "$prefix"
  KDIR="$(cd "$prefix" && pwd)/share/jupyter/kernels/$NAME"
else
  KDIR="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels/$NAME"
fi

if [ "$uninstall" = 1 ]; then
  if [ -d "$KDIR" ]; then rm -rf "$KDIR"; echo "Removed kernelspec $NAME from $KDIR"; else echo "No kernelspec at $KDIR"; fi
  exit 0
fi

# --- a JDK >= 21 (the same choice as the other scripts: install/jdk.sh) ----------------------------
. "$ROOT/install/jdk.sh"
tensorshell_pick_jdk || die "no JDK 21 or newer found (JShell needs a full JDK): set JAVA_HOME to one"
JDK="$JAVA_HOME"
JAVA="$JDK/bin/java"
FEATURE="$(tensorshell_java_major "$JDK")"
FEATURE="${FEATURE%%.*}"

# --- build only what is missing or stale -----------------------------------------------------------
JAR="$(ls "$ROOT"/kernel/target/kernel-*.jar 2>/dev/null | grep -v -- '-sources\|-tests' | head -1 || true)"
stale=0
if [ -z "$JAR" ] || [ ! -d "$ROOT/kernel/target/lib" ]; then
  stale=1
elif [ -n "$(find "$ROOT"/pom.xml "$ROOT"/*/pom.xml "$ROOT"/*/src/main -newer "$JAR" -type f 2>/dev/null | head -1)" ]; then
  stale=1
fi
if [ "$rebuild" = 1 ] || [ "$stale" = 1 ]; then
  command -v mvn >/dev/null || die "Maven (mvn) is needed to build the kernel"
  echo "Building the kernel (mvn package)..."
  (cd "$ROOT" && JAVA_HOME="$JDK" mvn -q -pl kernel -am package -DskipTests)
  JAR="$(ls "$ROOT"/kernel/target/kernel-*.jar | grep -v -- '-sources\|-tests' | head -1)"
fi

# --- copy the runtime class path -------------------------------------------------------------------
rm -rf "$KDIR"
mkdir -p "$KDIR/lib"
cp "$ROOT"/kernel/target/lib/*.jar "$KDIR/lib/"
cp "$JAR" "$KDIR/lib/"
CP="$(ls "$KDIR"/lib/*.jar | LC_ALL=C sort | paste -sd: -)"

# The JVM flags every Tensorshell process needs live in one place: the parent pom.
FLAGS="$(sed -n 's:.*<tensorshell.jvmFlags>\(.*\)</tensorshell.jvmFlags>.*:\1:p' "$ROOT/pom.xml")"
[ -n "$FLAGS" ] || die "tensorshell.jvmFlags not found in $ROOT/pom.xml"
KFLAGS="$(sed -n 's:.*<tensorshell.kernelFlags>\(.*\)</tensorshell.kernelFlags>.*:\1:p' "$ROOT/pom.xml")"
[ -n "$KFLAGS" ] || die "tensorshell.kernelFlags not found in $ROOT/pom.xml"
# shellcheck disable=SC2206
FLAG_ARRAY=($FLAGS $KFLAGS)

# --- class-data / AOT cache: recorded from a training run of the kernel itself -----------------------
CACHE_FLAG=""
if [ "$aot" = 1 ]; then
  if [ "$FEATURE" -ge 25 ]; then
    rec="-XX:AOTCacheOutput=$KDIR/tensorshell.aot"; use="-XX:AOTCache=$KDIR/tensorshell.aot"; file="$KDIR/tensorshell.aot"
  else
    rec="-XX:ArchiveClassesAtExit=$KDIR/tensorshell.jsa"; use="-XX:SharedArchiveFile=$KDIR/tensorshell.jsa"; file="$KDIR/tensorshell.jsa"
  fi
  echo "Recording the JDK's class-data/AOT cache (training run)..."
  if "$JAVA" "${FLAG_ARRAY[@]}" "$rec" -cp "$CP" org.tensorshell.kernel.Main --train >"$KDIR/training.log" 2>&1 && [ -f "$file" ]; then
    CACHE_FLAG="$use"
    echo "  cache: $file ($(du -h "$file" | cut -f1))"
  else
    echo "  no cache (the kernel still works, it starts slower); see $KDIR/training.log" >&2
  fi
fi

# --- kernel.json -----------------------------------------------------------------------------------
ARGV=("$JAVA" "${FLAG_ARRAY[@]}")
[ -n "$CACHE_FLAG" ] && ARGV+=("$CACHE_FLAG")
ARGV+=("-cp" "$CP" "org.tensorshell.kernel.Main" "{connection_file}")

python_json_list() {
  local first=1 a
  printf '['
  for a in "$@"; do
    [ $first = 1 ] || printf ', '
    first=0
    a="${a//\\/\\\\}"; a="${a//\"/\\\"}"
    printf '"%s"' "$a"
  done
  printf ']'
}

cat > "$KDIR/kernel.json" <<JSON
{
  "argv": $(python_json_list "${ARGV[@]}"),
  "display_name": "Java (Tensorshell)",
  "language": "java",
  "interrupt_mode": "message",
  "metadata": {"debugger": false}
}
JSON
echo "Installed kernelspec $NAME in $KDIR (Java $FEATURE from $JDK)"
