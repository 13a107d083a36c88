# Shared by the scripts: where the Python venv lives, and how the mock server is started.

VENV=${CHATWIRE_VENV:-$root/.venv}

# cargo, maturin and napi build for the host triple explicitly, so that they share one target
# directory (napi passes --target, which would otherwise start a second one). CARGO_TARGET_DIR,
# when set, puts the build cache outside the checkout, so that a fresh clone can start warm.
CARGO_BUILD_TARGET=${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}
export CARGO_BUILD_TARGET
CARGO_ROOT_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
TARGET_DIR=$CARGO_ROOT_TARGET_DIR/$CARGO_BUILD_TARGET

# Creates the venv unless it is there.
create_venv() {
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
}

# Creates the venv once, then keeps it in step with the pinned requirements.
ensure_venv() {
  create_venv || return 1
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$root/tests/contract/requirements.txt" -r "$root/bindings-python/requirements-dev.txt"
}

# start_mock [ARGS...]: builds and starts chatwire-mock on a free port, sets MOCK_URL and
# MOCK_PID, and stops it when the calling script exits.
start_mock() {
  cargo build --quiet --locked -p chatwire-mock || return 1
  local out
  out=$(mktemp)
  "$TARGET_DIR/debug/chatwire-mock" --port 0 "$@" >"$out" &
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

# Builds the Python packages, chatwire and chatwire-testing, as wheels (debug builds, sharing the
# workspace's cache, unless `--release` is passed on to maturin) and installs them into the venv.
install_python_package() {
  local package
  rm -rf "$TARGET_DIR/wheels"
  for package in bindings-python bindings-python/testing; do
    "$VENV/bin/maturin" build --quiet --manifest-path "$root/$package/Cargo.toml" \
      --interpreter "$VENV/bin/python" --out "$TARGET_DIR/wheels" "$@" || return 1
  done
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
    --no-deps "$TARGET_DIR"/wheels/chatwire-*.whl "$TARGET_DIR"/wheels/chatwire_testing-*.whl
}

# Builds the addons of the Node packages, chatwire and @chatwire/testing (debug builds, sharing
# the workspace's cache), with the locked dev tools, then installs both at the root as a user
# does, so that the examples resolve `chatwire` and `chatwire/testing`.
install_node_package() {
  local package
  (cd "$root/bindings-node" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  for package in bindings-node bindings-node/testing; do
    (cd "$root/$package" && npm run --silent build:debug) || return 1
  done
  # Linked, as `npm install <folder>` links them, but without npm resolving the packages' dev
  # tools again, unlocked, from the registry: they are installed, locked, in bindings-node.
  mkdir -p "$root/node_modules/@chatwire"
  ln -sfn ../bindings-node "$root/node_modules/chatwire"
  ln -sfn ../../bindings-node/testing "$root/node_modules/@chatwire/testing"
}

# The venv of the request check (openapi-core), apart from the contract tools, whose pins differ.
REQUEST_CHECK_VENV=${CHATWIRE_REQUEST_CHECK_VENV:-$root/.venv-openapi-core}

ensure_request_check_venv() {
  [ -x "$REQUEST_CHECK_VENV/bin/python" ] || python3 -m venv "$REQUEST_CHECK_VENV" || return 1
  "$REQUEST_CHECK_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$root/tests/contract/requirements-openapi-core.txt"
}
