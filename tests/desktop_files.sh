#!/usr/bin/env bash
# Desktop integration check (ctest: desktop_files). Usage:
#   desktop_files.sh SOURCE_DIR BUILD_DIR APP_ID VERSION ICON_PNGS(ON|OFF)
# 1. validates packaging/: the desktop entry (desktop-file-validate), the AppStream metainfo (appstreamcli), the
#    XML files (xmllint), the MIME XML (update-mime-database) and what it makes of real files (gio);
# 2. installs the build into a temporary prefix and checks every installed file;
# 3. renders a PNG with the installed binary, with the source tree hidden where a mount namespace is allowed,
#    so the data it reads is the installed copy and not the checkout's.
# A missing validator is reported and makes the test end in 77 (skipped) once everything else has passed; any
# failure ends in 1.
set -uo pipefail
src=$1 build=$2 id=$3 version=$4 pngs=$5
pk=$src/packaging
fail=0 missing=()
bad() { echo "FAIL: $*"; fail=1; }
have() { command -v "$1" >/dev/null 2>&1 || { missing+=("$1 ($2)"); return 1; }; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/psoas-desktop.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- 1. the files themselves
if have desktop-file-validate desktop-file-utils; then
  out=$(desktop-file-validate "$pk/$id.desktop" 2>&1) || bad "desktop-file-validate: $out"
  [ -z "$out" ] || echo "desktop-file-validate: $out"
fi
if have appstreamcli appstream; then
  # Warnings fail too (appstreamcli's default); only pedantic notes pass.
  appstreamcli validate --no-net "$pk/$id.metainfo.xml" || bad "appstreamcli validate $id.metainfo.xml"
fi
grep -q "<release version=\"$version\"" "$pk/$id.metainfo.xml" ||
  bad "$id.metainfo.xml has no <release> for version $version (add one when the version changes)"
if have xmllint libxml2-utils; then
  for f in "$pk/$id.metainfo.xml" "$pk/$id.xml" "$pk/$id.svg"; do
    xmllint --noout "$f" || bad "xmllint: $f is not well-formed XML"
  done
fi
# The desktop entry must offer exactly the types the MIME XML declares (less the batch, which it cannot open).
declared=$(grep -o '<mime-type type="[^"]*"' "$pk/$id.xml" | sed 's/.*type="//; s/"$//' | grep -v batch | sort)
listed=$(sed -n 's/^MimeType=//p' "$pk/$id.desktop" | tr ';' '\n' | sed '/^$/d' | sort)
[ "$declared" = "$listed" ] || bad "MimeType= ($listed) differs from the MIME XML ($declared)"
grep -q "^Icon=$id\$" "$pk/$id.desktop" || bad "the desktop entry's Icon is not $id"

# MIME detection of real files: our database in XDG_DATA_HOME, the system's (application/json) after it.
if have update-mime-database shared-mime-info && have gio libglib2.0-bin; then
  mkdir -p "$tmp/xdg/mime/packages"
  cp "$pk/$id.xml" "$tmp/xdg/mime/packages/"
  if ! update-mime-database "$tmp/xdg/mime" >"$tmp/mime.log" 2>&1; then
    cat "$tmp/mime.log"
    bad "update-mime-database refused $id.xml"
  else
    printf '{\n  "format": "psoas-atlas-story",\n  "steps": [{"state": {"format": "psoas-atlas-view"}}]\n}\n' >"$tmp/story.json"
    printf '{"format":"psoas-atlas-batch","figures":[{"out":"a.png","state":{"format":"psoas-atlas-view"}}]}\n' >"$tmp/batch.json"
    printf '{"schema": 1, "recent": []}\n' >"$tmp/plain.json"  # JSON that only looks a little like ours
    expect() {
      local got
      got=$(XDG_DATA_HOME="$tmp/xdg" XDG_DATA_DIRS=/usr/share gio info -a standard::content-type "$1" 2>/dev/null |
            sed -n 's/.*standard::content-type: //p')
      [ "$got" = "$2" ] || bad "$1 is seen as '$got', expected $2"
    }
    expect "$src/docs/gallery/anterior.json" application/x-psoas-atlas-view+json
    expect "$src/docs/gallery/batch.json" application/x-psoas-atlas-batch+json
    expect "$tmp/batch.json" application/x-psoas-atlas-batch+json   # embeds a view state
    expect "$tmp/story.json" application/x-psoas-atlas-story+json   # embeds a view state
    expect "$src/assets/atlas.json" application/x-psoas-atlas+json
    expect "$src/assets/teaching.json" application/json             # an atlas's include, not an atlas
    expect "$tmp/plain.json" application/json
  fi
fi

# ---- 2. cmake --install into a temporary prefix
prefix=$tmp/prefix
if ! cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"; bad "cmake --install failed"
fi
datadir=$prefix/share
for f in bin/psoas-atlas share/psoas-atlas/assets/atlas.json share/psoas-atlas/assets/atlas.rig share/applications/$id.desktop \
         share/metainfo/$id.metainfo.xml share/mime/packages/$id.xml share/icons/hicolor/scalable/apps/$id.svg; do
  [ -s "$prefix/$f" ] || bad "not installed: $f"
done
[ -x "$prefix/bin/psoas-atlas" ] || bad "bin/psoas-atlas is not executable"
# Every mesh the atlas names must be installed (the models folder travels as a whole).
[ -n "$(find "$datadir/psoas-atlas/models" -type f 2>/dev/null | head -1)" ] || bad "no models installed"
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{printf "%dx%d", $3*256+$4, $7*256+$8}'; }  # IHDR width, height
is_png() { [ "$(od -An -tx1 -N8 "$1" | tr -d ' ')" = 89504e470d0a1a0a ]; }
if [ "$pngs" = ON ]; then
  for s in 16 32 48 64 128 256 512; do
    f=$datadir/icons/hicolor/${s}x${s}/apps/$id.png
    if [ ! -s "$f" ]; then bad "not installed: ${s}x${s} icon"; continue; fi
    is_png "$f" && [ "$(png_size "$f")" = "${s}x${s}" ] || bad "$f is not a ${s}x${s} PNG"
  done
else
  echo "note: built without rsvg-convert, so only the scalable icon is installed"
fi

# ---- 3. the installed binary renders
out=$tmp/render.png
run=("$prefix/bin/psoas-atlas" render --size 64x48 --out "$out")
if unshare -m true 2>/dev/null; then
  # Hide the checkout (the binary would fall back to it for data) in a private mount namespace.
  PSOAS_NO_REEXEC=1 unshare -m sh -c 'mount -t tmpfs none "$0" && exec "$@"' "$src" "${run[@]}" ||
    bad "the installed binary did not render (source tree hidden)"
else
  echo "note: no mount namespace here; the source tree stays visible to the installed binary"
  PSOAS_NO_REEXEC=1 "${run[@]}" || bad "the installed binary did not render"
fi
if [ -s "$out" ]; then
  is_png "$out" && [ "$(png_size "$out")" = 64x48 ] || bad "render.png is not a 64x48 PNG ($(png_size "$out"))"
else
  bad "no render.png"
fi

if [ "$fail" -ne 0 ]; then exit 1; fi
if ((${#missing[@]})); then echo "SKIP: missing ${missing[*]}"; exit 77; fi
echo "desktop files: all checks passed"
