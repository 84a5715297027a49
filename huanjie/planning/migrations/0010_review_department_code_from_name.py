"""Each existing joint-review department gets the accounts' department code whose label its name
matches (“公安局”, “政法委（扫黑办）” → 政法委); a name matching none stays blank for the city to pick,
and a code already taken in the campaign is not given twice."""

from django.db import migrations

# accounts.roles.VETTING_DEPARTMENTS as it stood when this migration was written (frozen here).
LABELS = (
    ("discipline", "纪委监委"),
    ("organization", "组织部"),
    ("politics_law", "政法委"),
    ("police", "公安局"),
    ("court", "法院"),
    ("procuratorate", "检察院"),
    ("justice", "司法局"),
    ("petition", "信访局"),
    ("civil_affairs", "民政局"),
    ("health", "卫健委"),
    ("agriculture", "农业农村局"),
    ("market", "市场监管局"),
    ("tax", "税务局"),
    ("audit", "审计局"),
    ("united_front", "统战部"),
)


def code_of(name):
    name = name.strip()
    exact = [code for code, label in LABELS if name == label]
    prefixed = [code for code, label in LABELS if name.startswith(label)]
    found = exact or prefixed
    return found[0] if len(found) == 1 else ""


def forwards(apps, schema_editor):
    ReviewDepartment = apps.get_model("planning", "ReviewDepartment")
    taken = set()
    for row in ReviewDepartment.objects.filter(department="").order_by("pk"):
        code = code_of(row.name)
        if code and (row.campaign_id, code) not in taken:
            taken.add((row.campaign_id, code))
            row.department = code
            row.save(update_fields=["department"])


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0009_review_department_code"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
