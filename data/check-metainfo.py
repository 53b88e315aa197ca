#!/usr/bin/env python3
# What GNOME Software shows beyond what appstreamcli requires: a listing
# without screenshots, release notes or a rating validates but looks broken.
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
required = ['screenshots/screenshot/image', 'releases/release/description',
            "content_rating[@type='oars-1.1']", 'developer/name', 'developer_name',
            "launchable[@type='desktop-id']", "translation[@type='gettext']",
            "branding/color[@scheme_preference='light']",
            "branding/color[@scheme_preference='dark']", "url[@type='homepage']",
            "url[@type='bugtracker']"]
missing = [path for path in required if root.find(path) is None]
for path in missing:
    print('missing:', path)
sys.exit(1 if missing else 0)
