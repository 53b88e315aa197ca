#!/usr/bin/python3
# a11y-unnamed.py PID [STEP...]
#
# Reads the accessibility tree of the application with process id PID over
# AT-SPI (the a11y bus of this D-Bus session) and prints every interactive
# node that has no accessible name: what a screen reader would announce as
# just "button". Then, for each STEP, does it and walks the tree again:
#   PAGE        activates that view switcher button (e.g. "Progress"), so
#               pages built on first show are read too;
#   click:NAME  activates the button named NAME over AT-SPI and walks again
#               (e.g. Get Items, which fills the Review page);
#   press:NAME  activates the button named NAME over AT-SPI (e.g. the Flag
#               button), then reads the window it opens and closes it;
#   key:KEYS    types the shortcut KEYS (xdotool names) into the main
#               window, for what only a menu or a key opens (Preferences,
#               Import, Export), then reads and closes the new window;
#   toggle:NAME activates the toggle button NAME twice (a panel hidden and
#               shown again) and reads what it shows;
#   menu:KEYS   types KEYS (F10: the main menu) into the main window, reads
#               the open menu (it must show menu items), closes it with
#               Escape;
#   menu:KEYS:ITEM  the same, then activates the menu item named ITEM (its
#               mnemonic left out) and reads and closes the window it opens;
#   popover:NAME    opens the popover of the toggle button whose name starts
#               with NAME (e.g. a coaching note's "Note to "), reads it
#               (it must add nodes to the tree), closes it with Escape.
# A window a step opened must have appeared (else exit status 3); it is
# closed with its Cancel or Close button, or Escape.
# A name holding a mnemonic underscore ("_Cancel", "Sign _In": "_" then a
# letter, at the start of a word or inside it) counts as a bad name too: a
# screen reader would read the underscore.
# Exit status: 0 if every node has a good name, 1 if some have none or a
# bad one, 2 if the application never showed up, 3 if a step found
# nothing to act on.
#
# Needs Debian's gir1.2-atspi-2.0 and python3-gi (the system python3), and
# xdotool for key steps.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import re
import subprocess
import sys
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi  # noqa: E402

R = Atspi.Role
INTERACTIVE = {
    R.PUSH_BUTTON, R.TOGGLE_BUTTON, R.CHECK_BOX, R.RADIO_BUTTON,
    R.ENTRY, R.PASSWORD_TEXT, R.SPIN_BUTTON, R.COMBO_BOX, R.LIST_ITEM,
    R.SLIDER, R.MENU_ITEM, R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM,
    R.PAGE_TAB,
}

# With no name of its own, GTK 4.8 reports the widget's type name
# ("GtkImage", "GtkMenuButton"): that is no name to a person either.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Limn)[A-Z][A-Za-z0-9]*$')

# "_" followed by a letter: a mnemonic marker left in the name.
MNEMONIC = re.compile(r'_[^\W\d_]')


