#!/usr/bin/env python3
# Every source or UI file with a translatable string must be in POTFILES.in,
# and every listed file must exist: otherwise its strings silently never
# reach translators.
import os, re, sys

root = sys.argv[1]
listed = set()
for line in open(os.path.join(root, 'po', 'POTFILES.in')):
    line = line.strip()
    if line and not line.startswith('#'):
        listed.add(line)

marker_c = re.compile(r'\b(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(')
marker_ui = re.compile(r'translatable="yes"')
needed = set()
for top in ('src', 'ui', 'data'):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for name in files:
            path = os.path.relpath(os.path.join(dirpath, name), root)
            if 'demo' in path.split(os.sep):
                continue
            if name.endswith('.c'):
                text = open(os.path.join(root, path), encoding='utf-8').read()
                if marker_c.search(text):
                    needed.add(path)
            elif name.endswith('.ui') or name.endswith('.xml.in') or name.endswith('.desktop.in') or name.endswith('.gschema.xml'):
                needed.add(path) if (marker_ui.search(open(os.path.join(root, path), encoding='utf-8').read())
                                     or not name.endswith('.ui')) else None

missing = sorted(needed - listed)
stale = sorted(p for p in listed if not os.path.exists(os.path.join(root, p)))
for p in missing:
    print('not in po/POTFILES.in:', p)
for p in stale:
    print('listed but missing:', p)
sys.exit(1 if missing or stale else 0)
