import json
import subprocess
import sys


def test_the_core_imports_no_django() -> None:
    """``csc_workforce.core`` and every module of every subpackage under it load without Django
    in a fresh interpreter."""
    code = (
        "import json, pkgutil, sys, csc_workforce.core as core\n"
        "def refuse(name): raise SystemExit(f'cannot import {name}')\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, 'csc_workforce.core.',"
        " onerror=refuse)]\n"
        "for name in names: __import__(name)\n"
        "django = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(json.dumps({'modules': names, 'django': django}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    found = json.loads(result.stdout)
    assert found["django"] == []
    # Modules of subpackages are walked too, not only the core's own.
    assert {"csc_workforce.core.csww.write", "csc_workforce.core.csww.synthetic"} <= set(
        found["modules"]
    )
