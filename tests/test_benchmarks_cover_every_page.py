"""Every page of the site is timed by a benchmark, or is named with the reason it is not.

Issue 12 asks every page to be under 300 ms at the demo authority's size and under 1 s at ten
times it. ``benchmarks/pages.py`` declares the pages it times as paths (``PAGES``), the pages
other benchmarks time (``ELSEWHERE``) and the URL names that are not pages to time
(``NOT_TIMED``: downloads, status polling, sign-in, one-time tokens). Walking the URL resolver,
each URL name but the admin's must be in exactly one of them. No database: the paths are
resolved with a placeholder identifier.
"""

from __future__ import annotations

import importlib.util
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def pages() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))  # pages.py imports _harness beside it
    try:
        spec = importlib.util.spec_from_file_location("benchmark_pages", BENCHMARKS / "pages.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCHMARKS))
    return module


def url_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[str]:
    """``namespace:name`` of every named pattern, the admin's left out."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue
            inner = pattern.namespace
            prefix = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from url_names(pattern.url_patterns, prefix or "")
        elif pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def placeholders(path: str) -> dict[str, str]:
    """Each ``{kind}`` of ``path`` given an identifier that the URL converters accept."""
    return {field: "1" for _, field, _, _ in string.Formatter().parse(path) if field}


def timed_by_pages(pages: ModuleType) -> dict[str, str]:
    """URL name -> the first path of ``PAGES`` that resolves to it."""
    named: dict[str, str] = {}
    for _, _, path in pages.PAGES:
        match = resolve(path.format(**placeholders(path)).split("?")[0])
        named.setdefault(match.view_name, path)
    return named


def test_every_page_is_timed_or_excused(pages: ModuleType) -> None:
    site = set(url_names(get_resolver().url_patterns))
    accounted = set(timed_by_pages(pages)) | set(pages.ELSEWHERE) | set(pages.NOT_TIMED)
    missing = sorted(site - accounted)
    assert not missing, (
        "Pages no benchmark times: add them to PAGES in benchmarks/pages.py (or to ELSEWHERE, "
        f"or to NOT_TIMED with the reason): {missing}"
    )


def test_no_name_is_declared_that_the_site_has_not(pages: ModuleType) -> None:
    site = set(url_names(get_resolver().url_patterns))
    assert not sorted((set(pages.ELSEWHERE) | set(pages.NOT_TIMED)) - site)


def test_a_page_is_timed_or_excused_not_both(pages: ModuleType) -> None:
    assert not set(timed_by_pages(pages)) & set(pages.NOT_TIMED)
    assert not set(pages.ELSEWHERE) & set(pages.NOT_TIMED)


def test_every_reason_is_given(pages: ModuleType) -> None:
    assert all(reason.strip() for reason in pages.NOT_TIMED.values())


def test_a_page_timed_elsewhere_is_in_that_benchmark(pages: ModuleType) -> None:
    for name, script in pages.ELSEWHERE.items():
        path = reverse(name)  # the pages timed elsewhere take no identifier
        assert f'"{path}' in (BENCHMARKS / script).read_text(), f"{name}: {path} in {script}?"


def test_every_kind_of_record_a_path_names_is_known(pages: ModuleType) -> None:
    """Each ``{kind}`` is one of ``KINDS`` (which ``identifiers`` and ``made`` give, checked
    when the benchmark runs: calling them needs the demo's database)."""
    named = {kind for _, _, path in pages.PAGES for kind in placeholders(path)}
    assert named <= pages.KINDS, sorted(named - pages.KINDS)
    assert pages.MADE <= pages.KINDS
