#!/usr/bin/env bash
# Test the built packages: unpack the .tar.gz in a temporary folder and run its self-test
# headless; check the .deb's contents; with KILN_DEB_INSTALL=1 (as root) install the .deb with
# dpkg -i, run `kiln --version` from PATH, and remove it again.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=build/package
TARBALL=$(ls "$OUT"/kiln-*-linux-*.tar.gz)
DEB=$(ls "$OUT"/kiln_*.deb)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

tar -C "$WORK" -xzf "$TARBALL"
echo "Unpacked size: $(du -sm "$WORK/kiln" | cut -f1) MB (budget 300 MB)"
env -i HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen KILN_DATA_DIR="$WORK/data" \
    "$WORK/kiln/kiln" --self-test
"$WORK/kiln/kiln" --version

# The .deb carries the folder, the launcher, the menu entry, the icon and the MIME type.
contents=$(dpkg-deb --contents "$DEB")
for path in ./opt/kiln/kiln ./opt/kiln/kiln-gui ./usr/bin/kiln ./usr/share/applications/kiln.desktop \
    ./usr/share/mime/packages/kiln.xml ./usr/share/icons/hicolor/scalable/apps/kiln.svg; do
    grep -q " $path" <<<"$contents" || { echo "missing from the .deb: $path" >&2; exit 1; }
done
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate packaging/linux/kiln.desktop
fi

if [ "${KILN_DEB_INSTALL:-0}" = 1 ]; then
    dpkg -i "$DEB"
    kiln --version
    dpkg -r kiln
    [ ! -e /opt/kiln ] && [ ! -e /usr/bin/kiln ] || { echo "dpkg -r left files behind" >&2; exit 1; }
fi
echo "package test: ok"
