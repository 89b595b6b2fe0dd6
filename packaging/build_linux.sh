#!/usr/bin/env bash
# Build Kiln for Linux: the PyInstaller folder, a .tar.gz of it and a .deb.
#   packaging/build_linux.sh [PYTHON]     (make package calls it with the project's .venv)
# KILN_STUDIO_PRESET=/path/to/preset bundles a studio's library and defaults (README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
VERSION=$("$PY" -c "import tomllib; print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
ARCH=$(dpkg --print-architecture 2>/dev/null || echo amd64)
OUT=build/package
rm -rf "$OUT" build/dist/kiln
mkdir -p "$OUT"

"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath build/dist --workpath build/pyi \
    packaging/kiln.spec
ln -s kiln build/dist/kiln/kiln-gui  # the desktop entry's name; Linux has no console to hide

# spaCy's wheels ship their libraries with debug sections (111 MB -> 14 MB without them);
# --strip-unneeded keeps what dynamic linking needs, as Debian's own packages do.
# Leave the wheels' vendored libraries (*.libs) alone: stripping breaks numpy's OpenBLAS.
find build/dist/kiln/_internal -name '*.so*' -type f -not -path '*.libs/*' \
    -exec strip --strip-unneeded {} + 2>/dev/null || true

tar -C build/dist -czf "$OUT/kiln-$VERSION-linux-$ARCH.tar.gz" kiln

# The .deb: the folder under /opt/kiln, `kiln` on PATH, a menu entry, an icon, a MIME type.
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
install -d "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
    "$ROOT/usr/share/mime/packages" "$ROOT/usr/share/icons/hicolor/scalable/apps" \
    "$ROOT/usr/share/doc/kiln"
cp -a build/dist/kiln "$ROOT/opt/kiln"
ln -s /opt/kiln/kiln "$ROOT/usr/bin/kiln"
install -m 644 packaging/linux/kiln.desktop "$ROOT/usr/share/applications/kiln.desktop"
install -m 644 packaging/linux/kiln-mime.xml "$ROOT/usr/share/mime/packages/kiln.xml"
install -m 644 resources/icons/kiln.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/kiln.svg"
install -m 644 CHANGELOG.md "$ROOT/usr/share/doc/kiln/CHANGELOG.md"
install -m 755 packaging/linux/postinst packaging/linux/postrm "$ROOT/DEBIAN/"
SIZE=$(du -sk "$ROOT/opt" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: kiln
Version: $VERSION
Architecture: $ARCH
Maintainer: The Kiln team <kiln@localhost>
Installed-Size: $SIZE
Depends: libc6, libfontconfig1, libxkbcommon0, libegl1, libgl1, libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-xinerama0, libxcb-xkb1, libxkbcommon-x11-0, libdbus-1-3
Section: editors
Priority: optional
Description: Desktop workbench for heritage micro-drama writers
 Beat board, script editor in Chinese and Hollywood layouts, a sourced
 intangible-heritage library, consultants' notes and multilingual exports.
CONTROL
dpkg-deb --root-owner-group --build "$ROOT" "$OUT/kiln_${VERSION}_${ARCH}.deb" >/dev/null
echo "Built $(ls "$OUT")"
du -sh build/dist/kiln | awk '{print "Unpacked size: " $1}'
