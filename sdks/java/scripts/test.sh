#!/usr/bin/env bash
# Builds and tests the Java SDK on JDK 17 (its baseline) and JDK 25 at once: each JDK runs its own
# offline Maven build (`mvn -o verify`) in its own build directory (target/jdk17, target/jdk25) with
# its own OiChat server, so the two cannot disturb each other. Their logs are printed whole, one
# after the other, then one summary line. Exit status: non-zero if either fails.
#
#   OICHAT_JDK17, OICHAT_JDK25   JDK homes (defaults: the machine's)
#   OICHAT_NODE                  a Node >= 22 for the server (default: the one scripts/node24.sh provides)
#   OICHAT_TEST_POSTGRES_URL     when set (as .ci/run sets it), the JDK 25 run's servers are on that
#                                PostgreSQL server (a database of their own each), the JDK 17 run's on
#                                SQLite, so both stores are tested through the SDK
#   OICHAT_JAVA_TEST_POSTGRES_URL  PostgreSQL for both runs instead
set -uo pipefail
sdk="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$sdk/../.." && pwd)"
start=$(date +%s)

if [ -z "${OICHAT_NODE:-}" ]; then
  . "$root/scripts/node24.sh"
  OICHAT_NODE="$(command -v node)"
fi
export OICHAT_NODE
if [ ! -f "$root/packages/server/dist/cli/main.js" ]; then
  (cd "$root" && npm run build -w @oichat/server) || exit 1
fi
command -v mvn >/dev/null 2>&1 || { echo "java-sdk: mvn is not installed (apt-get install maven)"; exit 1; }

jdk17="${OICHAT_JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
jdk25="${OICHAT_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -x "$jdk17/bin/java" ] || { echo "java-sdk: no JDK 17 at $jdk17 (set OICHAT_JDK17)"; exit 1; }

runs=(17)
if [ -x "$jdk25/bin/java" ]; then runs+=(25); else echo "java-sdk: SKIPPING the JDK 25 run: no JDK at $jdk25 (set OICHAT_JDK25)"; fi

mkdir -p "$sdk/target"
declare -A pid
declare -A store
for v in "${runs[@]}"; do
  home="jdk$v"
  home="${!home}"
  opts=""
  # Maven's own Guava warns about sun.misc.Unsafe on JDK 24+; the flag is unknown to JDK 17.
  [ "$v" -ge 24 ] && opts="--sun-misc-unsafe-memory-access=allow"
  pg="${OICHAT_JAVA_TEST_POSTGRES_URL:-}"
  [ -z "$pg" ] && [ "$v" -ge 24 ] && pg="${OICHAT_TEST_POSTGRES_URL:-}"
  store[$v]="$([ -n "$pg" ] && echo PostgreSQL || echo SQLite)"
  (cd "$sdk" && JAVA_HOME="$home" MAVEN_OPTS="$opts" OICHAT_JAVA_TEST_POSTGRES_URL="$pg" mvn -o -B -ntp verify \
    -Doichat.buildDirectory="$sdk/target/jdk$v" >"$sdk/target/jdk$v.log" 2>&1) &
  pid[$v]=$!
done

status=0
summary=()
for v in "${runs[@]}"; do
  wait "${pid[$v]}"
  code=$?
  echo
  home="jdk$v"
  echo "===== Java SDK on JDK $v, server on ${store[$v]}: $("${!home}/bin/java" -version 2>&1 | head -1) ====="
  cat "$sdk/target/jdk$v.log"
  # Surefire's closing count, e.g. "Tests run: 120, Failures: 0, Errors: 0, Skipped: 0".
  counts=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' \
    "$sdk/target/jdk$v.log" | tail -1 | sed -E 's/.*Tests run: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+), Skipped: ([0-9]+)/\1 \2 \3 \4/')
  if [ -n "$counts" ]; then
    read -r total failures errors skipped <<<"$counts"
    summary+=("JDK $v (${store[$v]}): $((total - failures - errors - skipped)) passed, $((failures + errors)) failed, $skipped skipped")
  else
    summary+=("JDK $v: no test report (maven exited with $code)")
  fi
  [ "$code" -eq 0 ] || status=$code
done

echo
for line in "${summary[@]}"; do echo "java-sdk: $line"; done
echo "java-sdk: $([ "$status" -eq 0 ] && echo passed || echo FAILED) on JDK ${runs[*]} in $(($(date +%s) - start)) s"
exit "$status"
