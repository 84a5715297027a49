# Data migration (DESIGN.md rule 13: apps.get_model): the masked ID no longer shows the last four
# characters (sequence code and check character), only the 6-digit address code (hardening issue 7).

from django.db import migrations

BATCH = 2000


def remask(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    last = 0
    while True:
        chunk = list(Person.objects.filter(pk__gt=last).order_by("pk").only("pk", "id_masked")[:BATCH])
        if not chunk:
            return
        for p in chunk:
            masked = p.id_masked
            p.id_masked = masked[:6] + "*" * (len(masked) - 6) if len(masked) > 10 else "*" * len(masked)
        Person.objects.bulk_update(chunk, ["id_masked"], batch_size=BATCH)
        last = chunk[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(remask, migrations.RunPython.noop),
    ]
