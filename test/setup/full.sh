#!/usr/bin/env bash
# `npm run test:full`, the CI command: prepares the machine (PostgreSQL, livekit-server, Chromium), runs
# `npm test` against real PostgreSQL, the contract fuzzing stage, then the image stage. Each vitest run
# writes a JSON report under test-artifacts/results/ (cleared first); the last line printed is the
# suite's totals over all of them ("tests: N passed, N failed, N skipped"), read from those reports.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PARLEY_TEST_DATABASE_URL=postgres://parley:parley@127.0.0.1:5432/parley_test
rm -rf test-artifacts/results
bash test/setup/postgres.sh
bash test/setup/livekit.sh
bash test/setup/chromium.sh
PARLEY_REQUIRE_POSTGRES=1 npm test
bash test/setup/fuzz.sh
npm run test:image
node dist/test/setup/totals.js test-artifacts/results unit e2e browser image
