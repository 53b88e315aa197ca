#!/usr/bin/env python3
# Lays the compiled catalogs out as OUTDIR/LL/LC_MESSAGES/limn.mo, the shape
# bindtextdomain() looks for, so an uninstalled build (and the tests) can run
# translated with LIMN_LOCALEDIR=OUTDIR.
# Usage: make-dev-locale.py PODIR OUTDIR STAMP
import os
import subprocess
import sys

podir, outdir, stamp = sys.argv[1:4]
with open(os.path.join(podir, 'LINGUAS'), encoding='utf-8') as f:
    langs = [w for line in f for w in line.split('#', 1)[0].split()]
for lang in langs:
    dest = os.path.join(outdir, lang, 'LC_MESSAGES')
    os.makedirs(dest, exist_ok=True)
    subprocess.run(['msgfmt', '--check', '-o', os.path.join(dest, 'limn.mo'),
                    os.path.join(podir, lang + '.po')], check=True)
with open(stamp, 'w', encoding='utf-8') as f:
    f.write(' '.join(langs) + '\n')
