# Shared by the scripts: where the Python venv lives, and how the mock server is started.

VENV=${CHATWIRE_VENV:-$root/.venv}

# Creates the venv once, then keeps it in step with the pinned requirements.
ensure_venv() {
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || return 1
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$root/tests/contract/requirements.txt"
}

# start_mock [ARGS...]: builds and starts chatwire-mock on a free port, sets MOCK_URL and
# MOCK_PID, and stops it when the calling script exits.
start_mock() {
  cargo build --quiet --locked -p chatwire-mock || return 1
  local out
  out=$(mktemp)
  "$root/target/debug/chatwire-mock" --port 0 "$@" >"$out" &
  MOCK_PID=$!
  trap 'kill "$MOCK_PID" 2>/dev/null' EXIT
  for _ in $(seq 100); do
    MOCK_URL=$(head -n 1 "$out")
    [ -n "$MOCK_URL" ] && return 0
    sleep 0.1
  done
  echo "chatwire-mock did not print its URL" >&2
  return 1
}
