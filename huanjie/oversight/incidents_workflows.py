"""Transition table of an incident report (重大事件、重要信息报送, issue 14 req. 3).

A town reports; the county acknowledges (签收) and the report goes on to the city, which
acknowledges in turn; the town closes the report with its final report (终报) once the city has it.
Each acknowledgement is owed within the hours of the report's severity (campaign setting,
``oversight.incidents_choices``); the deadline is kept on the report (``ack_due_at``), to the hour.
"""

from __future__ import annotations

from huanjie.oversight.capabilities import OversightCap
from huanjie.rules.workflow import Transition, WorkflowSpec

AT_COUNTY, AT_CITY, RECEIVED, CLOSED = "at_county", "at_city", "received", "closed"
AWAITING_ACK = (AT_COUNTY, AT_CITY)

INCIDENT_SPEC = WorkflowSpec(
    code="incident_report",
    label_zh="重大事件报告",
    states={
        AT_COUNTY: "待县级签收",
        AT_CITY: "待市级签收",
        RECEIVED: "市级已签收",
        CLOSED: "已办结",
    },
    initial=AT_COUNTY,
    transitions=(
        Transition(
            "county_ack",
            frozenset({AT_COUNTY}),
            AT_CITY,
            label_zh="县级签收并上报市级",
            level="county",
            capability=OversightCap.REVIEW,
        ),
        Transition(
            "city_ack",
            frozenset({AT_CITY}),
            RECEIVED,
            label_zh="市级签收",
            level="city",
            capability=OversightCap.REVIEW,
        ),
        Transition(
            "close",
            frozenset({RECEIVED}),
            CLOSED,
            label_zh="终报办结",
            level="town",
            capability=OversightCap.EDIT,
            requires_reason=True,
        ),
    ),
    chain=("town", "county", "city"),
)

# Which level owes the acknowledgement in each waiting state.
OWED_BY = {AT_COUNTY: "county", AT_CITY: "city"}
