"""The portal's tables, one module per domain. Schema changes go through Alembic migrations only
(portal/migrations). Everything is importable from ``portal.models`` as before."""

from .accounts import AccessCode, AuditLog, LoginFailure, Notice, User
from .base import Base, aware, local_date, utcnow
from .businesses import Business, BusinessEmployee, BusinessSupport
from .contracts import Contract, ContractCounter, FollowUp
from .employers import Employer
from .events import Event, EventAttendee, EventJob
from .help import HelpRequest, HelpStep
from .jobs import Job, JobInterest, JobReport, SearchOutbox, SynonymGroup
from .ops import DailyRun
from .outreach import GroupVisit, NewsItem, PhoneGroup
from .places import Station, Township
from .workers import ArchiveMove, MeasureMatch, ReturnPlan, Worker, WorkerSkill

__all__ = [
    "utcnow",
    "aware",
    "local_date",
    "Base",
    "Township",
    "Station",
    "Employer",
    "User",
    "Job",
    "JobReport",
    "JobInterest",
    "Worker",
    "WorkerSkill",
    "Event",
    "EventJob",
    "EventAttendee",
    "Contract",
    "FollowUp",
    "ContractCounter",
    "AuditLog",
    "SearchOutbox",
    "SynonymGroup",
    "LoginFailure",
    "AccessCode",
    "Notice",
    "PhoneGroup",
    "GroupVisit",
    "NewsItem",
    "Business",
    "BusinessSupport",
    "BusinessEmployee",
    "MeasureMatch",
    "ArchiveMove",
    "ReturnPlan",
    "HelpRequest",
    "HelpStep",
    "DailyRun",
]