def find_app(pid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid and app.get_child_count() > 0:
                    return app
            except gi.repository.GLib.Error:
                pass
        time.sleep(0.2)
    return None


def has_action(node):
    try:
        return node.get_n_actions() > 0
    except gi.repository.GLib.Error:
        return False


def is_interactive(node, role):
    if role in INTERACTIVE:
        return True
    return role in (R.IMAGE, R.ICON) and has_action(node)


def showing(node):
    # GTK 4.8 sets SHOWING only on windows; VISIBLE follows the widget's
    # visible property (so pages of a stack not on screen are read too,
    # as a screen reader may reach them).
    return node.get_state_set().contains(Atspi.StateType.VISIBLE)


def path_of(node):
    parts = []
    while node is not None:
        try:
            role = node.get_role_name()
            name = node.get_name() or ''
        except gi.repository.GLib.Error:
            break
        if role == 'application':
            break
        parts.append(f'{role}({name})' if name else role)
        node = node.get_parent()
    return ' < '.join(parts)


def position(node):
    # Where the node is in the tree: the same node read on two pages
    # counts once.
    indexes = []
    while node is not None and node.get_role() != R.APPLICATION:
        indexes.append(node.get_index_in_parent())
        node = node.get_parent()
    return tuple(reversed(indexes))


def walk(node, found, depth=0):
    if node is None or depth > 60:
        return
    try:
        role = node.get_role()
        if not showing(node) and role != R.APPLICATION:
            return
        name = (node.get_name() or '').strip()
        if is_interactive(node, role) and (not name or TYPE_NAME.match(name)):
            found.append((position(node), path_of(node)))
        elif MNEMONIC.search(name):
            found.append((position(node), 'mnemonic in name: ' + path_of(node)))
        n = node.get_child_count()
    except gi.repository.GLib.Error:
        return
    for i in range(n):
        try:
            child = node.get_child_at_index(i)
        except gi.repository.GLib.Error:
            continue
        walk(child, found, depth + 1)


def find_named(node, roles, name, depth=0, ends=False):
    if node is None or depth > 60:
        return None
    try:
        node_name = node.get_name() or ''
        if (node.get_role() in roles and showing(node)
                and (node_name == name or (ends and node_name.endswith(' ' + name)))):
            return node
        n = node.get_child_count()
    except gi.repository.GLib.Error:
        return None
    for i in range(n):
        hit = find_named(node.get_child_at_index(i), roles, name, depth + 1, ends)
        if hit is not None:
            return hit
    return None


def report(node, where):
    found = []
    walk(node, found)
    for _, path in found:
        print(f'# unnamed [{where}]: {path}' if not path.startswith('mnemonic')
              else f'# bad name [{where}]: {path}')
    return found


def windows(app):
    out = []
    for i in range(app.get_child_count()):
        try:
            child = app.get_child_at_index(i)
            if child is not None and showing(child):
                out.append(child)
        except gi.repository.GLib.Error:
            pass
    return out


def xdotool(*args):
    return subprocess.run(['xdotool', *args], capture_output=True, text=True).stdout.split()


def x_windows(pid):
    return set(xdotool('search', '--onlyvisible', '--pid', str(pid), '--name', '.'))


def wait_new_window(app, before, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for w in windows(app):
            if position(w) not in before:
                time.sleep(1.5)   # let it build its rows
                return w
        time.sleep(0.2)
    return None


def close_window(window, pid, x_before):
    for name in ('Cancel', 'Close'):
        button = find_named(window, (R.PUSH_BUTTON,), name)
        if button is not None:
            print(f'# closing with "{name}"')
            button.do_action(0)
            time.sleep(0.8)
            return
    print('# closing with Escape')
    for xid in x_windows(pid) - x_before:
        xdotool('windowfocus', '--sync', xid)
        xdotool('key', 'Escape')
    time.sleep(0.8)


def count_showing(node, depth=0):
    if node is None or depth > 60:
        return 0
    try:
        if node.get_role() != R.APPLICATION and not showing(node):
            return 0
        n = node.get_child_count()
    except gi.repository.GLib.Error:
        return 0
    return 1 + sum(count_showing(node.get_child_at_index(i), depth + 1) for i in range(n))


def find_prefixed(node, roles, prefix, depth=0, actionable=False):
    # actionable: a GtkMenuButton is a node named like the toggle button
    # inside it, which is the one that acts.
    if node is None or depth > 60:
        return None
    try:
        if (node.get_role() in roles and showing(node) and (node.get_name() or '').startswith(prefix)
                and (not actionable or has_action(node))):
            return node
        n = node.get_child_count()
    except gi.repository.GLib.Error:
        return None
    for i in range(n):
        hit = find_prefixed(node.get_child_at_index(i), roles, prefix, depth + 1, actionable)
        if hit is not None:
            return hit
    return None


MENU_ITEMS = (R.MENU_ITEM, R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM)


def escape(pid):
    # An open popover or menu has the keyboard grab: no window to focus.
    xdotool('key', 'Escape')
    time.sleep(0.8)


def menu_step(app, pid, keys, item):
    xid = main_window_xid(pid)
    if xid is None:
        print('# no main window to type into', file=sys.stderr)
        return None
    xdotool('windowfocus', '--sync', xid)
    xdotool('key', '--delay', '40', *keys.split())
    time.sleep(1.5)
    if find_prefixed(app, MENU_ITEMS, '') is None:
        print(f'# "{keys}" opened no menu', file=sys.stderr)
        escape(pid)
        return None
    found = report(app, 'menu:' + keys)
    if not item:
        escape(pid)
        return found
    before = {position(w) for w in windows(app)}
    x_before = x_windows(pid)
    node = find_named(app, MENU_ITEMS, item)
    if node is None:
        print(f'# no menu item "{item}"', file=sys.stderr)
        escape(pid)
        return None
    node.do_action(0)
    window = wait_new_window(app, before)
    if window is None:
        print(f'# menu item "{item}" opened no window', file=sys.stderr)
        return None
    print(f'# [{item}] read {window.get_role_name()}({window.get_name() or ""})')
    found += report(window, item)
    close_window(window, pid, x_before)
    return found


def popover_step(app, pid, prefix):
    button = find_prefixed(app, (R.TOGGLE_BUTTON, R.PUSH_BUTTON), prefix, actionable=True)
    if button is None:
        print(f'# no button starting "{prefix}"', file=sys.stderr)
        return None
    before = count_showing(app)
    button.do_action(0)
    time.sleep(1.5)
    after = count_showing(app)
    if after <= before:
        print(f'# "{button.get_name()}" opened nothing ({before} -> {after} nodes)', file=sys.stderr)
        return None
    print(f'# [popover {button.get_name()}] {after - before} more nodes')
    found = report(app, 'popover:' + prefix)
    escape(pid)
    return found


def main_window_xid(pid):
    ids = xdotool('search', '--onlyvisible', '--pid', str(pid), '--name', '^Limn')
    return ids[0] if ids else None


def do_step(app, pid, step):
    """Does @step; returns the unnamed nodes found after it, or None if it
    found nothing to act on."""
    kind, _, arg = step.partition(':') if ':' in step else ('page', '', step)
    before = {position(w) for w in windows(app)}
    x_before = x_windows(pid)
    if kind == 'page':
        button = find_named(app, (R.PAGE_TAB, R.TOGGLE_BUTTON, R.RADIO_BUTTON, R.PUSH_BUTTON), arg)
        if button is None:
            print(f'# no switcher button "{arg}"', file=sys.stderr)
            return None
        button.do_action(0)
        time.sleep(2.5)
        return report(app, arg)
    if kind == 'toggle':
        button = find_named(app, (R.TOGGLE_BUTTON,), arg)
        if button is None:
            print(f'# no toggle button "{arg}"', file=sys.stderr)
            return None
        button.do_action(0)
        time.sleep(0.8)
        button.do_action(0)
        time.sleep(1.5)
        return report(app, step)
    if kind == 'click':
        button = find_named(app, (R.PUSH_BUTTON,), arg, ends=True)
        if button is None:
            print(f'# no button "{arg}"', file=sys.stderr)
            return None
        button.do_action(0)
        time.sleep(2.5)
        return report(app, step)
    if kind == 'menu':
        keys, _, item = arg.partition(':')
        return menu_step(app, pid, keys, item)
    if kind == 'popover':
        return popover_step(app, pid, arg)
    if kind == 'press':
        button = find_named(app, (R.PUSH_BUTTON, R.TOGGLE_BUTTON), arg, ends=True)
        if button is None:
            print(f'# no button "{arg}"', file=sys.stderr)
            return None
        button.do_action(0)
    elif kind == 'key':
        xid = main_window_xid(pid)
        if xid is None:
            print('# no main window to type into', file=sys.stderr)
            return None
        xdotool('windowfocus', '--sync', xid)
        xdotool('key', '--delay', '40', *arg.split())
    else:
        print(f'# unknown step "{step}"', file=sys.stderr)
        return None
    window = wait_new_window(app, before)
    if window is None:
        print(f'# step "{step}" opened no window', file=sys.stderr)
        return None
    print(f'# [{step}] read {window.get_role_name()}({window.get_name() or ""})')
    found = report(window, step)
    close_window(window, pid, x_before)
    return found


def main():
    pid = int(sys.argv[1])
    steps = sys.argv[2:]
    app = find_app(pid, 30)
    if app is None:
        print(f'# no accessible application with pid {pid}', file=sys.stderr)
        return 2
    all_found = report(app, 'start')
    missing = 0
    for step in steps:
        found = do_step(app, pid, step)
        if found is None:
            missing += 1
        else:
            all_found += found
    unique = {pos for pos, _ in all_found}
    print(f'# unnamed: {len(unique)}')
    if unique:
        return 1
    return 3 if missing else 0


if __name__ == '__main__':
    sys.exit(main())
