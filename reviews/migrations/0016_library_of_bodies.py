"""Many publishing bodies in one installation, every review's lifecycle, and
the rest of the reference library's metadata (lead reviewers, agencies
involved, related reviews). Existing content joins the installation's first
body (made from the configured defaults if there was none) and stays what it
was: a published report."""

import django.db.models.deletion
import reviews.validators
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

from reviews.database import invalidation


def to_first_body(apps, schema_editor):
    Body, Review, Leaflet = (apps.get_model("reviews", name) for name in ("Body", "Review", "Leaflet"))
    taken = set()
    for body in Body.objects.order_by("pk"):
        slug = slugify(body.name)[:80] or "body"
        while slug in taken:
            slug = f"{slug[:70]}-{body.pk}"
        taken.add(slug)
        Body.objects.filter(pk=body.pk).update(slug=slug)
    first = Body.objects.order_by("pk").first()
    if first is None and (Review.objects.exists() or Leaflet.objects.exists()):
        first = Body.objects.create(
            slug="default", name=settings.DEFAULT_BODY_NAME, availability_months=settings.AVAILABILITY_WINDOW_MONTHS
        )
    if first is not None:
        Review.objects.filter(body__isnull=True).update(body=first)
        Leaflet.objects.filter(body__isnull=True).update(body=first)


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0015_publishing_bodies'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Agency',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Moves on with every save; a save from an older copy is refused.')),
                ('slug', models.SlugField(max_length=80, unique=True)),
                ('name', models.CharField(max_length=120, unique=True)),
                ('description', models.TextField(blank=True, help_text='Which services the term covers.')),
            ],
            options={
                'verbose_name_plural': 'agencies',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='RelatedReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, help_text='Moves on with every save; a save from an older copy is refused.')),
                ('relation', models.CharField(choices=[('same_incident', 'About the same death or incident'), ('led_to', 'Led to')], max_length=16)),
            ],
            options={
                'ordering': ['pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='body',
            options={'ordering': ['name', 'pk'], 'permissions': [('edit_every_body', 'May edit the content of every publishing body')], 'verbose_name_plural': 'bodies'},
        ),
        migrations.AddField(
            model_name='body',
            name='area',
            field=models.CharField(blank=True, help_text='The area it covers, e.g. Stockport.', max_length=200),
        ),
        migrations.AddField(
            model_name='body',
            name='contacts',
            field=models.ManyToManyField(blank=True, related_name='bodies', to='reviews.contact'),
        ),
        migrations.AddField(
            model_name='body',
            name='editors',
            field=models.ManyToManyField(blank=True, help_text="Staff who may edit this body's reviews and leaflets (superusers may edit every body's).", related_name='bodies', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='body',
            name='is_sample',
            field=models.BooleanField(default=False, help_text='Demonstration content, not a real body.'),
        ),
        migrations.AddField(
            model_name='body',
            name='kind',
            field=models.CharField(choices=[('children_partnership', 'Safeguarding children partnership (or board)'), ('adults_board', 'Safeguarding adults board'), ('community_safety_partnership', 'Community safety partnership'), ('regional_board', 'Regional safeguarding board'), ('protection_committee', 'Child or adult protection committee'), ('national_panel', 'National review panel or body'), ('other', 'Other')], default='children_partnership', max_length=32),
        ),
        migrations.AddField(
            model_name='body',
            name='nation',
            field=models.CharField(choices=[('england', 'England'), ('wales', 'Wales'), ('scotland', 'Scotland'), ('northern_ireland', 'Northern Ireland')], default='england', max_length=20),
        ),
        migrations.AddField(
            model_name='body',
            name='request_url',
            field=models.URLField(blank=True, help_text='Optional: a page or form where people can ask for an archived review.'),
        ),
        migrations.AddField(
            model_name='body',
            name='slug',
            field=models.SlugField(db_index=False, default='', help_text='Its address in filters: ?body=stockport-sscb.', max_length=80),
        ),
        migrations.AddField(
            model_name='leaflet',
            name='body',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='leaflets', to='reviews.body'),
        ),
        migrations.AddField(
            model_name='review',
            name='body',
            field=models.ForeignKey(null=True, help_text='The partnership or board that publishes the review.', on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='reviews.body'),
        ),
        migrations.RunPython(to_first_body, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='body',
            name='slug',
            field=models.SlugField(help_text='Its address in filters: ?body=stockport-sscb.', max_length=80, unique=True),
        ),
        migrations.AlterField(
            model_name='leaflet',
            name='body',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='leaflets', to='reviews.body'),
        ),
        migrations.AlterField(
            model_name='review',
            name='body',
            field=models.ForeignKey(help_text='The partnership or board that publishes the review.', on_delete=django.db.models.deletion.PROTECT, related_name='reviews', to='reviews.body'),
        ),
        migrations.AddField(
            model_name='review',
            name='expected_publication',
            field=models.DateField(blank=True, help_text='While deferred: when the report is expected, if known (its month is published).', null=True, validators=[reviews.validators.within_supported_years]),
        ),
        migrations.AddField(
            model_name='review',
            name='publication',
            field=models.CharField(choices=[('report', 'Report published in full'), ('improvements_only', 'Improvements only: no report published'), ('deferred', 'Publication deferred')], default='report', help_text='What was published: the report, only the improvements to be made, or nothing yet (deferred; a learning brief may come first).', max_length=20),
        ),
        migrations.AddField(
            model_name='review',
            name='publication_reason',
            field=models.CharField(blank=True, choices=[('identification', 'Publishing the report could identify the child, adult or family'), ('welfare', 'Publishing the report could harm a child or family member'), ('family_wishes', 'The family asked for the report not to be published'), ('parallel_proceedings', 'Parallel proceedings (for example a criminal trial)'), ('inquest', 'An inquest has yet to conclude'), ('other', 'Another reason')], help_text='Why no report is (yet) published, as a public class — required for improvements only and deferred, empty for a report.', max_length=24),
        ),
        migrations.AddField(
            model_name='reviewer',
            name='is_lead',
            field=models.BooleanField(default=False, help_text='The lead reviewer (the reference library records one).'),
        ),
        migrations.AlterField(
            model_name='body',
            name='about',
            field=models.TextField(blank=True, help_text='How the body conducts its reviews.'),
        ),
        migrations.AddField(
            model_name='review',
            name='agencies',
            field=models.ManyToManyField(blank=True, help_text='The agencies involved, from the controlled list.', related_name='reviews', to='reviews.agency'),
        ),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(models.Q(('publication', 'report'), ('publication_reason', '')), models.Q(('publication', 'improvements_only'), ('publication_reason__in', ('identification', 'welfare', 'family_wishes', 'other'))), models.Q(('publication', 'deferred'), ('publication_reason__in', ('parallel_proceedings', 'inquest', 'family_wishes', 'other'))), _connector='OR'), models.Q(('publication', 'deferred'), ('expected_publication__isnull', True), _connector='OR')), name='review_publication_consistent'),
        ),
        migrations.AddField(
            model_name='relatedreview',
            name='related',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inverse_relations', to='reviews.review'),
        ),
        migrations.AddField(
            model_name='relatedreview',
            name='review',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='relations', to='reviews.review'),
        ),
        migrations.AddConstraint(
            model_name='relatedreview',
            constraint=models.UniqueConstraint(fields=('review', 'related'), name='related_review_once'),
        ),
        migrations.AddConstraint(
            model_name='relatedreview',
            constraint=models.CheckConstraint(condition=models.Q(('review', models.F('related')), _negated=True), name='related_review_not_itself'),
        ),
        # SQLite rebuilds tables to change them, dropping their triggers: put them back (new tables included).
        migrations.RunPython(invalidation.install, migrations.RunPython.noop),
    ]
