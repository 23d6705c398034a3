#!/usr/bin/env python3
# test-flatpak-manifest.py
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Flatpak manifest (build-aux/flatpak/io.github.nascent.Nascent.json)
# cannot be built here (no network, no flatpak-builder), so this checks
# what it refers to: its app-id is the desktop file's and the metainfo's,
# its command is a program meson installs into bin, the runtime is the
# GNOME 43 one (GTK 4.8, libadwaita 1.2), every downloaded source has a
# SHA-256, every local source exists, and the MNIST sums it checks are
# the ones build-aux/setup.sh checks.

import json
import os
import re
import xml.etree.ElementTree as ET

SRC = os.environ['NASCENT_SRCDIR']
BUILD = os.environ['NASCENT_BUILDDIR']
FLATPAK = os.path.join(SRC, 'build-aux', 'flatpak')
n = 0
failed = 0


def check(ok, what, detail=''):
    global n, failed
    n += 1
    failed += not ok
    print('%s %d %s' % ('ok' if ok else 'not ok', n, what))
    if not ok and detail:
        print('# ' + str(detail))


manifest = json.load(open(os.path.join(FLATPAK, 'io.github.nascent.Nascent.json')))
app_id = manifest['app-id']
metainfo = ET.parse(os.path.join(SRC, 'data', app_id + '.metainfo.xml.in')).getroot()

check(os.path.exists(os.path.join(SRC, 'data', app_id + '.desktop.in')), 'the desktop file is named after the app-id')
check(metainfo.findtext('id') == app_id, "the metainfo's id is the app-id", metainfo.findtext('id'))
check(metainfo.findtext('launchable') == app_id + '.desktop', "the metainfo launches the app-id's desktop file")
check((manifest['runtime'], manifest['sdk'], manifest['runtime-version']) ==
      ('org.gnome.Platform', 'org.gnome.Sdk', '43'), 'GNOME runtime and SDK 43 (GTK 4.8, libadwaita 1.2)')

installed = json.load(open(os.path.join(BUILD, 'meson-info', 'intro-installed.json'))).values()
bins = {os.path.basename(p) for p in installed if os.path.basename(os.path.dirname(p)) == 'bin'}
check(manifest['command'] in bins, 'the command %s is installed into bin by meson' % manifest['command'], bins)

args = manifest['finish-args']
check('--socket=wayland' in args and '--socket=fallback-x11' in args and '--share=ipc' in args,
      'finish-args give a GTK app its display', args)
check(not any(a.startswith('--filesystem=') for a in args),
      'no file system access (files go through the portals)', args)

names = [m['name'] for m in manifest['modules']]
check(names[-1] == 'nascent' and 'openblas' in names, 'OpenBLAS is built before Nascent', names)
for module in manifest['modules']:
    for source in module['sources']:
        if 'url' in source:
            check(re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')) is not None,
                  '%s: %s has a SHA-256' % (module['name'], source['url']))
        else:
            check(os.path.exists(os.path.join(FLATPAK, source['path'])),
                  '%s: local source %s exists' % (module['name'], source['path']))

openblas = [s['url'] for m in manifest['modules'] if m['name'] == 'openblas' for s in m['sources']]
check(any('/v0.3.21/OpenBLAS-0.3.21.tar.gz' in u for u in openblas), 'OpenBLAS 0.3.21, as in Debian 12', openblas)


def sums(text):
    return {os.path.basename(f): h for h, f in re.findall(r'([0-9a-f]{64})  ([\w/.-]+)', text)}


setup = sums(open(os.path.join(SRC, 'build-aux', 'setup.sh')).read())
ours = sums(open(os.path.join(FLATPAK, 'mnist.sha256')).read())
check(len(ours) == 4 and ours == setup, "the manifest checks MNIST's files against setup.sh's sums", (ours, setup))
check(any(a == '--env=NASCENT_DATA_DIR=/app/share/nascent/datasets' for a in args) and
      any('/app/share/nascent/datasets/mnist' in c for m in manifest['modules']
          for c in m.get('build-commands', [])),
      'MNIST is installed where NASCENT_DATA_DIR points the app')

shots = [i.text for i in metainfo.iter('image')]
check(shots and all(re.fullmatch(r'https://raw\.githubusercontent\.com/nascent/Nascent/main/(data/screenshots/[\w.-]+\.png)', u)
                    and os.path.exists(os.path.join(SRC, u.split('/main/', 1)[1])) for u in shots),
      "the metainfo's screenshots are files of this repository, by their raw URL", shots)

print('1..%d' % n)
raise SystemExit(1 if failed else 0)
