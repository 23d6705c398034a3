#!/usr/bin/python3
# test-search-atspi.py
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Search controls seen through AT-SPI, as a screen reader or a test
# robot sees them: starts the real `nascent` app under a private D-Bus
# session (meson runs this under dbus-run-session), finds the header-bar
# buttons by their accessible names "Start search", "Pause search",
# "Resume search" and "Stop search", and presses them through dogtail,
# checking after each press that the right buttons show.
#
# The app gets a tiny search (10 mini-batches per child) through a keyfile
# GSettings backend in a temporary XDG_CONFIG_HOME. Skips (exit 77) without
# a display, or when MNIST is not installed.

import os
import shutil
import subprocess
import sys
import tempfile
import time

TINY = ('{"dataset":"mnist","max_layers":1,"search_depth":false,"conv":"2d",'
        '"kernels":[1,3],"filters":[4,8],"pools":[2],"dropouts":[0.0],'
        '"episodes":400,"child_epochs":0,"child_steps":10,"batch_size":16,'
        '"train_subset":200,"strategy":"reinforce","reward":"accuracy",'
        '"controller_lr":0.0006,"entropy_weight":0.01,"epsilon":0.1,'
        '"epsilon_decay":1.0,"baseline_decay":0.95,"episodes_per_update":1,'
        '"controller_units":32,"seed":"42","cache":false}')

TIMEOUT = 90

# TAP goes to fd 3 when meson.build opens it (the test's real stdout: the
# session's dbus-daemon and at-spi registry, which print to their stdout,
# were given stderr), else to stdout; dogtail's chatter ("Creating
# logfile…") goes to stderr with everything else.
try:
    TAP = os.fdopen(3, 'w')
except OSError:
    TAP = sys.stdout
sys.stdout = sys.stderr


def tap(line):
    TAP.write(line + '\n')
    TAP.flush()


def skip(reason):
    tap('1..0 # SKIP ' + reason)
    sys.exit(0)


def main():
    if not os.environ.get('DISPLAY'):
        skip('no display: run the ui suite under xvfb-run -a')
    if not any(os.path.isdir(os.path.join(d, 'mnist')) for d in (
            os.path.join(os.environ.get('XDG_DATA_HOME', os.path.expanduser('~/.local/share')), 'nascent', 'datasets'),
            os.environ.get('NASCENT_DATA_DIR', '/nonexistent'),
            '/usr/share/datasets')):
        skip('MNIST is not installed')

    tmp = tempfile.mkdtemp(prefix='test-search-atspi-')
    os.makedirs(os.path.join(tmp, 'config', 'glib-2.0', 'settings'))
    with open(os.path.join(tmp, 'config', 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write('[io/github/nascent/Nascent]\n')
        f.write("search-config='%s'\n" % TINY)
        f.write("search-preset='custom'\n")

    env = dict(os.environ)
    env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
    env['GSETTINGS_BACKEND'] = 'keyfile'
    env['GTK_A11Y'] = 'atspi'
    env.pop('NO_AT_BRIDGE', None)
    # The app and dogtail must share this test's private session bus.
    os.environ['GTK_A11Y'] = 'atspi'

    # dogtail refuses to run unless the desktop's accessibility setting is
    # on; in this process's own memory backend, it is.
    os.environ['GSETTINGS_BACKEND'] = 'memory'
    from gi.repository import Gio
    Gio.Settings.new('org.gnome.desktop.interface').set_boolean('toolkit-accessibility', True)

    # dogtail talks to the AT-SPI registry as soon as it is imported.
    from dogtail import tree
    from dogtail.config import config
    config.searchCutoffCount = 5
    config.logDebugToStdOut = False
    config.logDebugToFile = False

    proc = subprocess.Popen([os.environ['NASCENT_APP'], '--database', os.path.join(tmp, 'history.db')],
                            env=env)
    status = 1
    try:
        status = run(tree, proc)
    except Exception:
        # dogtail replaces sys.excepthook; say what failed in TAP instead.
        import traceback
        tap('not ok %d' % (n_tests + 1))
        for line in traceback.format_exc().splitlines():
            tap('# ' + line)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(status)


def wait_until(what, condition):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except Exception:
            pass
        time.sleep(0.1)
    raise AssertionError('timed out waiting for ' + what)


def find_buttons(node, name, depth=0):
    """Buttons called NAME under NODE, without descending into scrolled
    windows (the set-up form and the charts: hundreds of nodes whose every
    query is a D-Bus round trip to an app that is busy training)."""
    found = []
    try:
        role = node.roleName
        if node.name == name and role in ('push button', 'button'):
            found.append(node)
        if role == 'scroll pane' or depth > 14:
            return found
        for child in node.children:
            found.extend(find_buttons(child, name, depth + 1))
    except Exception:
        pass
    return found


def showing(app, name):
    """The shown, sensitive button called NAME, or None. GTK 4.8 leaves
    hidden widgets out of the accessible tree (and does not set
    STATE_SHOWING), so being in the tree is being shown."""
    for node in find_buttons(app, name):
        if node.sensitive:
            return node
    return None


def press(app, name):
    button = wait_until('“%s” to show' % name, lambda: showing(app, name))
    button.doActionNamed('click')


n_tests = 0


def ok(description):
    global n_tests
    n_tests += 1
    tap('ok %d %s' % (n_tests, description))


def run(tree, proc):
    tap('1..5')
    app = wait_until('the app on the AT-SPI bus',
                     lambda: next((a for a in tree.root.applications() if a.name == 'nascent'), None))
    ok('nascent is on the accessibility bus')

    press(app, 'Start search')
    wait_until('Pause and Stop to show', lambda: showing(app, 'Pause search') and showing(app, 'Stop search'))
    assert showing(app, 'Start search') is None
    ok('Start search starts a search')

    press(app, 'Pause search')
    wait_until('Resume to show', lambda: showing(app, 'Resume search'))
    assert showing(app, 'Pause search') is None
    ok('Pause search pauses')

    press(app, 'Resume search')
    wait_until('Pause to show again', lambda: showing(app, 'Pause search'))
    ok('Resume search resumes')

    press(app, 'Stop search')

    # A child part-way through its training asks first.
    def stopped_or_asked():
        if showing(app, 'Start search'):
            return True
        # The dialog's button is named "Stop", without its mnemonic.
        for node in find_buttons(app, 'Stop')[:1]:
            node.doActionNamed('click')
        return False

    wait_until('Start to show again', stopped_or_asked)
    assert showing(app, 'Stop search') is None
    ok('Stop search stops')

    assert proc.poll() is None, 'the app exited'
    return 0


if __name__ == '__main__':
    main()
