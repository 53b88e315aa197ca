# labelme-first-paint.py
#
# Runs Debian's labelme (its own main(), unchanged) on FILE and prints, in
# the key=value lines of bench/floor-viewer, when the first frame showing
# the image was painted and flushed, its CPU time then (process and main
# thread) and its resident memory after a few more frames; then quits. For
# bench-startup, which times labelme in the same run as Limn.
#
#   /usr/bin/python3 bench/labelme-first-paint.py FILE   (an image, or a labelme JSON)
#
# (the interpreter on labelme's own #! line: bench-startup reads it there)
#
# The time is CLOCK_MONOTONIC, like g_get_monotonic_time() in the GTK
# children, so the parent subtracts its spawn time from it. labelme shows
# its window empty first and loads the file from a zero timer; the frame
# that counts is the first one painted with the image (and its shapes).
# The report runs from a zero timer after that paint, so after Qt has
# flushed the window's backing store to the X server.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import sys
import time


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


def main():
    from qtpy import QtCore, QtWidgets
    from labelme.widgets import canvas as canvas_module
    import labelme.__main__

    paint = canvas_module.Canvas.paintEvent
    frames = [0]

    def settle(canvas):
        # A few more frames, for what a second paint still allocates.
        if frames[0] < 10:
            canvas.update()
            return
        print("rss-settled-mb=%.1f" % rss_mb(), flush=True)
        QtWidgets.QApplication.instance().quit()

    def report(canvas):
        print("first-frame-us=%d" % (time.monotonic_ns() // 1000))
        print("rss-mb=%.1f" % rss_mb())
        print("cpu-ms=%.1f" % (time.process_time() * 1000))
        print("main-cpu-ms=%.1f" % (time.thread_time() * 1000))
        print("renderer=Qt %s (raster)" % QtWidgets.QApplication.platformName(), flush=True)
        settle(canvas)

    def timed_paint(self, event):
        paint(self, event)
        if self.pixmap.isNull():
            return
        frames[0] += 1
        QtCore.QTimer.singleShot(0, lambda: report(self) if frames[0] == 1 else settle(self))

    canvas_module.Canvas.paintEvent = timed_paint
    sys.argv = ["labelme"] + sys.argv[1:]
    labelme.__main__.main()


if __name__ == "__main__":
    main()
