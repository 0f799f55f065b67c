#!/usr/bin/env bash
# Turn a fresh Debian 12 / Ubuntu 24.04 / Raspberry Pi OS (bookworm) machine into a Gongkai
# kiosk, display or hub, or take Gongkai off it again. See docs/deploy.md.
#
#   deploy/install.sh kiosk|display --hub-url URL [options]   a touchscreen or a signage screen
#   deploy/install.sh hub [options]                           the central hub
#   deploy/install.sh uninstall [--purge] [--root DIR]        remove it (--purge: config and data too)
#
# Options:
#   --hub-url URL                 the hub this screen pairs with (written once into /etc/gongkai/device.toml)
#   --package FILE|DIR            the gongkai wheel, or a source tree to build it from (default: this checkout)
#   --nightly-restart HH:MM|off   restart the screen every night in the off hours (default 03:30)
#   --root DIR                    install into DIR instead of / (images, tests): no apt-get, nothing started
#   --python PATH                 the Python that makes the virtualenv (default python3)
#   --wheelhouse DIR              install offline: the wheels of gongkai's dependencies, made beforehand
#                                 with `pip wheel -w DIR -c constraints.txt "gongkai-*.whl[device]"`
#                                 ([hub] for a hub; see docs/deploy.md)
#   --pip-args "ARGS"             extra pip arguments, e.g. "--index-url https://mirror/simple"
#
# Running it again changes nothing unless something differs from what it would install; it
# says what it changed. The gongkai account, its directories and logs are described by the
# files beside this script (sysusers.d, tmpfiles.d, journald, systemd).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
role="" root=/ hub_url="" package="" nightly="03:30" python=python3 pip_args="" purge=no wheelhouse=""
changed=no
# The dependencies' versions the tests passed with, when this script runs from a checkout.
pins=()
[ -f "$here/../constraints.txt" ] && pins=(-c "$here/../constraints.txt")
device_units=(gongkai-sync.service gongkai-screen.service gongkai-restart.path gongkai-restart.service
              gongkai-update-guard.service gongkai-update-guard.timer gongkai-nightly.timer)
hub_units=(gongkai-hub.service)

