#!/usr/bin/env python3
# Compiles the glibc locales the tests format numbers and dates in
# (OUTDIR/ll_CC.UTF-8, used with LOCPATH=OUTDIR), because a build machine
# often has only C.UTF-8. A locale whose source is missing is left out and
# its tests skip; the stamp lists the ones that were built.
# Usage: make-sys-locales.py LOCALEDEF OUTDIR STAMP LOCALE...
import os
import subprocess
import sys

localedef, outdir, stamp = sys.argv[1:4]
sources = '/usr/share/i18n/locales'
built = []
os.makedirs(outdir, exist_ok=True)
for name in sys.argv[4:]:
    dest = os.path.join(outdir, name + '.UTF-8')
    if not os.path.exists(os.path.join(sources, name)):
        print(f'{name}: no source in {sources}, skipped')
        continue
    if os.path.exists(os.path.join(dest, 'LC_CTYPE')):
        built.append(name)
        continue
    # localedef exits 1 on mere warnings; what counts is the result.
    subprocess.run([localedef, '-i', name, '-f', 'UTF-8', dest],
                   stdout=subprocess.DEVNULL)
    if os.path.exists(os.path.join(dest, 'LC_CTYPE')):
        built.append(name)
    else:
        print(f'{name}: localedef failed, skipped')
with open(stamp, 'w', encoding='utf-8') as f:
    f.write(' '.join(built) + '\n')
