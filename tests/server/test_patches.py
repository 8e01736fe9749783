"""``server.patches.diff``: RFC 6902 operations that turn one view into the next.

Checked with the ``jsonpatch`` library as the reference applier, over random JSON
documents and random edits of them that share their unchanged parts (as views do).
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch
import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from server.patches import diff

scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from([0.5, 1.0]) \
    | st.text(alphabet="ab/~", max_size=3)
keys = st.text(alphabet="ab/~01-", max_size=3)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5)
                         | st.dictionaries(keys, inner, max_size=5), max_leaves=30)


def same_json(a: Any, b: Any) -> bool:
    return orjson.dumps(a, option=orjson.OPT_SORT_KEYS) == orjson.dumps(b, option=orjson.OPT_SORT_KEYS)


def edit(data: st.DataObject, doc: Any) -> Any:
    """A new version of doc that keeps most of its parts as the same objects."""
    if isinstance(doc, dict) and doc and data.draw(st.integers(0, 3)):
        out = dict(doc)
        for key in data.draw(st.lists(st.sampled_from(sorted(doc)), max_size=2, unique=True)):
            choice = data.draw(st.integers(0, 2))
            if choice == 0:
                del out[key]
            elif choice == 1:
                out[key] = edit(data, doc[key])
            else:
                out[key] = data.draw(documents)
        if data.draw(st.booleans()):
            out[data.draw(keys)] = data.draw(documents)
        return out
    if isinstance(doc, list) and doc and data.draw(st.integers(0, 3)):
        out = list(doc)
        for _ in range(data.draw(st.integers(1, 3))):
            choice = data.draw(st.integers(0, 3))
            at = data.draw(st.integers(0, len(out)))
            if choice == 0 and out:
                del out[min(at, len(out) - 1)]
            elif choice == 1 and out:
                i = min(at, len(out) - 1)
                out[i] = edit(data, out[i])
            elif choice == 2:
                out.insert(at, data.draw(documents))
            else:
                out.append(data.draw(documents))
        return out
    return data.draw(documents)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_the_operations_turn_the_old_document_into_the_new(data: st.DataObject) -> None:
    old = data.draw(documents)
    new = edit(data, old)
    kept = copy.deepcopy(old)
    ops = diff(old, new)
    assert same_json(jsonpatch.apply_patch(old, ops), new)
    assert same_json(old, kept), "diff changed the document it was given"


@settings(max_examples=200, deadline=None)
@given(documents, documents)
def test_unrelated_documents_too(old: Any, new: Any) -> None:
    assert same_json(jsonpatch.apply_patch(old, diff(old, new)), new)


def test_the_same_object_costs_nothing() -> None:
    section = {"drafts": [{"id": "S/1", "votes": {"FRA": "yes"}}]}
    assert diff({"UNSC": section}, {"UNSC": section}) == []


def test_an_appended_item_is_one_add() -> None:
    news = [{"index": i} for i in range(500)]
    assert diff({"news": news}, {"news": [*news, {"index": 500}]}) == [
        {"op": "add", "path": "/news/-", "value": {"index": 500}}]


def test_a_vote_is_one_operation_deep_in_its_draft() -> None:
    drafts = [{"id": f"S/{i}", "votes": {}} for i in range(3)]
    voted = [drafts[0], {"id": "S/1", "votes": {"GBR": "no"}}, drafts[2]]
    assert diff({"drafts": drafts}, {"drafts": voted}) == [
        {"op": "add", "path": "/drafts/1/votes/GBR", "value": "no"}]


def test_a_true_that_was_a_one_is_replaced() -> None:
    assert diff({"a": 1}, {"a": True}) == [{"op": "replace", "path": "/a", "value": True}]


def test_items_taken_out_of_or_put_in_a_list_are_removals_or_additions() -> None:
    """A tally after a vote: one country leaves not_voted and joins yes, in the members'
    order; a true beside a one is not taken for it."""
    old = {"yes": ["CHN", "USA"], "not_voted": ["FRA", "GBR", "RUS", "DZA"], "n": [1, 2, 3]}
    new = {"yes": ["CHN", "GBR", "USA"], "not_voted": ["FRA", "RUS"], "n": [1, True, 2, 3]}
    ops = diff(old, new)
    assert ops == [{"op": "add", "path": "/yes/1", "value": "GBR"},
                   {"op": "remove", "path": "/not_voted/3"},
                   {"op": "remove", "path": "/not_voted/1"},
                   {"op": "add", "path": "/n/1", "value": True}]
    assert same_json(jsonpatch.apply_patch(copy.deepcopy(old), ops), new)
