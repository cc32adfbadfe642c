#!/usr/bin/env bash
# Runs the browser journeys as a demo: headed under a virtual display, slowed down, with a video per journey.
# Playwright records video through its own ffmpeg build, which is a download we cannot make offline, so we
# point Playwright at Debian's ffmpeg instead (it encodes the same VP8 WebM). Needs root for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
command -v chromium >/dev/null || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The ffmpeg revision Playwright 1.64 looks for (browsers.json in the Microsoft.Playwright package).
browsers="${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"
mkdir -p "$browsers/ffmpeg-1013"
ln -sf "$(command -v ffmpeg)" "$browsers/ffmpeg-1013/ffmpeg-linux"

export E2E_RESULTS_DIR="${E2E_RESULTS_DIR:-$PWD/e2e/demo-results}"
xvfb-run -a env DEMO_MODE=1 dotnet test --project e2e/DemoSaaS.E2E "$@"
echo "Videos: $E2E_RESULTS_DIR/videos/"
