#!/usr/bin/env bash
# Installs (or updates, or removes) edge-lstm as a systemd service on a Raspberry Pi.
#
#   sudo ./install.sh                 install or update from the folder publish.sh wrote (this one)
#   sudo ./install.sh --from DIR      ... from another publish folder
#   sudo ./install.sh --uninstall     remove everything except /etc/edge-lstm (settings, password)
#
# Layout: /opt/edge-lstm/{edge-lstm, appsettings.json, models/default.elstm}, settings in
# /etc/edge-lstm/appsettings.json (kept if present), the unit in /etc/systemd/system. Safe to run
# again: an update replaces the binary and restarts the service, and never touches the settings.
#
# For tests: --root DIR installs into a fake root, and SYSTEMCTL=echo (or any command) stands in
# for systemctl; with --root and no SYSTEMCTL, systemctl is not called at all.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
from=$here
root=
uninstall=false
unit=edge-lstm.service

usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        --from) [[ $# -ge 2 ]] || usage; from=$(cd "$2" && pwd); shift 2 ;;
        --root) [[ $# -ge 2 ]] || usage; mkdir -p "$2"; root=$(cd "$2" && pwd); shift 2 ;;
        --uninstall) uninstall=true; shift ;;
        -h | --help) usage ;;
        *) echo "install.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

if [[ -n ${SYSTEMCTL:-} ]]; then
    read -r -a systemctl <<<"$SYSTEMCTL"
elif [[ -n $root ]]; then
    systemctl=(:)
else
    systemctl=(systemctl)
fi

if [[ -z $root && $(id -u) -ne 0 ]]; then
    echo "install.sh: run as root (sudo $0 $*)" >&2
    exit 1
fi

opt=$root/opt/edge-lstm
etc=$root/etc/edge-lstm
units=$root/etc/systemd/system
dropins=$units/$unit.d
udev_rule=$root/etc/udev/rules.d/60-edge-lstm.rules

say() { echo "install.sh: $*"; }

if $uninstall; then
    say "stopping and disabling $unit"
    "${systemctl[@]}" disable --now "$unit" 2>/dev/null || true
    rm -f "$units/$unit" "$udev_rule"
    rm -rf "$dropins" "$opt"
    # StateDirectory= with DynamicUser= lives under /var/lib/private.
    rm -rf "$root/var/lib/edge-lstm" "$root/var/lib/private/edge-lstm"
    "${systemctl[@]}" daemon-reload
    "${systemctl[@]}" reset-failed "$unit" 2>/dev/null || true
    say "removed; the settings in $etc were kept (delete them by hand if no longer wanted)"
    exit 0
fi

# --- What to install -------------------------------------------------------------------------
binary=$from/edge-lstm
for file in "$binary" "$from/appsettings.json" "$from/models/default.elstm" "$here/$unit" "$here/mqtt-password.conf"; do
    if [[ ! -f $file ]]; then
        echo "install.sh: $file is missing; run deploy/publish.sh linux-arm64 OUT_DIR and install from OUT_DIR" >&2
        exit 1
    fi
done

# An x64 binary on a Pi fails with "Exec format error" at every restart: refuse it here instead.
elf_machine=$(od -An -t u2 -j 18 -N 2 "$binary" | tr -d ' ')
case "$elf_machine" in
    183) binary_arch=aarch64 ;;
    62) binary_arch=x86_64 ;;
    *) binary_arch="unknown (ELF machine $elf_machine)" ;;
esac
if [[ -z $root && $binary_arch != "$(uname -m)" ]]; then
    echo "install.sh: $binary is built for $binary_arch but this machine is $(uname -m); publish for the right RID" >&2
    exit 1
fi

# --- Groups the unit's SupplementaryGroups= names (Raspberry Pi OS has both) ------------------
if [[ -z $root ]]; then
    for group in gpio i2c; do
        if ! getent group "$group" >/dev/null; then
            say "creating system group $group (the service joins it for /dev/gpiochip* and /dev/i2c-*)"
            groupadd --system "$group"
        fi
    done
fi

