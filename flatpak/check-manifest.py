#!/usr/bin/env python3
# Checks that the Flatpak manifest stays consistent with the meson build:
# it cannot be built here (no Flathub), so drift would only show on the
# first real build. Usage: check-manifest.py SOURCE_ROOT MANIFEST
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import sys

root, manifest_path = sys.argv[1], sys.argv[2]
errors = []


def read(path):
    with open(os.path.join(root, path), encoding='utf-8') as f:
        return f.read()


with open(manifest_path, encoding='utf-8') as f:
    manifest = json.load(f)

# The ids: meson's app_id, the desktop file, the metainfo.
app_id = re.search(r"^app_id\s*=\s*'([^']+)'", read('meson.build'), re.M).group(1)
if manifest.get('app-id') != app_id:
    errors.append(f"app-id {manifest.get('app-id')!r} is not meson's app_id {app_id!r}")
if not os.path.exists(os.path.join(root, 'data', app_id + '.desktop.in')):
    errors.append(f'no data/{app_id}.desktop.in')
metainfo = read(os.path.join('data', app_id + '.metainfo.xml.in'))
meta_id = re.search(r'<id>([^<]+)</id>', metainfo).group(1)
if meta_id != manifest.get('app-id'):
    errors.append(f"metainfo id {meta_id!r} is not the manifest's {manifest.get('app-id')!r}")
launchable = re.search(r'<launchable type="desktop-id">([^<]+)</launchable>', metainfo)
if launchable is None or launchable.group(1) != app_id + '.desktop':
    errors.append('the metainfo does not launch the desktop file named for the app id')


# The installed executables, by meson target.
def installed_executables(path):
    text = read(path)
    names = []
    for m in re.finditer(r"executable\('([^']+)'(.*?)\n\)", text, re.S):
        if re.search(r'install:\s*true', m.group(2)):
            names.append(m.group(1))
    return names


app_bins = installed_executables('src/app/meson.build')
exec_line = re.search(r'^Exec=(\S+)', read(os.path.join('data', app_id + '.desktop.in')), re.M).group(1)
if manifest.get('command') not in app_bins:
    errors.append(f"command {manifest.get('command')!r} is not an installed app binary {app_bins}")
if manifest.get('command') != exec_line:
    errors.append(f"command {manifest.get('command')!r} is not the desktop file's Exec {exec_line!r}")
for path, binary in (('src/cli/meson.build', 'limn-convert'), ('src/server/meson.build', 'limn-server')):
    if binary not in installed_executables(path):
        errors.append(f'{binary} is not installed by {path}')
src_meson = read('src/meson.build')
for sub in ('cli', 'server'):
    # Built unconditionally: not inside an if block.
    if not re.search(rf"^subdir\('{sub}'\)", src_meson, re.M):
        errors.append(f'src/{sub} is not built unconditionally')

# The module: meson, from this checkout, options meson knows.
options = set(re.findall(r"^option\('([^']+)'", read('meson_options.txt'), re.M))
modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
limn = [m for m in modules if m.get('name') == 'limn']
if len(limn) != 1:
    errors.append('no single module named limn')
else:
    module = limn[0]
    if module.get('buildsystem') != 'meson':
        errors.append('the limn module is not built with meson')
    for opt in module.get('config-opts', []):
        m = re.match(r'-D([^=]+)=(.*)', opt)
        if m is None:
            continue
        if m.group(1) not in options:
            errors.append(f'config-opt {opt!r}: no such option in meson_options.txt')
        if m.group(1) == 'app' and m.group(2) != 'enabled':
            errors.append('the app must be enabled')
    dirs = [s for s in module.get('sources', []) if s.get('type') == 'dir']
    if len(dirs) != 1:
        errors.append('the limn module does not build from a dir source')
    else:
        src = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest_path)), dirs[0]['path']))
        if os.path.realpath(src) != os.path.realpath(root):
            errors.append(f'the dir source {src} is not this checkout {root}')
        skip = set(dirs[0].get('skip', []))
        # The build directories meson's docs and .ci/dev use: a copy of one
        # would only slow the build down.
        for d in ('.git', '.flatpak-builder', 'build-flatpak', 'build', 'build-dev', '_build'):
            if d not in skip:
                errors.append(f'the dir source does not skip {d}')

# finish-args: the narrowest set. Files come through portals, the
# password through the Secret Service.
args = manifest.get('finish-args', [])
allowed = {
    '--share=ipc', '--socket=fallback-x11', '--socket=wayland', '--device=dri',
    '--share=network', '--talk-name=org.freedesktop.secrets',
}
for arg in args:
    if arg not in allowed:
        errors.append(f'finish-arg {arg!r} is wider than needed')
for needed in ('--share=network', '--talk-name=org.freedesktop.secrets', '--socket=wayland'):
    if needed not in args:
        errors.append(f'finish-args lack {needed}')

for e in errors:
    print('FAIL:', e)
if errors:
    sys.exit(1)
print('manifest consistent with meson')
