# Sourced by ./mvnw, benchmarks/run and .ci/run: makes JAVA_HOME name a JDK 25 or stops.
# Patinox Memory builds with JDK 25. When JAVA_HOME does not name one, look for one among the
# installed JDKs (PATINOX_JDK_DIRS, default /usr/lib/jvm); when none is found, stop and say what
# to set rather than let the build fail later on an older Java.
patinox_java_feature() {
  # The JDK's release file names its version without starting a JVM.
  sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null || :
}
if [ "$(patinox_java_feature "${JAVA_HOME:-/nonexistent}")" != 25 ]; then
  patinox_found=""
  for patinox_dir in ${PATINOX_JDK_DIRS:-/usr/lib/jvm}; do
    for patinox_jdk in "$patinox_dir"/*; do
      if [ -x "$patinox_jdk/bin/javac" ] && [ "$(patinox_java_feature "$patinox_jdk")" = 25 ]; then
        patinox_found="$patinox_jdk"
        break 2
      fi
    done
  done
  if [ -z "$patinox_found" ]; then
    echo "Patinox Memory needs JDK 25, but JAVA_HOME is '${JAVA_HOME:-unset}' and no JDK 25 was found in ${PATINOX_JDK_DIRS:-/usr/lib/jvm}." >&2
    echo "Install a JDK 25 (for example Temurin 25) and set JAVA_HOME to it, or set PATINOX_JDK_DIRS to the folder that holds it." >&2
    exit 1
  fi
  [ "${MVNW_VERBOSE-}" != true ] || echo "JAVA_HOME '${JAVA_HOME:-unset}' is not a JDK 25; using $patinox_found" >&2
  JAVA_HOME="$patinox_found"
  export JAVA_HOME
fi
