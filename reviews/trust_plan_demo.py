"""The demo trust's improvement plan: the key priority overview of the Trust Self-Evaluation
(2025), row by row, with one term's progress so the page is full on first run.

The priorities are the document's own; the progress evidence is illustrative. Idempotent: a
year that has priorities is left as it is.
"""

from django.utils import timezone

from schools.calendar import Calendar, academic_start_year
from schools.models import AcademicYear, User

from .models import Rag, TrustPriority
from .services import trust_plan

OUTCOMES = "Outcomes for pupils"
GOVERNANCE = "Effectiveness of Governance and Leadership"
IMPROVEMENT = "Effectiveness of School Improvement"
ATTENDANCE = "Attendance and exclusions"
FINANCE = "Effectiveness of Financial Management"
SAFEGUARDING = "Safeguarding"

# (focus area, target, strategies, monitoring process, responsibilities), in the document's
# order. Its table leaves the focus area blank on a row that continues the one above; the
# central team's row follows the financial management table, so it is filed there.
KEY_PRIORITIES = [
    (
        OUTCOMES,
        "To ensure progress and achievement for EYFS, Phonics, and KS2 remain above/well above "
        "national average",
        [
            "Bespoke peer reviews for each school to ensure areas of development are key focus",
            "Core Plans from schools scrutinised for effectiveness of prioritising key areas "
            "for development",
            "TDG deployed to support schools in key areas",
            "Moderation between Symphony schools",
            "SDG focus work in key areas",
            "Bespoke assistance for any new schools joining Symphony",
        ],
        [
            "Peer review outcomes",
            "NTS testing and monitoring of results",
            "Data meetings with school leaders",
            "Work of TDG and SDG",
        ],
        "CEO, DoP, Headteachers",
    ),
    (
        OUTCOMES,
        "Disadvantaged pupils: to ensure achievement and progress in all areas continues to "
        "improve and that progress in all areas remains positive",
        [
            "Bespoke peer reviews for each school to focus on pupil premium as necessary",
            "Core Plans and Pupil Premium plans from schools scrutinised for effectiveness of "
            "supporting disadvantaged pupils",
            "TDG deployed to support schools in key areas",
            "Focus on effectiveness of how pupil premium budget is spent by each school",
            "Pupil Premium SDG focus work in key areas",
            "Bespoke assistance for any new schools joining Symphony",
        ],
        [
            "Peer review outcomes",
            "NTS testing and monitoring of results",
            "Data meetings with school leaders",
            "Work of TDG and SDG",
            "Focus on Pupil Premium spending plan and its effectiveness",
        ],
        "CEO, DoP, Headteachers, CFO, Finance and Operations Lead",
    ),
    (
        GOVERNANCE,
        "To ensure skills for Trustees and Members continue to represent all areas of "
        "continual development",
        [
            "Relevant training to be planned from outcomes of skills audit",
            "Investigation of new Trustees or Members should the need for specific skills arise",
        ],
        ["Analysis of skills audits"],
        "Chair of Trustees, CEO, CFO",
    ),
    (
        IMPROVEMENT,
        "Continually adapt peer reviews to ensure they are in line with current Ofsted frameworks",
        [
            "Ensure that peer reviews are bespoke but follow current legislation and guidance "
            "from the Ofsted inspection handbook"
        ],
        ["Make sure that Ofsted reports align with peer reviews"],
        "CEO, DoP and TDG Leader",
    ),
    (
        IMPROVEMENT,
        "Ensure that external members join peer reviews to build in further QA",
        ["Continue relations with Inspiring Leaders and other local Trusts"],
        ["Links with other trusts continue to grow"],
        "CEO, DoP",
    ),
    (
        IMPROVEMENT,
        "Teaching Development Group: ensure that all key areas are covered by staff",
        ["Continue to enrol new members from Symphony staff and Symphony rising stars"],
        ["All key areas are covered"],
        "TDG Leader",
    ),
    (
        IMPROVEMENT,
        "Ensure that staff have current educational knowledge",
        ["Use CPD and Inspiring Leaders meetings to ensure staff have up to date knowledge"],
        ["CPD regularly attended by all"],
        "DoP, TDG Leader",
    ),
    (
        ATTENDANCE,
        "To ensure we maintain our lower than national average persistent absenteeism",
        [
            "Regular attendance information from each school relating to persistent absence",
            "Ensure schools maintain their vigilant approach to tackling persistent absenteeism",
            "Ensure that schools receive effective attendance support from their external agencies",
        ],
        ["Information from data dashboards"],
        "DoP, CEO",
    ),
    (
        ATTENDANCE,
        "To ensure our overall attendance continues to be well above the national average",
        [
            "Regular attendance information from each school",
            "Ensure schools maintain their vigilant approach",
            "Ensure that schools receive effective attendance support from their external agencies",
        ],
        ["Information from data dashboards"],
        "DoP, CEO",
    ),
    (
        FINANCE,
        "To ensure feedback from audits remains consistently of a high standard",
        [
            "Deliver finance training to LGBs, Heads and school staff",
            "Finance and Operations Lead delivers ongoing training on finance MIS systems to "
            "SBMs and finance staff",
        ],
        ["Internal scrutiny", "External audits", "Submission of returns within DfE deadlines"],
        "CFO, Finance and Operations Lead, BDG",
    ),
    (
        FINANCE,
        "Develop metrics to benchmark schools in the same categories to increase efficiencies "
        "and savings",
        [
            "Continue to improve the finance processes and procedures as efficiencies are "
            "identified",
            "Deliver KPIs and ICFP via ISOT",
        ],
        [
            "Benchmark against DfE KPIs",
            "Track efficiencies",
            "Identify gaps in schools using ICFP and implement a suitable plan",
        ],
        "CFO, Finance and Operations Lead, BDG",
    ),
    (
        FINANCE,
        "Deliver the Estates Strategy, linked to Net Carbon, Sustainability and Health & Safety; "
        "agree and implement the Estates Plan",
        [
            "Estates priorities agreed with schools and Trustees",
            "Appoint an estates lead",
            "Appoint a Health & Safety lead",
        ],
        ["Estates Plan", "Estates Lead", "Health & Safety Lead"],
        "CFO, Finance and Operations Lead, Estates Lead, Health & Safety Lead",
    ),
    (
        FINANCE,
        "Allocate SCA funding",
        [
            "Identify how SCA funding will be allocated and the assessment model",
            "Track income and expenditure in the financial year",
        ],
        ["Report income and expenditure to Trustees termly", "Submit annual SCA return to DfE"],
        "CFO, Finance and Operations Lead, Estates Lead, Health & Safety Lead",
    ),
    (
        FINANCE,
        "Identify contracts and services that can be centralised",
        [
            "Health & Safety contracts procured centrally",
            "Identify IT hardware that can be procured centrally",
        ],
        [
            "EVERY to support with Health & Safety contracts, e.g. asbestos, legionella, fire",
            "IT Strategy to support focus of IT hardware to be purchased centrally",
        ],
        "CFO, Finance and Operations Lead, IT support providers",
    ),
    (
        FINANCE,
        "Develop the central team to include Estates, Health & Safety, IT and HR",
        [
            "As the Trust grows, increase capacity for Health & Safety and Estates Lead",
            "Appoint IT Lead (15 schools)",
            "Implement the top five priorities as detailed in the IT Plan",
        ],
        [
            "Full-time Health & Safety and Estates Lead appointed to manage Health & Safety and "
            "SCA funding as part of the Estates Plan",
            "As funding is secured, appoint an IT Lead and internal HR support",
        ],
        "CEO, CFO, DoP, Finance and Operations Lead",
    ),
    (
        SAFEGUARDING,
        "To ensure the organisation, impact, monitoring and implementation of all safeguarding "
        "procedures remain effective in every setting",
        [
            "Continue with robust monitoring",
            "Ensure that peer reviews have safeguarding focus",
            "Ensure good practice is shared between schools",
        ],
        ["Peer reviews and safeguarding audits"],
        "CEO and DoP",
    ),
]

