"""JSON Patch (RFC 6902) between two versions of a view, in time proportional to the change.

The two documents share what did not change: a view is built from sections and
items the server keeps for as long as the state they come from is the same (see
``server.liveview``), so an unchanged part is the *same object* in both. ``diff``
walks only where the two differ by identity; a list that only grew at its end (a
``Grown`` list: news, pledges) costs only its new items, however long it is; where
two lists differ in their middle by items taken out or put in (a tally after a vote),
those are removals or additions by index; where they differ otherwise, the
``jsonpatch`` library matches up that middle. The operations apply with any RFC 6902
implementation (``jsonpatch`` in the tests, ``web/static/js/patch.js`` in the browser).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import jsonpatch
import orjson

Op = dict[str, Any]

ANCESTORS = 32
"""Earlier versions a ``Grown`` list remembers (a connection may be a few behind)."""


class Grown(list[Any]):
    """A list made by adding items at the end of earlier lists, which it remembers (weakly,
    with their lengths): ``diff`` from one of them to this one is its new items alone.

    >>> a = Grown([1, 2])
    >>> b = a.grow([3])
    >>> b.extends(a), b.extends([1, 2]), diff({"x": a}, {"x": b})
    (2, None, [{'op': 'add', 'path': '/x/-', 'value': 3}])
    """

    __slots__ = ("__weakref__", "ancestors")

    def __init__(self, items: Any = ()) -> None:
        super().__init__(items)
        self.ancestors: tuple[tuple[weakref.ref[Grown], int], ...] = ()

    def grow(self, items: list[Any]) -> Grown:
        """This list with ``items`` added at its end (this one is left as it is)."""
        out = Grown(self)
        out.extend(items)
        out.ancestors = ((weakref.ref(self), len(self)), *self.ancestors[:ANCESTORS - 1])
        return out

    def extends(self, old: Any) -> int | None:
        """The length of ``old`` if this list is ``old`` with items added at its end."""
        for ref, length in self.ancestors:
            found = ref()
            if found is not None and found is old:
                return length if len(found) == length else None
        return None


def escape(key: str) -> str:
    """A member name as a JSON Pointer token (RFC 6901).

    >>> escape("S/2022/155"), escape("a~b")
    ('S~12022~1155', 'a~0b')
    """
    return key.replace("~", "~0").replace("/", "~1")


def diff(old: Any, new: Any, path: str = "") -> list[Op]:
    """The operations that turn ``old`` into ``new`` (both JSON-ready values).

    >>> diff({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 2, 3], "c": None})
    [{'op': 'add', 'path': '/b/-', 'value': 3}, {'op': 'add', 'path': '/c', 'value': None}]
    >>> diff({"a": {"x": 1}}, {"a": {"x": 2}})
    [{'op': 'replace', 'path': '/a/x', 'value': 2}]
    """
    ops: list[Op] = []
    _diff(old, new, path, ops)
    return ops


def _same_scalar(old: Any, new: Any) -> bool:
    # 1 and True, 1 and 1.0 are equal in Python but not the same JSON.
    return type(old) is type(new) and old == new


def _diff(old: Any, new: Any, path: str, ops: list[Op]) -> None:
    if old is new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old:
            if key not in new:
                ops.append({"op": "remove", "path": f"{path}/{escape(key)}"})
        for key, value in new.items():
            if key in old:
                _diff(old[key], value, f"{path}/{escape(key)}", ops)
            else:
                ops.append({"op": "add", "path": f"{path}/{escape(key)}", "value": value})
        return
    if isinstance(old, list) and isinstance(new, list):
        _diff_lists(old, new, path, ops)
        return
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)) or not _same_scalar(old, new):
        ops.append({"op": "replace", "path": path, "value": new})


def _diff_lists(old: list[Any], new: list[Any], path: str, ops: list[Op]) -> None:
    """Common items at both ends are skipped by identity; the middle is compared item by
    item when it kept its length (items changed in place); a middle that only lost items
    or only gained some is removals or additions by index; else jsonpatch matches it up."""
    if isinstance(new, Grown):
        kept = new.extends(old)
        if kept is not None:
            ops.extend({"op": "add", "path": f"{path}/-", "value": value} for value in new[kept:])
            return
    shorter = min(len(old), len(new))
    start = 0
    while start < shorter and old[start] is new[start]:
        start += 1
    end = 0
    while end < shorter - start and old[len(old) - 1 - end] is new[len(new) - 1 - end]:
        end += 1
    old_mid, new_mid = old[start:len(old) - end], new[start:len(new) - end]
    if not old_mid and not new_mid:
        return
    if len(old_mid) == len(new_mid):
        for i, (a, b) in enumerate(zip(old_mid, new_mid, strict=True)):
            _diff(a, b, f"{path}/{start + i}", ops)
        return
    if not old_mid:  # only added (news, pledges, drafts): no matching needed
        at = "-" if end == 0 else None
        for i, value in enumerate(new_mid):
            ops.append({"op": "add", "path": f"{path}/{at or start + i}", "value": value})
        return
    if len(old_mid) > len(new_mid):
        extra = _extra(new_mid, old_mid)
        if extra is not None:  # only removed (a tally's not_voted after a vote)
            ops.extend({"op": "remove", "path": f"{path}/{start + i}"} for i in reversed(extra))
            return
    else:
        extra = _extra(old_mid, new_mid)
        if extra is not None:  # only inserted (a tally's yes, no, abstain)
            ops.extend({"op": "add", "path": f"{path}/{start + i}", "value": new_mid[i]}
                       for i in extra)
            return
    patch = jsonpatch.JsonPatch.from_diff(old_mid, new_mid, dumps=_dumps)
    for op in patch.patch:
        op = dict(op)
        op["path"] = _shift(op["path"], path, start)
        if "from" in op:
            op["from"] = _shift(op["from"], path, start)
        ops.append(op)


def _extra(short: list[Any], long: list[Any]) -> list[int] | None:
    """The positions of ``long``'s items that are not in ``short``, if ``short`` is
    ``long`` with those items taken out (items compared by identity, scalars by value);
    else None.

    >>> _extra(["a", "c"], ["a", "b", "c", "d"]), _extra(["c", "a"], ["a", "b", "c"])
    ([1, 3], None)
    """
    extra: list[int] = []
    i = 0
    for j, item in enumerate(long):
        if i < len(short) and (short[i] is item or (
                not isinstance(item, (dict, list)) and _same_scalar(short[i], item))):
            i += 1
        else:
            extra.append(j)
    return extra if i == len(short) else None


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _shift(pointer: str, prefix: str, offset: int) -> str:
    """A pointer into a slice of a list, as a pointer into the list at ``prefix``."""
    head, sep, rest = pointer[1:].partition("/")
    index = head if head == "-" else str(int(head) + offset)
    return f"{prefix}/{index}{sep}{rest}"


class PatchFrames:
    """The patch frames of one flush. The live views of a game's viewers share most of
    their sections (the same objects: ``server.liveview.LiveViews``), so the operations
    of a section are worked out and encoded once for every connection whose view goes
    from the same old section to the same new one, and a connection is sent the frame of
    another whose operations are the same (most of a class, after most changes). The
    frame is the one ``protocol.encode`` makes of ``diff(old, new)``'s operations, byte
    for byte."""

    def __init__(self) -> None:
        self._parts: dict[tuple[Any, ...], tuple[tuple[Any, ...], bytes | None]] = {}
        """(what the operations are of, by identity) -> (those objects, the encoded
        operations without their brackets); the objects are held so that an identity is
        not reused during the flush."""
        self._frames: dict[tuple[int, int, tuple[int, ...]], bytes] = {}

    def frame(self, old: dict[str, Any], new: dict[str, Any], base: int, seq: int) -> bytes | None:
        """The frame that turns the view ``old`` (as of ``base``) into ``new`` (as of
        ``seq``); None when nothing changed."""
        parts: list[bytes | None] = []
        removed = tuple(key for key in old if key not in new)
        if removed:
            parts.append(self._part(("-", *removed), (), lambda: [
                {"op": "remove", "path": f"/{escape(k)}"} for k in removed]))
        for key, value in new.items():
            if key not in old:
                parts.append(self._part(("+", key, id(value)), (value,), _adding(key, value)))
            elif old[key] is not value:
                parts.append(self._member(key, old[key], value))
        found = [part for part in parts if part is not None]
        if not found:
            return None
        which = (base, seq, tuple(map(id, found)))
        frame = self._frames.get(which)
        if frame is None:
            frame = self._frames[which] = b'{"type":"patch","base":%d,"seq":%d,"ops":[%b]}' % (
                base, seq, b",".join(found))
        return frame

    def _member(self, key: str, old: Any, new: Any) -> bytes | None:
        path = f"/{escape(key)}"
        if isinstance(new, Grown):
            kept = new.extends(old)
            if kept is not None:
                # Only new items: the same operations for every viewer given the same items.
                added = tuple(new[kept:])
                return self._part((key, "grown", *map(id, added)), added,
                                  lambda: [{"op": "add", "path": f"{path}/-", "value": v}
                                           for v in added])
        return self._part((key, id(old), id(new)), (old, new), lambda: diff(old, new, path))

    def _part(self, key: tuple[Any, ...], held: tuple[Any, ...],
              ops: Callable[[], list[Any]]) -> bytes | None:
        kept = self._parts.get(key)
        if kept is not None and len(kept[0]) == len(held) and all(
                a is b for a, b in zip(kept[0], held, strict=True)):
            return kept[1]
        found = ops()
        part = orjson.dumps(found)[1:-1] if found else None
        self._parts[key] = (held, part)
        return part


def _adding(key: str, value: Any) -> Callable[[], list[Any]]:
    return lambda: [{"op": "add", "path": f"/{escape(key)}", "value": value}]
