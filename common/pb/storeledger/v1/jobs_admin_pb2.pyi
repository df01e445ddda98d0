from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class JobCount(_message.Message):
    __slots__ = ("name", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: int
    def __init__(self, name: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...

class JobRun(_message.Message):
    __slots__ = ("run_id", "job", "tick_at_ms", "trigger", "holder", "started_at_ms", "finished_at_ms", "duration_ms", "result", "attempt", "summary", "counts")
    RUN_ID_FIELD_NUMBER: _ClassVar[int]
    JOB_FIELD_NUMBER: _ClassVar[int]
    TICK_AT_MS_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    HOLDER_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_MS_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    run_id: int
    job: str
    tick_at_ms: int
    trigger: str
    holder: str
    started_at_ms: int
    finished_at_ms: int
    duration_ms: int
    result: str
    attempt: int
    summary: str
    counts: _containers.RepeatedCompositeFieldContainer[JobCount]
    def __init__(self, run_id: _Optional[int] = ..., job: _Optional[str] = ..., tick_at_ms: _Optional[int] = ..., trigger: _Optional[str] = ..., holder: _Optional[str] = ..., started_at_ms: _Optional[int] = ..., finished_at_ms: _Optional[int] = ..., duration_ms: _Optional[int] = ..., result: _Optional[str] = ..., attempt: _Optional[int] = ..., summary: _Optional[str] = ..., counts: _Optional[_Iterable[_Union[JobCount, _Mapping]]] = ...) -> None: ...

class JobInfo(_message.Message):
    __slots__ = ("name", "description", "enabled", "schedule", "next_run_at_ms", "per_process", "last_run", "last_success_at_ms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    NEXT_RUN_AT_MS_FIELD_NUMBER: _ClassVar[int]
    PER_PROCESS_FIELD_NUMBER: _ClassVar[int]
    LAST_RUN_FIELD_NUMBER: _ClassVar[int]
    LAST_SUCCESS_AT_MS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    enabled: bool
    schedule: str
    next_run_at_ms: int
    per_process: bool
    last_run: JobRun
    last_success_at_ms: int
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., enabled: _Optional[bool] = ..., schedule: _Optional[str] = ..., next_run_at_ms: _Optional[int] = ..., per_process: _Optional[bool] = ..., last_run: _Optional[_Union[JobRun, _Mapping]] = ..., last_success_at_ms: _Optional[int] = ...) -> None: ...

class ListJobsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListJobsReply(_message.Message):
    __slots__ = ("jobs",)
    JOBS_FIELD_NUMBER: _ClassVar[int]
    jobs: _containers.RepeatedCompositeFieldContainer[JobInfo]
    def __init__(self, jobs: _Optional[_Iterable[_Union[JobInfo, _Mapping]]] = ...) -> None: ...

class RunJobRequest(_message.Message):
    __slots__ = ("job",)
    JOB_FIELD_NUMBER: _ClassVar[int]
    job: str
    def __init__(self, job: _Optional[str] = ...) -> None: ...

class JobHistoryRequest(_message.Message):
    __slots__ = ("job", "limit")
    JOB_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    job: str
    limit: int
    def __init__(self, job: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class JobHistoryReply(_message.Message):
    __slots__ = ("runs",)
    RUNS_FIELD_NUMBER: _ClassVar[int]
    runs: _containers.RepeatedCompositeFieldContainer[JobRun]
    def __init__(self, runs: _Optional[_Iterable[_Union[JobRun, _Mapping]]] = ...) -> None: ...