# The demo leaves the last priorities of the term unrecorded, so the CEO and DoP find the
# form to record them.
LEFT_TO_RECORD = 2
RAGS = [Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.GREEN, Rag.AMBER, Rag.GREEN, Rag.RED]


def seed_demo_trust_plan() -> None:
    today = timezone.localdate()
    year = AcademicYear.objects.filter(start_year=academic_start_year(today)).first()
    if year is None or TrustPriority.objects.filter(academic_year=year).exists():
        return
    priorities = TrustPriority.objects.bulk_create(
        TrustPriority(
            academic_year=year,
            focus_area=focus,
            target=target,
            strategies="\n".join(strategies),
            monitoring="\n".join(monitoring),
            responsible=responsible,
            order=n,
        )
        for n, (focus, target, strategies, monitoring, responsible) in enumerate(KEY_PRIORITIES)
    )
    term = Calendar.load().term_on_or_next(today)
    if term is None or term.academic_year_id != year.pk:
        term = year.terms.order_by("starts_on").last()
    dop = User.objects.get(email="dop@example.org")
    for n, priority in enumerate(priorities[:-LEFT_TO_RECORD]):
        trust_plan.record_priority_progress(
            priority=priority,
            term=term,
            rag=RAGS[n % len(RAGS)],
            evidence=f"{priority.monitoring_lines()[0]}: reported to the Executive Group this "
            "term (demo evidence).",
            by=dop,
        )
