#!/usr/bin/python3
# test-a11y-atspi.py
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every control of every window and dialog, as a screen reader hears it:
# starts the real `nascent` app under a private D-Bus session (meson runs
# this under dbus-run-session), walks through a short session that shows
# each window and dialog reachable without a long computation, and lists
# every push button, toggle button, menu button, check box, radio button,
# spin button, entry, search entry, drop-down, switch and slider on the
# AT-SPI bus. A control fails when it has no name, when its
# name is a class name ("GtkMenuButton"), or when its name holds an
# underscore (a mnemonic read out: "_Stop Stop").
#
# The session: the main window's Search, History and Studies views; the
# History page's Compare Runs, Pareto, Analyse Decisions, Rename, Delete,
# Compare and Retrain windows and dialogs over two tiny runs that
# nascent-cli writes first; the About and Keyboard Shortcuts windows; the
# Start Study dialog; and the Stop confirmation during a running search. Skips (TAP plan 0) without a display, when
# MNIST is not installed, or without NASCENT_CLI.
#
# Set NASCENT_A11Y_DUMP=1 to print every control seen to stderr.

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# Children long enough (seconds each) that the Stop button finds one in
# training; the search is stopped at once, never run to its end.
LONG_CHILD = ('{"dataset":"mnist","max_layers":1,"search_depth":false,"conv":"2d",'
              '"kernels":[1,3],"filters":[4,8],"pools":[2],"dropouts":[0.0],'
              '"episodes":400,"child_epochs":0,"child_steps":3000,"batch_size":16,'
              '"train_subset":200,"strategy":"reinforce","reward":"accuracy",'
              '"controller_lr":0.0006,"entropy_weight":0.01,"epsilon":0.1,'
              '"epsilon_decay":1.0,"baseline_decay":0.95,"episodes_per_update":1,'
              '"controller_units":32,"seed":"42","cache":false}')

APP_ID = 'io.github.nascent.Nascent'
TIMEOUT = 60
CONTROL_ROLES = ('push button', 'toggle button', 'menu button', 'check box', 'radio button', 'page tab')
# Value controls: named too, but never pressed by find().
INPUT_ROLES = ('spin button', 'text', 'entry', 'password text', 'combo box', 'switch', 'slider')
CLASS_NAME = re.compile(r'^(Gtk|Adw|Nas|Gdk)[A-Z][A-Za-z]*$')

# TAP to fd 3 when meson.build opens it, as in test-search-atspi.py.
try:
    TAP = os.fdopen(3, 'w')
except OSError:
    TAP = sys.stdout
sys.stdout = sys.stderr

pyatspi = None
pyatspi = None
DUMP = bool(os.environ.get('NASCENT_A11Y_DUMP'))
n_tests = 0
n_failed = 0


def tap(line):
    TAP.write(line + '\n')
    TAP.flush()


def skip(reason):
    tap('1..0 # SKIP ' + reason)
    sys.exit(0)


def result(passed, description, details=()):
    global n_tests, n_failed
    n_tests += 1
    if not passed:
        n_failed += 1
    tap('%s %d %s' % ('ok' if passed else 'not ok', n_tests, description))
    for line in details:
        tap('# ' + line)


