"""Starts the real `byline serve` twice (the demo newsroom and an empty site) for the
discovery checks, each on a free port with its own data folder."""

import json
import os
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("BYLINE_BIN", ROOT / "target" / "debug" / "byline"))


class Site:
    def __init__(self, demo: bool, narration: str = "off"):
        self.data = tempfile.mkdtemp(prefix="byline-discovery-")
        args = [str(BINARY), "serve", "--listen", "127.0.0.1:0", "--log-format", "json", "--data", self.data,
                "--narration", narration]
        if demo:
            args.append("--demo")
        self.process = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        for line in self.process.stderr:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if "listen" in event:
                self.base = f"http://{event['listen']}"
                break
        else:
            raise RuntimeError("byline serve stopped before it was listening")

    def get(self, path_or_url: str) -> tuple[int, dict, bytes]:
        """GETs a path, or one of the site's own absolute URLs: with no public address
        saved, the site's links use the address it listens on."""
        path = path_or_url.removeprefix(self.base)
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.data, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_site():
    site = Site(demo=True)
    yield site
    site.stop()


@pytest.fixture(scope="session")
def narrated_site():
    """The demo narrated in the background by espeak-ng (quick; the neural voice has
    its own tests in the Rust suite)."""
    site = Site(demo=True, narration="espeak-ng")
    yield site
    site.stop()


@pytest.fixture(scope="session")
def empty_site():
    site = Site(demo=False)
    yield site
    site.stop()
