# Shared by the install-tree test scripts (install_test.sh, cmake_project_test.sh): pass/fail
# counters, `run <label> <command...>` (output in $work/<label>.log, shown on failure) and
# `finish` (summary; removes $work when everything passed unless NN2MILP_E2E_KEEP is set).
# The sourcing script sets $work first.
passed=0
failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1"; failed=$((failed + 1)); }
finish() {
  echo "$passed passed, $failed failed"
  if [[ $failed -eq 0 && -z "${NN2MILP_E2E_KEEP:-}" ]]; then rm -rf "$work"; else echo "work files: $work"; fi
  [[ $failed -eq 0 ]]
  exit $?
}
# run <label> <command...>: runs the command with its output in <work>/<label>.log.
run() {
  local label=$1 rc=0; shift
  "$@" >"$work/$label.log" 2>&1 || rc=$?
  if [[ $rc -eq 0 ]]; then ok "$label"; return 0; fi
  fail "$label (exit $rc; log:)"; sed 's/^/     /' "$work/$label.log" | tail -30; return 1
}
