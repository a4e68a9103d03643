"""The lock files pin every dependency pyproject.toml names, each with the hashes of its files,
and the development lock pins the application's dependencies at the same versions (README,
"Dependencies": ``make lock`` writes them)."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pins(name: str) -> dict[str, str]:
    """Package -> version pinned in the lock file ``name``, each pin followed by its hashes."""
    text = (ROOT / name).read_text()
    found = {}
    for block in re.split(r"\n(?=[a-z0-9])", text.split("\n", 2)[2]):
        head = block.split(" ", 1)[0]
        package, version = head.split("==")
        assert "--hash=sha256:" in block, f"{name}: {head} has no hash"
        found[canonicalize_name(package)] = version
    return found


def test_the_lock_files_pin_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    dev = {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["dev"]}
    locked, locked_dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert runtime <= set(locked)
    assert runtime | dev <= set(locked_dev)
    assert {p: v for p, v in locked_dev.items() if p in locked} == locked
    for requirement in project["dependencies"]:
        parsed = Requirement(requirement)
        assert parsed.specifier.contains(locked[canonicalize_name(parsed.name)]), requirement
