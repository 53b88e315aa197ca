/* bench-photo.h
 *
 * The photo-like JPEG the canvas benchmarks draw on: smooth gradients, soft
 * blobs, hard-edged shapes and sensor-like noise, so it is as hard to
 * decode as a real photo (about 1.5 bits per pixel at quality 90).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* Writes it at @path; aborts if it cannot. */
void bench_generate_photo (const char *path,
                           int         width,
                           int         height);
