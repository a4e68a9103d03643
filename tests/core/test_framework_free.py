import subprocess
import sys


def test_the_core_imports_no_django() -> None:
    """``csc_workforce.core`` and all its modules load without Django in a fresh interpreter."""
    code = (
        "import pkgutil, importlib, sys, csc_workforce.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module(f'{core.__name__}.{m.name}')\n"
        "print(sorted(n for n in sys.modules if n == 'django' or n.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