# --- Device nodes the groups can open ----------------------------------------------------------
# Raspberry Pi OS gives /dev/gpiochip* to the gpio group and /dev/i2c-* to i2c (99-com.rules);
# plain Debian leaves /dev/gpiochip* root-only (0600) and /dev/i2c-* too without i2c-tools, and the
# service then fails with "Unable to find a chip, error: 13 (Permission denied)". Same rule here.
install -d -m 0755 "$(dirname "$udev_rule")"
cat >"$udev_rule" <<'EOF_RULE'
# Installed by edge-lstm's install.sh: the service's groups open the GPIO chips and I2C buses.
SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"
SUBSYSTEM=="i2c-dev", KERNEL=="i2c-[0-9]*", GROUP="i2c", MODE="0660"
EOF_RULE
chmod 0644 "$udev_rule"
if [[ -z $root ]] && command -v udevadm >/dev/null; then
    udevadm control --reload || true
    udevadm trigger --action=change --subsystem-match=gpio --subsystem-match=i2c-dev || true
    udevadm settle || true
fi

# --- Program ---------------------------------------------------------------------------------
say "installing $binary ($binary_arch) into $opt"
install -d -m 0755 "$opt" "$opt/models"
# Copy then rename: the running binary is replaced atomically, never written in place.
install -m 0755 "$binary" "$opt/.edge-lstm.new"
mv -f "$opt/.edge-lstm.new" "$opt/edge-lstm"
install -m 0644 "$from/appsettings.json" "$opt/appsettings.json"
install -m 0644 "$from"/models/*.elstm "$opt/models/"
[[ -f $here/README.md ]] && install -m 0644 "$here/README.md" "$opt/README.md"

# --- Settings --------------------------------------------------------------------------------
install -d -m 0755 "$etc"
if [[ -f $etc/appsettings.json ]]; then
    say "keeping the existing $etc/appsettings.json"
else
    say "writing the default settings $etc/appsettings.json"
    robot=$(hostname -s 2>/dev/null | tr -cd 'A-Za-z0-9_-')
    cat >"$etc/appsettings.json" <<EOF
// edge-lstm settings for this robot, layered over /opt/edge-lstm/appsettings.json (which lists
// and explains every setting). Edit, then: sudo systemctl restart edge-lstm
// An invalid setting stops the service (exit code 78) with a message in: journalctl -u edge-lstm
{
  "RobotId": "${robot:-robot-1}",

  // simulator until the sensors are wired; then "hardware" with the Hardware section below
  // (see the wiring READMEs under src/Sensors/Devices/ in the repository).
  "Source": "simulator",

  "Hardware": {
    "ImuType": "mpu6050",
    "I2cBusId": 1
  },

  "Mqtt": {
    // "" = the embedded broker on 127.0.0.1:1883; or mqtt://broker.local:1883, mqtts://...
    "Broker": "",
    // With a password: put it in /etc/edge-lstm/mqtt-password (first line), set Username, and
    // run install.sh again; the service reads it as a systemd credential, never from here.
    "Username": ""
  }
}
EOF
    chmod 0644 "$etc/appsettings.json"
fi

# LoadCredential= fails the start when its file is missing: keep an empty one (root only).
if [[ ! -e $etc/mqtt-password ]]; then
    install -m 0600 /dev/null "$etc/mqtt-password"
fi

# --- Unit --------------------------------------------------------------------------------------
say "installing $units/$unit"
install -d -m 0755 "$units"
install -m 0644 "$here/$unit" "$units/$unit"
if [[ -s $etc/mqtt-password ]]; then
    say "$etc/mqtt-password holds a password: the service passes it to the worker (Mqtt:PasswordFile)"
    install -d -m 0755 "$dropins"
    install -m 0644 "$here/mqtt-password.conf" "$dropins/mqtt-password.conf"
else
    rm -f "$dropins/mqtt-password.conf"
    rmdir "$dropins" 2>/dev/null || true
fi

"${systemctl[@]}" daemon-reload
if "${systemctl[@]}" is-active --quiet "$unit"; then
    say "restarting the running service with the new binary"
    "${systemctl[@]}" restart "$unit"
else
    "${systemctl[@]}" enable --now "$unit"
fi
say "done; check with: systemctl status $unit; journalctl -u $unit -f"
