#!/usr/bin/env python3
# check-demo.py: sanity checks for the bundled demo project (run by `meson test --suite data`)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Uses only the standard library. Checks what the importer relies on and what
# is easy to break by hand-editing project.json: ids, labels, image files and
# their sizes, boxes inside the image, span offsets in code points that land on
# the intended text, and the licence record in README.md.

import json
import os
import re
import struct
import sys
import unicodedata

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
COLOR_RE = re.compile(r"^#[0-9a-f]{6}$")
MAX_IMAGE_BYTES = 400 * 1024
MAX_TOTAL_BYTES = 2560 * 1024

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def image_size(path):
    with open(path, "rb") as f:
        head = f.read(26)
        if head[:8] == b"\x89PNG\r\n\x1a\n":
            w, h = struct.unpack(">II", head[16:24])
            return "png", w, h
        if head[:2] == b"\xff\xd8":
            f.seek(2)
            while True:
                marker = f.read(2)
                if len(marker) < 2 or marker[0] != 0xFF:
                    raise ValueError("bad JPEG marker")
                (length,) = struct.unpack(">H", f.read(2))
                if 0xC0 <= marker[1] <= 0xCF and marker[1] not in (0xC4, 0xC8, 0xCC):
                    _, h, w = struct.unpack(">BHH", f.read(5))
                    return "jpeg", w, h
                f.seek(length - 2, os.SEEK_CUR)
    raise ValueError("neither PNG nor JPEG")


def main():
    demo_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(demo_dir, "project.json"), encoding="utf-8") as f:
        raw = f.read()
    check("\r" not in raw, "project.json has CR characters")
    project = json.loads(raw)

    check(project.get("format") == "limn-project", "format is not limn-project")
    check(project.get("version") == 1, "version is not 1")
    check(UUID_RE.match(project.get("id", "")), "project id is not a v4 UUID")
    check(project.get("kind") in ("image", "text", "both"), "bad kind")
    check(isinstance(project.get("guidelines"), str) and project["guidelines"].strip(),
          "guidelines missing")
    check(project.get("confidence_steps") == 5, "confidence_steps is not 5")

    labels = project["labels"]
    names = [l["name"] for l in labels]
    hotkeys = [l["hotkey"] for l in labels]
    check(len(set(names)) == len(names), "duplicate label names")
    check(len(set(hotkeys)) == len(hotkeys), "duplicate hotkeys")
    for l in labels:
        check(COLOR_RE.match(l["color"]), f"label {l['name']}: bad colour {l['color']}")
        check(l.get("description", "").strip(), f"label {l['name']}: no description")

    ids = {project["id"]}
    referenced = set()
    kinds = set()
    for task in project["tasks"]:
        tid = task["id"]
        check(UUID_RE.match(tid), f"task {tid}: id is not a v4 UUID")
        check(tid not in ids, f"task {tid}: duplicate id")
        ids.add(tid)
        regions = task.get("suggestions", {}).get("regions", [])
        if regions:
            check(task["suggestions"].get("model_version"), f"task {tid}: no model_version")
        if "image" in task:
            check("text" not in task, f"task {tid}: both image and text")
            rel = task["image"]
            check(not os.path.isabs(rel) and ".." not in rel.split("/"), f"task {tid}: unsafe path")
            path = os.path.join(demo_dir, rel)
            referenced.add(os.path.normpath(path))
            if not os.path.isfile(path):
                failures.append(f"task {tid}: {rel} is missing")
                continue
            kind, w, h = image_size(path)
            kinds.add(kind)
            check(os.path.getsize(path) <= MAX_IMAGE_BYTES, f"{rel} is larger than 400 KB")
            for r in regions:
                check(r["label"] in names, f"task {tid}: unknown label {r['label']}")
                x, y, bw, bh = r["box"]
                check(bw > 0 and bh > 0 and x >= 0 and y >= 0 and x + bw <= w and y + bh <= h,
                      f"task {tid}: box {r['box']} outside {w}x{h}")
                check(0 <= r["score"] <= 1, f"task {tid}: score out of range")
        else:
            text = task["text"]
            check(unicodedata.normalize("NFC", text) == text, f"task {tid}: text is not NFC")
            check(task.get("language"), f"task {tid}: no language")
            check(task.get("direction", "auto") in ("ltr", "rtl", "auto"), f"task {tid}: bad direction")
            for r in regions:
                check(r["label"] in names, f"task {tid}: unknown label {r['label']}")
                s, e = r["start"], r["end"]
                check(0 <= s < e <= len(text), f"task {tid}: span {s}..{e} out of range")
                covered = text[s:e]
                check(covered == covered.strip() and covered[0].isalnum() and covered[-1].isalnum(),
                      f"task {tid}: span {s}..{e} {covered!r} has edge spaces or punctuation")
                check(0 <= r["score"] <= 1, f"task {tid}: score out of range")

    check({"png", "jpeg"} <= kinds, "the demo needs at least one PNG and one JPEG")

    images_dir = os.path.join(demo_dir, "images")
    total = os.path.getsize(os.path.join(demo_dir, "project.json"))
    with open(os.path.join(demo_dir, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    for name in sorted(os.listdir(images_dir)):
        path = os.path.normpath(os.path.join(images_dir, name))
        total += os.path.getsize(path)
        check(path in referenced, f"images/{name} is not used by any task")
        check(f"images/{name}" in readme, f"images/{name} has no entry in README.md")
    check(total <= MAX_TOTAL_BYTES, f"demo is {total} bytes, more than 2.5 MB")

    for msg in failures:
        print("FAIL:", msg)
    if failures:
        return 1
    print(f"demo ok: {len(project['tasks'])} tasks, {total} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
