# shellcheck shell=bash disable=SC2034 # the lists are used by the scripts that source this
# scripts/lib/deps.sh: the Debian packages the project needs, and a function that
# installs the missing ones. Sourced by scripts/test and scripts/demo.

# Compilers, meson, the GTK/GLib stack the code links, and the validators the
# test suite runs (desktop-file-validate, appstreamcli, xmllint, clang-format).
# clang and libclang-rt-14-dev build the libFuzzer targets. groff-base and
# mandoc lint the manual pages.
VPOP3_DEPS_BUILD=(
  gcc clang libclang-rt-14-dev pkg-config meson ninja-build gettext
  libglib2.0-dev libglib2.0-dev-bin libxml2-utils libgtk-3-dev libgtk-3-bin
  libayatana-appindicator3-dev libsecret-1-dev libjson-glib-dev libsqlite3-dev
  desktop-file-utils appstream clang-format groff-base mandoc
)

# A headless session for the tests: X server, session bus, Secret Service,
# gdbus/gsettings, python3-gi for the D-Bus helpers, icons GTK can load, and
# rsvg-convert to check that our icons render; flatpak-builder (it pulls in
# flatpak) and python3-yaml for the offline checks of the Flatpak manifest.
# dbus-x11 must never be added: with it GTK autolaunches a bus that outlives
# the test (see the headless-testing notes).
VPOP3_DEPS_TEST=(
  xvfb xauth dbus libglib2.0-bin gnome-keyring libsecret-tools python3-gi
  gir1.2-glib-2.0 adwaita-icon-theme librsvg2-bin xdotool openssl
  flatpak-builder python3-yaml
  # The faults suite: network namespaces and veth pairs (ip), and a private
  # mount namespace for a hosts file of its own (unshare, util-linux).
  iproute2 util-linux
  # The l10n suite and ./scripts/screenshots --lang compile de_DE and fr_FR
  # with localedef from this package's sources into a private LOCPATH.
  locales
  # The a11y suite reads the applet over AT-SPI: the accessibility bus, its
  # Python bindings and GTK 3's bridge; the HighContrast themes for its
  # contrast checks.
  at-spi2-core gir1.2-atspi-2.0 libatk-adaptor gnome-themes-extra
  # The desktops suite: the applet in a real GNOME Shell, headless Wayland,
  # with the AppIndicator extension as its tray (~390 MB, once per machine).
  gnome-shell gnome-shell-extension-appindicator
  # vpop3ctl metrics is checked with Prometheus' own parser.
  python3-prometheus-client
)

# scripts/desktops: the other desktops the applet is proven on — KDE Plasma
# (~800 MB), sway with waybar's tray and grim for its screenshots (clicked
# through a wlroots virtual pointer written in Python), the Xfce panel — and
# ImageMagick to crop the screenshots.
VPOP3_DEPS_DESKTOPS=(
  gnome-shell gnome-shell-extension-appindicator
  plasma-desktop kwin-x11 kded5 qdbus-qt5
  sway waybar grim
  xfce4-panel imagemagick xdotool
  # scripts/lib/desktops/pixels.py tells our icons apart in screenshots.
  gir1.2-gdkpixbuf-2.0
)

# The demo's screenshots and a real tray host to show the applet in.
VPOP3_DEPS_DEMO=(
  xdotool imagemagick xfce4-panel
)

# The Debian packages (scripts/build-deb): the packaging tools and
# debian/control's Build-Depends. debootstrap makes the fresh Debian 12 that
# scripts/check-deb installs them into.
VPOP3_DEPS_DEB=(
  build-essential debhelper dpkg-dev fakeroot lintian
  appstream desktop-file-utils gettext libayatana-appindicator3-dev
  libglib2.0-bin libglib2.0-dev libglib2.0-dev-bin libgtk-3-dev
  libjson-glib-dev libsecret-1-dev libsqlite3-dev meson ninja-build pkg-config python3 groff-base
  libgtk-3-bin dbus-daemon
)
VPOP3_DEPS_DEB_CHECK=(
  debootstrap
)

# vpop3_deps_missing PACKAGE…: prints the packages that are not installed.
vpop3_deps_missing ()
{
  local pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
      printf '%s\n' "$pkg"
    fi
  done
}

# vpop3_deps_install PACKAGE…: installs whatever is missing, and does nothing
# (no apt-get update, no network) when everything is there already.
vpop3_deps_install ()
{
  local -a missing sudo=()
  mapfile -t missing < <(vpop3_deps_missing "$@")
  if ((${#missing[@]} == 0)); then
    echo "All ${#} packages are installed."
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing packages, and no apt-get to install them: ${missing[*]}" >&2
    return 1
  fi
  if ((EUID != 0)); then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "Missing packages, and no sudo to install them as root: ${missing[*]}" >&2
      return 1
    fi
    sudo=(sudo)
  fi
  echo "Installing: ${missing[*]}"
  # stdin from /dev/null: CI has no terminal, and apt must never wait for one.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}
