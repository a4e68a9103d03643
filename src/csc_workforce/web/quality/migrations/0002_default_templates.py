"""The audit tools every authority starts with: a full case file audit and two themed audits."""

from django.db import migrations

G, Y, T = "grade", "yes_no", "text"
FULL = [
    (
        "Assessment",
        [
            (
                G,
                "How good is the assessment?",
                "Up to date, analytical, shows the child's history and the family's strengths and risks.",
            ),
            (Y, "Was the assessment completed within 45 working days?", ""),
        ],
    ),
    (
        "Plans",
        [
            (
                G,
                "How good is the child's plan?",
                "Specific, measurable, with who does what by when; the child's needs drive it.",
            ),
            (Y, "Has the plan been reviewed within timescales?", ""),
        ],
    ),
    (
        "Voice and lived experience of the child",
        [
            (
                G,
                "How well is the child's voice heard and their lived experience understood?",
                "Seen alone where appropriate; their words recorded; what a day is like for them.",
            ),
            (T, "What would the child say about their social worker?", ""),
        ],
    ),
    (
        "Management oversight and supervision",
        [
            (
                G,
                "How effective is management oversight?",
                "Recorded decisions with rationale; reflective supervision that moves the plan on.",
            ),
            (Y, "Has the case been discussed in supervision in the last 8 weeks?", ""),
        ],
    ),
    (
        "Visits",
        [
            (
                G,
                "How purposeful are visits?",
                "Within timescales, the child seen, the purpose and outcome recorded.",
            ),
            (Y, "Were statutory visits within timescales in the last 3 months?", ""),
        ],
    ),
    (
        "Multi-agency working",
        [
            (
                G,
                "How well do agencies work together for this child?",
                "Information shared, partners at meetings, actions followed up.",
            ),
        ],
    ),
    (
        "Outcomes",
        [
            (
                G,
                "What difference has our work made to the child?",
                "Evidence of progress, or of timely escalation where there is none.",
            ),
            (T, "What must happen next for this child?", ""),
        ],
    ),
]
VOICE = [
    (
        "Voice of the child",
        [
            (
                G,
                "How well is the child's voice heard?",
                "Direct work, the child's words, their wishes and feelings acted on.",
            ),
            (Y, "Has the child been seen alone at the last two visits where appropriate?", ""),
            (T, "What difference has listening to the child made?", ""),
        ],
    ),
]
NEGLECT = [
    (
        "Neglect",
        [
            (
                G,
                "How well is neglect identified and understood?",
                "Use of a neglect tool; cumulative harm recognised; chronology.",
            ),
            (
                G,
                "How well does the plan address neglect?",
                "Clear expectations of parents, timescales, and what happens if things do not change.",
            ),
            (Y, "Has a neglect assessment tool been used in the last 6 months?", ""),
        ],
    ),
]


def create(apps, schema_editor):
    Template = apps.get_model("quality", "AuditTemplate")
    Section = apps.get_model("quality", "TemplateSection")
    Question = apps.get_model("quality", "Question")
    for name, kind, theme, sections in (
        ("Full case file audit", "full", "", FULL),
        ("Voice of the child", "themed", "voice of the child", VOICE),
        ("Neglect", "themed", "neglect", NEGLECT),
    ):
        template, created = Template.objects.get_or_create(
            name=name, version=1, defaults={"kind": kind, "theme": theme}
        )
        if not created:
            continue
        for order, (title, questions) in enumerate(sections):
            section = Section.objects.create(template=template, title=title, order=order)
            for number, (answer_type, text, guidance) in enumerate(questions):
                Question.objects.create(
                    section=section,
                    text=text,
                    guidance=guidance,
                    answer_type=answer_type,
                    order=number,
                )


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
