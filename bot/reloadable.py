"""A once-per-process cache whose default value a content reload can replace (bot.reload).

`@reloadable` works like `functools.lru_cache(maxsize=4)` on the content factories
(`get_knowledge`, `get_exercises`, `get_finder`, `get_understanding`); a call without arguments
(the one the action server's actions make) returns the value last `install`ed, if any. No
imports here, so the factories' packages stay cheap to import.
"""
from __future__ import annotations

from functools import lru_cache, wraps


def reloadable(factory):
    cached = lru_cache(maxsize=4)(factory)
    installed: dict[str, object] = {}

    @wraps(factory)
    def get(*args, **kwargs):
        if not args and not kwargs and "value" in installed:
            return installed["value"]
        return cached(*args, **kwargs)

    def install(value) -> None:
        """Serve `value` to calls without arguments from now on (one assignment: atomic)."""
        installed["value"] = value

    def cache_clear() -> None:
        cached.cache_clear()
        installed.clear()

    get.install, get.cache_clear, get.cache_info, get.uncached = install, cache_clear, cached.cache_info, factory
    return get
