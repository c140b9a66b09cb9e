"""The package's memo caches: which are keyed by document text, and clearing them.

Functions that read document text (`fold`, `resolve_agency`, a cell's features…) remember their
answers in `functools.lru_cache`s, since the same phrases recur within a plan and across plans. A
cache keyed by document text must have a `maxsize`, or a long batch run over a national corpus
would grow without bound (`tests/test_caches.py` checks that each has one). The benchmarks clear
them before each parse so that a repeated text is not cheaper than a new one; a long-running
service may clear them too.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable

# Caches keyed by something other than a document's text: loaded data and compiled rules. Every
# other cached function of the package takes text from the document.
STATIC_CACHES = frozenset({"_fit_row", "_pairs_by_first", "_rules", "_word_pattern", "load_profiles"})

_FOUND: list[Callable[..., object]] = []


def text_caches() -> list[Callable[..., object]]:
    """Every cached function of the package whose arguments come from a document (imports every
    module of the package on first call)."""
    if _FOUND:
        return list(_FOUND)
    import parplan

    for info in pkgutil.walk_packages(parplan.__path__, "parplan."):
        if info.name.endswith("__main__"):
            continue  # running it would start the CLI
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if getattr(obj, "__module__", None) != module.__name__ or not hasattr(obj, "cache_clear"):
                continue
            try:
                params = inspect.signature(getattr(obj, "__wrapped__", obj)).parameters
            except (TypeError, ValueError):
                continue
            if params and name not in STATIC_CACHES:
                _FOUND.append(obj)
    return list(_FOUND)


def clear_text_caches() -> None:
    """Empty every cache keyed by document text."""
    for fn in text_caches():
        fn.cache_clear()  # type: ignore[attr-defined]