main() {
  parse_args "$@"
  if [ "$role" = uninstall ]; then
    uninstall
  else
    install_role
  fi
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

die() {
  echo "install.sh: $*" >&2
  exit 1
}

parse_args() {
  [ $# -gt 0 ] || usage
  role=$1
  shift
  case "$role" in kiosk|display|hub|uninstall) ;; *) usage ;; esac
  while [ $# -gt 0 ]; do
    case "$1" in
      --hub-url) hub_url=${2:?}; shift ;;
      --package) package=${2:?}; shift ;;
      --nightly-restart) nightly=${2:?}; shift ;;
      --root) root=${2:?}; shift ;;
      --python) python=${2:?}; shift ;;
      --pip-args) pip_args=${2?}; shift ;;
      --wheelhouse) wheelhouse=${2:?}; shift ;;
      --purge) purge=yes ;;
      *) usage ;;
    esac
    shift
  done
  [[ "$nightly" =~ ^(off|([01][0-9]|2[0-3]):[0-5][0-9])$ ]] || die "--nightly-restart takes HH:MM or off"
  [[ -z "$hub_url" || "$hub_url" =~ ^https?://[^[:space:]\"]+$ ]] || die "--hub-url must start with http:// or https://"
  [ -d "$root" ] || die "--root $root is not a directory"
  root=$(cd "$root" && pwd)
}

# --- helpers --------------------------------------------------------------------------

# The path $1 inside the target root.
at() {
  printf '%s%s' "${root%/}" "$1"
}

# A live install manages running services; a --root install only writes files.
live() {
  [ "$root" = / ] && [ -d /run/systemd/system ]
}

note() {
  echo "install.sh: $*"
  changed=yes
}

# Install file $1 at $2 (inside the root) with mode $3, only when its content differs.
install_file() {
  local dest
  dest=$(at "$2")
  if ! cmp -s "$1" "$dest"; then
    mkdir -p "$(dirname "$dest")"
    install -m "$3" "$1" "$dest"
    note "wrote $2"
  elif [ "$(stat -c %a "$dest")" != "$3" ]; then
    chmod "$3" "$dest"
    note "mode $3 on $2"
  fi
}

# Install the text on stdin at $1 with mode $2, only when it differs.
install_text() {
  local tmp
  tmp=$(mktemp)
  cat > "$tmp"
  install_file "$tmp" "$1" "$2"
  rm -f "$tmp"
}

# "uid:gid" of the gongkai account in the target root's own user database.
owner() {
  local uid gid
  uid=$(awk -F: '$1 == "gongkai" {print $3}' "$(at /etc/passwd)")
  gid=$(awk -F: '$1 == "gongkai" {print $3}' "$(at /etc/group)")
  if [ -z "$uid" ] || [ -z "$gid" ]; then
    die "no gongkai account in $(at /etc/passwd)"
  fi
  echo "$uid:$gid"
}

# --- install --------------------------------------------------------------------------

install_role() {
  [ "$role" = hub ] || [ -n "$hub_url" ] || [ -e "$(at /etc/gongkai/device.toml)" ] \
    || die "--hub-url is needed on the first install of a screen (the hub it pairs with)"
  [ "$root" = / ] && install_packages
  install_account
  install_release
  install_logging
  if [ "$role" = hub ]; then
    install_hub_env
    install_units "${hub_units[@]}"
    enable_units "${hub_units[@]}"
  else
    install_device_config
    install_screen_session
    install_file "$here/bin/gongkai-update-guard" /opt/gongkai/bin/gongkai-update-guard 755
    install_units "${device_units[@]}"
    enable_units "${device_units[@]}"
  fi
  [ "$changed" = yes ] || echo "install.sh: nothing to change; gongkai $role is installed as it should be"
}

install_packages() {
  local wanted missing=() pkg
  if [ "$role" = hub ]; then
    wanted=(python3-venv sqlite3)
  else
    # cage: a Wayland kiosk compositor (one fullscreen app, no desktop); Xwayland for SDL's X11
    # driver; the GL and input libraries Kivy's SDL2 needs.
    wanted=(python3-venv cage xwayland libgl1 libgl1-mesa-dri libegl1 libgles2 libmtdev1 libx11-6
            libxext6 libxrender1 libxi6 libxrandr2 libxcursor1 libxinerama1 libxxf86vm1)
  fi
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  note "installed Debian packages: ${missing[*]}"
}

install_account() {
  # sysusers takes a lock in /etc even when all is there: run it only when something is new.
  if ! cmp -s "$here/sysusers.d/gongkai.conf" "$(at /etc/sysusers.d/gongkai.conf)" \
     || ! grep -q '^gongkai:' "$(at /etc/passwd)" 2>/dev/null; then
    install_file "$here/sysusers.d/gongkai.conf" /etc/sysusers.d/gongkai.conf 644
    systemd-sysusers --root="$root" "$(at /etc/sysusers.d/gongkai.conf)"
    note "gongkai account set up"
  fi
  install_file "$here/tmpfiles.d/gongkai.conf" /etc/tmpfiles.d/gongkai.conf 644
  systemd-tmpfiles --create --root="$root" "$(at /etc/tmpfiles.d/gongkai.conf)"
  if [ "$role" = hub ]; then
    mkdir -p "$(at /var/lib/gongkai/hub)"
    chown "$(owner)" "$(at /var/lib/gongkai/hub)"
    chmod 750 "$(at /var/lib/gongkai/hub)"
  fi
}

# The wheel to install: --package as given, or built from a source tree.
wheel_path() {
  local source=${package:-$here/..} out
  if [ -f "$source" ]; then
    echo "$source"
    return
  fi
  out=$(mktemp -d)
  "$python" -m pip wheel -q --no-deps -w "$out" "$source" >&2
  echo "$out"/gongkai-*.whl
}

# A fingerprint of what a wheel contains (its RECORD of per-file hashes): a rebuild of the
# same sources gives the same fingerprint even though the zip's timestamps differ.
wheel_fingerprint() {
  "$python" - "$1" <<'PY'
import hashlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel:
    record = next(n for n in wheel.namelist() if n.endswith(".dist-info/RECORD"))
    print(hashlib.sha256(wheel.read(record)).hexdigest())
PY
}

# What the role needs besides the kernel: the extra `device` on screens, `hub` on a hub.
extra() {
  if [ "$role" = hub ]; then echo hub; else echo device; fi
}

# Each version gets its own virtualenv under /opt/gongkai/releases; `current` points at the
# one in use, switched atomically (fleet updates install and switch the same way). The
# dependencies are installed from /opt/gongkai/wheelhouse, which stays: a fleet update whose
# dependencies did not change then needs the hub and nothing else (sync/update.py).
install_release() {
  local wheel version target fingerprint
  wheel=$(wheel_path)
  [ -f "$wheel" ] || die "no wheel at $wheel"
  version=$(basename "$wheel" | cut -d- -f2)
  [[ "$version" =~ ^[0-9A-Za-z.+_]+$ ]] || die "cannot read a version from $(basename "$wheel")"
  target=$(at "/opt/gongkai/releases/$version")
  fingerprint=$(wheel_fingerprint "$wheel")
  if [ "$(cat "$target/wheel.fingerprint" 2>/dev/null)" != "$fingerprint" ]; then
    rm -rf "$target"
    mkdir -p "$target"
    fill_wheelhouse "$wheel"
    "$python" -m venv "$target/venv"
    # shellcheck disable=SC2086  # pip_args holds several words on purpose
    "$target/venv/bin/python" -m pip install -q --disable-pip-version-check --no-index \
      --find-links "$(at /opt/gongkai/wheelhouse)" "${pins[@]}" $pip_args "${wheel}[$(extra)]"
    echo "$fingerprint" > "$target/wheel.fingerprint"
    chown -R "$(owner)" "$target"
    note "installed gongkai $version in /opt/gongkai/releases/$version"
  fi
  if [ "$(readlink "$(at /opt/gongkai/current)" 2>/dev/null)" != "releases/$version" ]; then
    ln -sfn "releases/$version" "$(at /opt/gongkai/current.new)"
    mv -T "$(at /opt/gongkai/current.new)" "$(at /opt/gongkai/current)"
    chown -h "$(owner)" "$(at /opt/gongkai/current)"
    note "switched /opt/gongkai/current to $version"
  fi
}

# The wheels this release needs: from --wheelhouse when given (offline), else from the
# package index.
fill_wheelhouse() {
  local house
  house=$(at /opt/gongkai/wheelhouse)
  mkdir -p "$house"
  if [ -n "$wheelhouse" ]; then
    [ -d "$wheelhouse" ] || die "no wheelhouse directory at $wheelhouse"
    cp -u "$wheelhouse"/*.whl "$house"/ || die "no wheels in $wheelhouse"
  else
    # shellcheck disable=SC2086  # pip_args holds several words on purpose
    "$python" -m pip wheel -q --disable-pip-version-check --find-links "$house" -w "$house" "${pins[@]}" \
      $pip_args "${1}[$(extra)]" >&2 \
      || die "could not fetch the wheels gongkai needs; without a package index, give --wheelhouse"
  fi
}

install_logging() {
  install_file "$here/journald/gongkai.conf" /etc/systemd/journald.conf.d/gongkai.conf 644
}

# The hub's environment, written once (it will hold the SMTP password: root only). The hub
# listens on loopback behind the reverse proxy, so that is the proxy it trusts.
install_hub_env() {
  [ -e "$(at /etc/gongkai/hub.env)" ] && return
  install_text /etc/gongkai/hub.env 600 <<'ENV'
# Gongkai hub settings, written once by deploy/install.sh; every variable is in docs/hub.md.
# Restart after a change: systemctl restart gongkai-hub
GONGKAI_HUB_TRUSTED_PROXIES=127.0.0.1,::1
# GONGKAI_HUB_PUBLIC_URL=https://hub.example.cn
# GONGKAI_HUB_SMTP_HOST=smtp.example.cn
# GONGKAI_HUB_SMTP_FROM=dwgk@example.cn
# GONGKAI_HUB_SMTP_USER=
# GONGKAI_HUB_SMTP_PASSWORD=
ENV
}

# The device's config, written once: a technician's later edits and the enrolment are kept.
install_device_config() {
  local conf
  conf=$(at /etc/gongkai/device.toml)
  if [ ! -e "$conf" ]; then
    device_config | install_text /etc/gongkai/device.toml 640
    chgrp "$(owner | cut -d: -f2)" "$conf"
  fi
  printf 'GONGKAI_APP=%s\n' "$role" | install_text /etc/gongkai/screen.env 644
}

device_config() {
  cat <<EOF
# Gongkai device configuration, written by deploy/install.sh. Every key is explained in
# the examples (config/kiosk.example.toml, config/display-lcd.example.toml and
# config/display-led.example.toml); check a change with: gongkai selftest --config THIS_FILE
# No token here: on first start the screen shows a pairing code for the hub's console.

[device]
kind = "$role"
timezone = "Asia/Shanghai"

[hub]
url = "$hub_url"

[store]
path = "/var/lib/gongkai/device.db"
EOF
}

# No desktop: cage runs the app fullscreen on tty1, and the console never blanks.
install_screen_session() {
  install_file "$here/tmpfiles.d/gongkai-screen.conf" /etc/tmpfiles.d/gongkai-screen.conf 644
  if live; then
    systemd-tmpfiles --create /etc/tmpfiles.d/gongkai-screen.conf
  fi
  if [ "$(systemctl --root="$root" get-default 2>/dev/null)" != graphical.target ]; then
    systemctl --root="$root" set-default graphical.target 2>/dev/null
    note "boot target set to graphical.target"
  fi
}

install_units() {
  local unit
  for unit in "$@"; do
    if [ "$unit" = gongkai-nightly.timer ]; then
      sed "s/@NIGHTLY@/${nightly/off/03:30}/" "$here/systemd/$unit" | install_text "/etc/systemd/system/$unit" 644
    else
      install_file "$here/systemd/$unit" "/etc/systemd/system/$unit" 644
    fi
  done
}

# Enable what starts by itself (services, the path watch, timers). A live install also
# (re)starts them when anything changed; a --root install only writes the symlinks.
enable_units() {
  local unit wanted=()
  for unit in "$@"; do
    case "$unit" in
      gongkai-restart.service|gongkai-update-guard.service) ;;
      gongkai-nightly.timer) [ "$nightly" = off ] || wanted+=("$unit") ;;
      *) wanted+=("$unit") ;;
    esac
  done
  if [ "$nightly" = off ] && systemctl --root="$root" is-enabled -q gongkai-nightly.timer 2>/dev/null; then
    systemctl --root="$root" disable -q gongkai-nightly.timer
    note "nightly restart switched off"
  fi
  for unit in "${wanted[@]}"; do
    if ! systemctl --root="$root" is-enabled -q "$unit" 2>/dev/null; then
      systemctl --root="$root" enable -q "$unit"
      note "enabled $unit"
    fi
  done
  if live && [ "$changed" = yes ]; then
    systemctl daemon-reload
    systemctl restart "${wanted[@]}"
  fi
}

# --- uninstall ------------------------------------------------------------------------

uninstall() {
  local unit
  for unit in "${device_units[@]}" "${hub_units[@]}"; do
    [ -e "$(at "/etc/systemd/system/$unit")" ] || continue
    if live; then
      systemctl disable -q --now "$unit" || true
    else
      systemctl --root="$root" disable -q "$unit" || true
    fi
    rm -f "$(at "/etc/systemd/system/$unit")"
    note "removed $unit"
  done
  live && systemctl daemon-reload
  rm -rf "$(at /opt/gongkai)"
  rm -f "$(at /etc/systemd/journald.conf.d/gongkai.conf)" "$(at /etc/tmpfiles.d/gongkai.conf)" \
        "$(at /etc/tmpfiles.d/gongkai-screen.conf)"
  note "removed /opt/gongkai and the journald and tmpfiles settings"
  if [ "$purge" = yes ]; then
    rm -rf "$(at /etc/gongkai)" "$(at /var/lib/gongkai)"
    rm -f "$(at /etc/sysusers.d/gongkai.conf)"
    if [ "$root" = / ] && id gongkai >/dev/null 2>&1; then
      userdel gongkai
    fi
    note "purged /etc/gongkai, /var/lib/gongkai and the gongkai account"
  else
    echo "install.sh: kept /etc/gongkai, /var/lib/gongkai and the gongkai account (--purge removes them)"
  fi
}

main "$@"
