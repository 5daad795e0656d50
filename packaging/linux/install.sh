#!/usr/bin/env bash
# Install the Linux bundle system-wide (run as root on the till):
#   sudo bash packaging/linux/install.sh [BUNDLE_DIR]      (default: dist/pos-profile)
# Copies the bundle to /opt/pos-profile, links /usr/local/bin/pos-profile, installs the
# desktop entry and the icons (hicolor theme), and with AUTOSTART=1 an autostart entry for
# every user (/etc/xdg/autostart). Site config: /etc/xdg/pos-profile/config.toml.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUNDLE=${1:-dist/pos-profile}
PY=${PYTHON:-.venv/bin/python}
[ -x "$BUNDLE/pos-profile" ] || { echo "no bundle at $BUNDLE (run packaging/build.py)"; exit 1; }

rm -rf /opt/pos-profile.new
cp -a "$BUNDLE" /opt/pos-profile.new
rm -rf /opt/pos-profile && mv /opt/pos-profile.new /opt/pos-profile
ln -sf /opt/pos-profile/pos-profile /usr/local/bin/pos-profile

icons=$(mktemp -d); trap 'rm -rf "$icons"' EXIT
"$PY" packaging/make_icons.py "$icons" >/dev/null
for size in 16 24 32 48 64 128 256 512; do
  install -Dm644 "$icons/pos-profile-$size.png" \
    "/usr/share/icons/hicolor/${size}x${size}/apps/pos-profile.png"
done
install -Dm644 resources/icons/pos-profile.svg /usr/share/icons/hicolor/scalable/apps/pos-profile.svg
install -Dm644 packaging/linux/pos-profile.desktop /usr/share/applications/pos-profile.desktop
if [ "${AUTOSTART:-0}" = 1 ]; then
  install -Dm644 packaging/linux/pos-profile.desktop /etc/xdg/autostart/pos-profile.desktop
fi
install -d -m755 /etc/xdg/pos-profile
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q /usr/share/icons/hicolor || true
command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
/opt/pos-profile/pos-profile --version
