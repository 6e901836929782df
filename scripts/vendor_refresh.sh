#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry, at the pinned versions below.
# Pages load only these local copies: no CDN (rule 3).
set -euo pipefail
HTMX_VERSION=2.0.11
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/waypoint/static/vendor/htmx"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@$HTMX_VERSION" >/dev/null && tar -xzf htmx.org-*.tgz)
mkdir -p "$dest"
cp "$work/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE"
echo "htmx.org $HTMX_VERSION (npm registry), dist/htmx.min.js" > "$dest/VERSION"
echo "htmx $HTMX_VERSION vendored into $dest"
