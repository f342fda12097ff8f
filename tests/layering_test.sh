#!/usr/bin/env bash
# Checks the layering rule mechanically: ir includes only ir; frontend, passes and backends
# include only ir and themselves; only tools sees everything.
set -u
root="$1"
fail=0
check() {  # check <folder> <allowed prefixes regex>
  local folder=$1 allowed=$2
  while IFS= read -r line; do
    echo "layering violation: $line"
    fail=1
  done < <(grep -rn --include='*.h' --include='*.cc' -E '^#include "(ir|frontend|passes|backends|tools|api)/' "$root/$folder" |
           grep -v -E "#include \"($allowed)/")
}
check ir 'ir'
check frontend 'ir|frontend'
check passes 'ir|passes'
check backends 'ir|backends'
check include 'none'  # the public header includes no internal header
if [ "$fail" -ne 0 ]; then echo "1 passed, 1 failed"; exit 1; fi
echo "layering: ok"