def wait_until(what, condition, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = condition()
            if found:
                return found
        except Exception:
            pass
        time.sleep(0.2)
    raise AssertionError('timed out waiting for ' + what)


def walk(node, depth=0):
    """Every node under NODE, depth first. GTK 4.8 leaves hidden widgets
    out of the tree, so these are the ones shown."""
    yield node
    if depth > 60:
        return
    try:
        children = list(node.children)
    except Exception:
        return
    for child in children:
        yield from walk(child, depth + 1)


def controls(window):
    found = []
    for node in walk(window):
        try:
            role = node.roleName
            if role in CONTROL_ROLES or role in INPUT_ROLES:
                # The text inside an entry is part of the entry, which
                # carries the name.
                if role == 'text' and node.parent is not None and node.parent.roleName in INPUT_ROLES:
                    continue
                # Read-only text (the About window's credits) is not a control.
                if role == 'text' and not node.getState().contains(pyatspi.STATE_EDITABLE):
                    continue
                found.append((role, node.name or '', node))
        except Exception:
            pass
    return found


def offence(name):
    if not name.strip():
        return 'no name'
    if CLASS_NAME.match(name):
        return 'a class name'
    if '_' in name:
        return 'an underscore'
    return None


def audit(window, what):
    """One TAP line: every control of WINDOW has a clean name."""
    seen = controls(window)
    bad = []
    for role, name, _ in seen:
        if DUMP:
            print('%-40s %-14s %r' % (what, role, name))
        why = offence(name)
        if why:
            bad.append('%s %r: %s' % (role, name, why))
    result(not bad and len(seen) > 0,
           '%s: %d controls, each with a clean name' % (what, len(seen)),
           bad if bad else ([] if seen else ['no controls found']))


def frames(app):
    return [w for w in app.children if w.roleName in ('frame', 'dialog', 'window', 'alert', 'file chooser')]


def window_named(app, title):
    return wait_until('the window “%s”' % title,
                      lambda: next((w for w in frames(app) if w.name == title), None))


def new_window(app, before, what):
    """A top-level that was not in BEFORE."""
    return wait_until(what, lambda: next((w for w in frames(app) if w not in before), None))


def find(root, name, roles=CONTROL_ROLES + ('menu item',)):
    return next(iter(find_all(root, name, roles)), None)


def find_all(root, name, roles=CONTROL_ROLES + ('menu item',)):
    """The controls called NAME under ROOT. A name with an underscore, as
    GTK 4.8 gives mnemonic buttons, is matched by its shown text, and a
    control without a proper name by its tooltip, so that the session runs
    to its end even when the audits fail, and lists every offender."""
    found = []
    for node in walk(root):
        try:
            if node.roleName in roles and node.sensitive:
                shown = (node.name or '').replace('_', '')
                if shown in (name, name + ' ' + name) or (offence(shown) and node.description == name):
                    found.append(node)
        except Exception:
            pass
    return found


def press(root, name, what=None):
    """Presses the control called NAME. A menu button is two nodes of one
    name, the button and its toggle; only the toggle has an action."""
    def pressed():
        for node in find_all(root, name):
            for action in ('click', 'activate', 'press'):
                try:
                    node.doActionNamed(action)
                    return node
                except Exception:
                    continue
        return None
    return wait_until(what or '“%s” to press' % name, pressed)


def close(app, window):
    """Closes WINDOW with a title bar Close button and waits for it to go
    (libadwaita's About window has one per page, only the shown one
    works)."""
    def closed():
        if window not in frames(app):
            return True
        for node in find_all(window, 'Close'):
            try:
                node.doActionNamed('click')
            except Exception:
                pass
            time.sleep(0.3)
            if window not in frames(app):
                return True
        return False
    wait_until('a window to close', closed)


def select_rows(view, rows):
    sel = view.querySelection()
    sel.clearSelection()
    for i in rows:
        sel.selectChild(i)


def main():
    if not os.environ.get('DISPLAY'):
        skip('no display: run the ui suite under xvfb-run -a')
    if not any(os.path.isdir(os.path.join(d, 'mnist')) for d in (
            os.path.join(os.environ.get('XDG_DATA_HOME', os.path.expanduser('~/.local/share')), 'nascent', 'datasets'),
            os.environ.get('NASCENT_DATA_DIR', '/nonexistent'),
            '/usr/share/datasets')):
        skip('MNIST is not installed')
    if not os.environ.get('NASCENT_CLI'):
        skip('NASCENT_CLI is not set')

    tmp = tempfile.mkdtemp(prefix='test-a11y-atspi-')
    os.makedirs(os.path.join(tmp, 'config', 'glib-2.0', 'settings'))
    with open(os.path.join(tmp, 'config', 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write('[io/github/nascent/Nascent]\n')
        f.write("search-config='%s'\n" % LONG_CHILD)
        f.write("search-preset='custom'\n")

    database = os.path.join(tmp, 'history.db')
    for name, seed in (('first', '3'), ('second', '4')):
        subprocess.run([os.environ['NASCENT_CLI'], 'search', '--database', database, '--name', name,
                        '--episodes', '3', '--child-steps', '6', '--batch-size', '16',
                        '--train-subset', '200', '--kernels', '1,3', '--filters', '4,8',
                        '--dropouts', '0', '--seed', seed, '--threads', '1', '--quiet'],
                       check=True, stdout=subprocess.DEVNULL)

    env = dict(os.environ)
    env['XDG_CONFIG_HOME'] = os.path.join(tmp, 'config')
    env['GSETTINGS_BACKEND'] = 'keyfile'
    env['GTK_A11Y'] = 'atspi'
    env.pop('NO_AT_BRIDGE', None)
    os.environ['GTK_A11Y'] = 'atspi'

    # dogtail refuses to run unless the desktop's accessibility setting is
    # on; in this process's own memory backend, it is.
    os.environ['GSETTINGS_BACKEND'] = 'memory'
    from gi.repository import Gio, GLib
    Gio.Settings.new('org.gnome.desktop.interface').set_boolean('toolkit-accessibility', True)

    from dogtail import tree
    global pyatspi
    import pyatspi
    from dogtail.config import config
    config.searchCutoffCount = 5
    config.logDebugToStdOut = False
    config.logDebugToFile = False

    proc = subprocess.Popen([os.environ['NASCENT_APP'], '--database', database], env=env)
    try:
        run(tree, Gio, GLib)
    except Exception:
        import traceback
        result(False, 'the session ran to its end', traceback.format_exc().splitlines())
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    tap('1..%d' % n_tests)
    sys.exit(1 if n_failed else 0)


def activate(Gio, GLib, action, path='/io/github/nascent/Nascent'):
    """Activates the exported action ACTION of the app (app.about) or of
    its first window (win.show-help-overlay), as a launcher would."""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync(APP_ID, path, 'org.gtk.Actions', 'Activate',
                  GLib.Variant('(sava{sv})', (action, [], {})),
                  None, Gio.DBusCallFlags.NONE, -1, None)


def run(tree, Gio, GLib):
    app = wait_until('the app on the AT-SPI bus',
                     lambda: next((a for a in tree.root.applications() if a.name == 'nascent'), None))
    main_window = window_named(app, 'Nascent')
    wait_until('the Search view', lambda: find(main_window, 'Start search'))
    audit(main_window, 'main window, Search view')

    # History, over the two runs nascent-cli wrote.
    press(main_window, 'History')
    runs_view = wait_until('the runs list', lambda: next(
        (n for n in walk(main_window) if n.roleName == 'list' and n.childCount == 2
         and any(m.name == 'first' for m in walk(n))), None))
    audit(main_window, 'main window, History view')

    # The table's filter popover and column chooser.
    for button, what in (('Filters', 'History filter popover'), ('Columns', 'History column chooser')):
        press(main_window, button)
        time.sleep(1)
        audit(app, what)
        press(main_window, button)
        time.sleep(0.5)

    before = frames(app)
    press(main_window, 'Run Menu')
    press(app, 'Compare Rewards of Selected Runs')
    window = new_window(app, before, 'the run comparison')
    audit(window, 'run comparison window')
    close(app, window)

    select_rows(runs_view, [0])
    before = frames(app)
    press(main_window, 'Run Menu')
    press(app, 'Pareto Chart')
    window = new_window(app, before, 'the Pareto window')
    audit(window, 'Pareto window')
    close(app, window)

    before = frames(app)
    press(main_window, 'Run Menu')
    press(app, 'Analyse Decisions')
    window = new_window(app, before, 'the decision analysis window')
    audit(window, 'decision analysis window')
    close(app, window)

    for item, dialog_what, cancel in (('Rename…', 'Rename dialog', 'Cancel'),
                                      ('Delete…', 'Delete dialog', 'Cancel')):
        before = frames(app)
        press(main_window, 'Run Menu')
        press(app, item)
        dialog = new_window(app, before, 'the ' + dialog_what)
        audit(dialog, dialog_what)
        press(dialog, cancel)
        wait_until('the dialog to close', lambda: dialog not in frames(app))

    table = wait_until('the architectures table', lambda: next(
        (n for n in walk(main_window) if n.roleName == 'list'
         and any(c.roleName == 'table row' for c in n.children)), None))
    select_rows(table, [0, 1])
    before = frames(app)
    press(main_window, 'Compare')
    window = new_window(app, before, 'the architecture comparison')
    audit(window, 'architecture comparison window')
    close(app, window)

    select_rows(table, [0])
    before = frames(app)
    press(main_window, 'Architecture Menu')
    press(app, 'Retrain…')
    window = new_window(app, before, 'the Retrain window')
    audit(window, 'Retrain window')
    close(app, window)

    before = frames(app)
    activate(Gio, GLib, 'about')
    window = new_window(app, before, 'the About window')
    audit(window, 'About window')
    close(app, window)

    before = frames(app)
    activate(Gio, GLib, 'show-help-overlay', '/io/github/nascent/Nascent/window/1')
    window = new_window(app, before, 'the Keyboard Shortcuts window')
    audit(window, 'Keyboard Shortcuts window')
    close(app, window)

    # The Studies view, with no study yet.
    press(main_window, 'Studies')
    wait_until('the Studies view', lambda: find(main_window, 'Studies'))
    time.sleep(1)
    audit(main_window, 'main window, Studies view')

    # Start Study…, from the menu beside Start.
    press(main_window, 'Search')
    before = frames(app)
    press(main_window, 'More ways to start')
    press(app, 'Start Study…')
    dialog = new_window(app, before, 'the Start Study dialog')
    audit(dialog, 'Start Study dialog')
    press(dialog, 'Cancel')
    wait_until('the dialog to close', lambda: dialog not in frames(app))

    # The Stop confirmation: a child is always in training (LONG_CHILD).
    press(main_window, 'Search')
    press(main_window, 'Start search')
    wait_until('the search to run', lambda: find(main_window, 'Stop search'))
    time.sleep(2)
    before = frames(app)

    def asked():
        # Between two children Stop does not ask: start again and retry.
        if find(main_window, 'Start search'):
            press(main_window, 'Start search')
            wait_until('the search to run', lambda: find(main_window, 'Stop search'))
            time.sleep(1)
        if find(main_window, 'Stop search'):
            press(main_window, 'Stop search')
        return next((w for w in frames(app) if w not in before), None)

    dialog = wait_until('the Stop confirmation', asked)
    audit(dialog, 'Stop confirmation dialog')
    press(dialog, 'Stop')
    wait_until('the search to stop', lambda: find(main_window, 'Start search'))
    # A run with an episode done leaves its end-of-run card, whose buttons
    # are named like every other control.
    if find(main_window, 'Open in History'):
        assert find(main_window, 'Retrain Best…')
        audit(main_window, 'main window, end-of-run card')
    result(True, 'the session ran to its end')


if __name__ == '__main__':
    main()
