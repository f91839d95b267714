"""Response models of the REST API: what OpenAPI publishes for each list and detail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class PostOut(BaseModel):
    id: int = Field(description="The thread id (a post and its comments).")
    page: str
    external_id: str
    text: str | None
    created_at: str | None
    comments: int


class CommentOut(BaseModel):
    id: int
    network: str
    external_id: str
    page: str
    thread_id: int | None
    author: str | None
    text: str
    lang: str | None
    sentiment: str | None
    parent: str | None
    created_at: str
    scores: dict[str, float]


class ThreadBase(BaseModel):
    post_id: int = Field(description="The thread id (its post's id).")
    page: str
    network: str
    post_text: str | None
    lang: str | None = Field(description="The thread's most frequent language.")
    derailment: float
    toxicity_max: float
    negativity_mean: float
    toxic: int = Field(description="Toxic comments.")
    negative: int = Field(description="Negative or toxic comments.")
    unanswered: int = Field(description="Complaints and questions since the brand's last reply.")
    last_comment_at: datetime
    open_alerts: int
    alerts: int
    reasons: list[dict[str, Any]]


class ThreadOut(ThreadBase):
    comments: int


class ThreadCommentOut(BaseModel):
    id: str = Field(description="The comment's id on its network.")
    author: str | None
    text: str
    lang: str | None
    sentiment: str | None
    created_at: datetime
    parent: str | None
    scores: dict[str, float]
    edited_at: datetime | None = None
    deleted_at: datetime | None = None


class ThreadDetailOut(ThreadBase):
    comment_count: int
    comments: list[ThreadCommentOut] = Field(description="Oldest first, with their scores.")


class AlertOut(BaseModel):
    id: int
    kind: str
    severity: str
    rule: str
    status: str
    page: str
    thread: str | None = Field(description="The thread's post id on its network.")
    thread_id: int | None
    comment: str | None
    at: str
    evidence: dict[str, Any]
    incident: int | None


class IncidentOut(BaseModel):
    id: int
    title: str
    status: str
    severity: str
    page: str
    opened_at: str
    updated_at: str


class DecisionOut(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    subject_type: str
    subject_id: int | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


class IncidentDetailOut(IncidentOut):
    alerts: list[AlertOut]
    notes: list[DecisionOut]
