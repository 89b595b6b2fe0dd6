#!/usr/bin/env bash
# Build Kiln.app and a DMG on macOS (cannot run on Linux). See packaging/README.md.
#   packaging/macos/build_dmg.sh            unsigned build
#   KILN_SIGN_ID="Developer ID Application: Studio (TEAMID)" KILN_NOTARY_PROFILE=kiln \
#     packaging/macos/build_dmg.sh          signed and notarised
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
VERSION=$("$PY" -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
# The icon: an .icns made from the SVG (needs librsvg's rsvg-convert and iconutil).
if [ ! -f packaging/macos/kiln.icns ]; then
    ICONSET=$(mktemp -d)/kiln.iconset
    mkdir -p "$ICONSET"
    for size in 16 32 64 128 256 512; do
        rsvg-convert -w $size -h $size resources/icons/kiln.svg -o "$ICONSET/icon_${size}x${size}.png"
        rsvg-convert -w $((size * 2)) -h $((size * 2)) resources/icons/kiln.svg \
            -o "$ICONSET/icon_${size}x${size}@2x.png"
    done
    iconutil -c icns "$ICONSET" -o packaging/macos/kiln.icns
fi
"$PY" -m PyInstaller --noconfirm --distpath build/dist --workpath build/pyi packaging/kiln.spec
APP=build/dist/Kiln.app
if [ -n "${KILN_SIGN_ID:-}" ]; then
    codesign --deep --force --options runtime --timestamp --sign "$KILN_SIGN_ID" "$APP"
fi
mkdir -p build/package
DMG=build/package/kiln-$VERSION-macos.dmg
hdiutil create -volname "Kiln $VERSION" -srcfolder "$APP" -ov -format UDZO "$DMG"
if [ -n "${KILN_SIGN_ID:-}" ] && [ -n "${KILN_NOTARY_PROFILE:-}" ]; then
    codesign --sign "$KILN_SIGN_ID" --timestamp "$DMG"
    xcrun notarytool submit "$DMG" --keychain-profile "$KILN_NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
fi
echo "Built $DMG"
