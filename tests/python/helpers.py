"""Shared paths and small helpers for the Python tests of scripts/ (loader, plots, report)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))


def copy_fixture(kind: str, destination: Path) -> Path:
    """Copy fixtures/<kind> to destination/<kind> and return the copy (for tests that break it)."""
    target = destination / kind
    shutil.copytree(FIXTURES / kind, target)
    return target


def edit_manifest(directory: Path, **changes: object) -> None:
    """Change (or with value None remove) keys of directory/manifest.json."""
    path = directory / "manifest.json"
    manifest: Dict[str, object] = json.loads(path.read_text())
    for key, value in changes.items():
        if value is None:
            manifest.pop(key, None)
        else:
            manifest[key] = value
    path.write_text(json.dumps(manifest))


def run_script(name: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run scripts/<name> with /usr/bin/python3 and capture its output."""
    return subprocess.run([PYTHON, str(SCRIPTS / name), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def cmsim_binary() -> Optional[Path]:
    """The cmsim binary named by CMSIM_BIN (relative to the repository), if it exists."""
    value = os.environ.get("CMSIM_BIN")
    if not value:
        return None
    path = Path(value)
    if not path.is_absolute():
        path = REPO / path
    return path if path.is_file() and os.access(path, os.X_OK) else None


def run_cmsim(binary: Path, args: List[str], timeout: int = 900) -> subprocess.CompletedProcess:
    """Run cmsim from the repository root."""
    return subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=timeout, cwd=REPO)
