# Sourced by Tensorshell's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is >= 21, else /usr/lib/jvm/temurin-25-jdk-amd64, else any JDK >= 21 under
# /usr/lib/jvm; otherwise a clear error.
tensorshell_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

tensorshell_pick_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(tensorshell_java_major "$candidate")
        if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            export PATH="$JAVA_HOME/bin:$PATH"
            return 0
        fi
    done
    echo "error: Tensorshell needs a JDK 21 or newer (javac), found none." >&2
    echo "       Set JAVA_HOME to one, or install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25." >&2
    return 1
}
