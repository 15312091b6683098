# Sourced by Millrace's scripts: finds a JDK 25 or newer and exports JAVA_HOME and PATH.
# The machine's default `java` may be older (17 here), so it is not trusted blindly.

millrace_java_version() { # prints the major version of the JDK at $1, or nothing
  local release="$1/release"
  [[ -f "$release" ]] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
}

millrace_find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [[ -n "$candidate" && -x "$candidate/bin/javac" ]] || continue
    version=$(millrace_java_version "$candidate")
    if [[ -n "$version" && "$version" -ge 25 ]]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "millrace: no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm); install one, e.g. Temurin 25, or set JAVA_HOME" >&2
  return 1
}

# JDK 24+ warns about Truffle's native access and Unsafe use; these flags keep the output clean.
MILLRACE_JVM_FLAGS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dpolyglot.engine.WarnInterpreterOnly=false)
