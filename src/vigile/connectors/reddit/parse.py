"""Reddit things (`Listing`, `t3` links, `t1` comments, `more`) → domain objects.

The only place that reads Reddit's JSON. Ids are kept as fullnames (`t3_…`, `t1_…`),
which are unique across Reddit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from vigile.domain.errors import PayloadError
from vigile.domain.model import IncomingComment, PageRef

GONE_BODIES = frozenset({"[deleted]", "[removed]"})


class Thing:
    """Typed access to the `data` of one thing; a missing or mistyped field names itself."""

    def __init__(self, item: Any, *, kind: str, where: str) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
            raise PayloadError(f"reddit: {where}: expected a thing with a 'data' object")
        if item.get("kind") != kind:
            raise PayloadError(f"reddit: {where}: field 'kind' is not '{kind}'")
        self._data: dict[str, Any] = item["data"]
        self._where = where
        self.name = self.string("name")
        self._where = f"{where} {self.name}"

    def string(self, field: str, *, optional: bool = False) -> str:
        value = self._data.get(field)
        if optional and value is None:
            return ""
        if not isinstance(value, str) or (value == "" and not optional):
            state = "missing" if value is None else "not a string"
            raise PayloadError(f"reddit: {self._where}: field '{field}' {state}")
        return value

    def integer(self, field: str) -> int:
        value = self._data.get(field, 0)
        if not isinstance(value, int) or isinstance(value, bool):
            raise PayloadError(f"reddit: {self._where}: field '{field}' not an integer")
        return value

    def time(self, field: str) -> datetime:
        value = self._data.get(field)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise PayloadError(f"reddit: {self._where}: field '{field}' not an epoch time")
        return datetime.fromtimestamp(value, tz=UTC)

    @property
    def edited_at(self) -> datetime | None:
        """Reddit's `edited` is false, or the epoch time of the last edit."""
        value = self._data.get("edited", False)
        return None if value is False else self.time("edited")

    @property
    def author(self) -> str | None:
        author = self.string("author", optional=True)
        return None if author in ("", "[deleted]") else author

    @property
    def raw(self) -> dict[str, Any]:
        return self._data


class Link(Thing):
    """A submission (`t3`): the brand's post."""

    def __init__(self, item: Any, *, where: str) -> None:
        super().__init__(item, kind="t3", where=where)
        self.created_at = self.time("created_utc")
        self.num_comments = self.integer("num_comments")

    @property
    def text(self) -> str:
        body = self.string("selftext", optional=True)
        title = self.string("title")
        return f"{title}\n\n{body}".strip() if body not in GONE_BODIES else title


@dataclass(frozen=True, slots=True)
class Reply:
    """One comment of a tree, flattened: its parent's fullname and whether it is gone."""

    name: str
    parent: str
    text: str
    author: str | None
    created_at: datetime
    edited_at: datetime | None
    gone: bool


@dataclass
class Tree:
    """A post's comments read so far, and the stubs still to expand: `more` holds the ids
    of hidden comments, `continued` the comments whose replies are past the depth limit
    ("continue this thread")."""

    replies: list[Reply] = field(default_factory=list)
    more: list[str] = field(default_factory=list)
    continued: list[str] = field(default_factory=list)
    partial: bool = False
    names: set[str] = field(default_factory=set)


def listing(payload: Any, *, where: str) -> tuple[list[Any], str | None]:
    """The children of a `Listing` and its `after` cursor (None on the last page)."""
    if not isinstance(payload, dict) or payload.get("kind") != "Listing":
        raise PayloadError(f"reddit: {where}: expected a Listing")
    data = payload.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("children"), list):
        raise PayloadError(f"reddit: {where}: field 'data.children' missing")
    after = data.get("after")
    return data["children"], after if isinstance(after, str) and after else None


def links(payload: Any) -> tuple[list[Link], str | None]:
    children, after = listing(payload, where="listing")
    return [Link(item, where="link") for item in children], after


def comment_tree(payload: Any, tree: Tree | None = None) -> Tree:
    """`/comments/ID` answers [the link's Listing, the comments' Listing]; with
    `?comment=X` the second holds X and its replies (those already read are skipped)."""
    if not isinstance(payload, list) or len(payload) != 2:
        raise PayloadError("reddit: comments: expected [link listing, comment listing]")
    children, _ = listing(payload[1], where="comments")
    tree = tree if tree is not None else Tree()
    _walk(children, tree)
    return tree


def more_children(payload: Any, tree: Tree) -> None:
    """Add the things of an `/api/morechildren` answer (flat, each with its parent)."""
    body = payload.get("json") if isinstance(payload, dict) else None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("things"), list):
        raise PayloadError("reddit: morechildren: field 'json.data.things' missing")
    for item in data["things"]:
        _add(item, tree)


def _walk(children: list[Any], tree: Tree) -> None:
    for item in children:
        _add(item, tree)
        data = item.get("data") if isinstance(item, dict) else None
        if item.get("kind") == "t1" and isinstance(data, dict):
            replies = data.get("replies")
            if isinstance(replies, dict):
                nested, _ = listing(replies, where=f"replies of {data.get('name')}")
                _walk(nested, tree)


def _add(item: Any, tree: Tree) -> None:
    kind = item.get("kind") if isinstance(item, dict) else None
    if kind == "more":
        more = item.get("data")
        ids = more.get("children") if isinstance(more, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise PayloadError("reddit: more: field 'children' missing")
        parent = more.get("parent_id") if isinstance(more, dict) else None
        if ids:
            tree.more.extend(ids)
        elif isinstance(parent, str):
            tree.continued.append(parent)  # "continue this thread"
        return
    thing = Thing(item, kind="t1", where="comment")
    if thing.name in tree.names:
        return
    tree.names.add(thing.name)
    body = thing.string("body", optional=True)
    tree.replies.append(
        Reply(
            name=thing.name,
            parent=thing.string("parent_id"),
            text=body,
            author=thing.author,
            created_at=thing.time("created_utc"),
            edited_at=thing.edited_at,
            gone=body in GONE_BODIES,
        )
    )


def comment(reply: Reply, *, page: PageRef, post: Link) -> IncomingComment:
    """A visible comment as the standard comment; a top-level comment has no parent."""
    return IncomingComment(
        external_id=reply.name,
        text=reply.text,
        page=page,
        author=reply.author,
        created_at=reply.created_at,
        post_id=post.name,
        post_text=post.text,
        parent=None if reply.parent == post.name else reply.parent,
        edited_at=reply.edited_at,
    )
