"""Screenshot pages of a running Oversight as a signed-in user, for looking at what was built.

python tools/screenshot.py --as officer@demo.test /services/ /register/ --out .data/shots
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--as", dest="email", default="")
    parser.add_argument(
        "--password", default=os.environ.get("OVERSIGHT_DEMO_PASSWORD", "oversight-demo")
    )
    parser.add_argument("--out", default=".data/shots")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        if args.email:
            page.goto(args.base + "/sign-in")
            page.fill("#id_username", args.email)
            page.fill("#id_password", args.password)
            page.click("main [type=submit]")
        for path in args.paths:
            page.goto(args.base + path)
            name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main()
