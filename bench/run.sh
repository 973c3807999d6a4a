#!/bin/sh
# Runs the benchmarks and prints the markdown tables: bench/run.sh [all|generation|compile|
# selected|build-dependency|no-op|signing|decoding|groups|calls|catalogue]. Scratch space
# (specs, throwaway crates, their target directories, logs, a Python venv) goes to
# $BENCH_DIR, default target/bench.
# BENCH_RUNS and BENCH_BUILD_RUNS set the counted runs (default 5 and 3). `catalogue`
# imports the reference trees under $BENCH_CATALOGUE (default target/catalogue).
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$bench")
BENCH_DIR=${BENCH_DIR:-$repo/target/bench}
mkdir -p "$BENCH_DIR"
export BENCH_DIR

# Our CLI, release, for the whole-process figures.
CARGO_TARGET_DIR="$BENCH_DIR/cli-target" cargo build --release --quiet \
    --manifest-path "$repo/Cargo.toml" -p hwcloud-codegen-cli
export BENCH_CLI="$BENCH_DIR/cli-target/release/hwcloud-codegen"

# The official Python SDK (its signer, its VPC client), as a reference (skipped when
# Python is missing).
if [ -z "${BENCH_PYTHON:-}" ] && command -v python3 >/dev/null 2>&1; then
    venv="$BENCH_DIR/venv"
    if { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
        { "$venv/bin/python" -c "import huaweicloudsdkvpc" 2>/dev/null ||
            "$venv/bin/pip" install --quiet huaweicloudsdkcore==3.1.219 huaweicloudsdkvpc==3.1.219; }; then
        export BENCH_PYTHON="$venv/bin/python"
    fi
fi

# The runner, the call figure's programs (bench-calls, bench-aws-calls) beside it.
CARGO_TARGET_DIR="$BENCH_DIR/runner-target" cargo build --release --quiet \
    --manifest-path "$bench/Cargo.toml"
exec "$BENCH_DIR/runner-target/release/bench-runner" "${1:-all}"
