#!/usr/bin/env bash
# Vendor GOV.UK Frontend's compiled assets under the web app's static files, so that a fresh
# machine needs no Node. Needs node and npm (only here). Usage: scripts/vendor-govuk.sh VERSION
#
# The stylesheet is compiled from the package's Sass with the Arial font stack: the GDS Transport
# font and the crown (and so the favicons) are for services on GOV.UK only, which a local
# authority's service is not.
set -euo pipefail
version="${1:?usage: $0 VERSION}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/csc_workforce/web/static/govuk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --silent --no-audit --no-fund "govuk-frontend@$version" "sass@1"
cat > app.scss <<'SCSS'
@use "pkg:govuk-frontend" with (
  $govuk-font-family: (arial, sans-serif),
  $govuk-assets-path: "../"
);
SCSS
npx sass --pkg-importer=node --style=compressed --no-source-map --quiet-deps \
  app.scss govuk-frontend.min.css

rm -rf "$dest"
mkdir -p "$dest/css" "$dest/js" "$dest/images"
cp govuk-frontend.min.css "$dest/css/"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$dest/js/"
# Every image the stylesheet refers to must exist for the static files manifest; none is shown.
for image in $(grep -o 'url("\.\./images/[^")]*' govuk-frontend.min.css | sed 's|.*/||' | sort -u); do
  cp "node_modules/govuk-frontend/dist/govuk/assets/images/$image" "$dest/images/"
done
echo "$version" > "$dest/VERSION"
licence="$(node -p 'require("./node_modules/govuk-frontend/package.json").license')"
printf 'GOV.UK Frontend %s (npm govuk-frontend), %s licence, Crown copyright.\nVendored by scripts/vendor-govuk.sh; do not edit by hand.\n' \
  "$version" "$licence" > "$dest/README"
echo "GOV.UK Frontend $version vendored in $dest"
