"""Contact requests and replies, taken over from ``learning`` with their rows (step 2 of 3).

See learning.0004: the tables were renamed there; here the models enter this app's state
and their content types are relabelled in place.
"""

import django.db.models.deletion
import uuid
import waypoint.core.fields
from django.conf import settings
from django.db import migrations, models

from waypoint.core.model_moves import rename_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('learning', '0004_workshops_and_enquiries_tables'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (renamed by learning.0004, rows and all): this app takes the models over in state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ContactRequest',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', waypoint.core.fields.EncryptedTextField(verbose_name='name')),
                        ('organisation', waypoint.core.fields.EncryptedTextField(blank=True, verbose_name='organisation')),
                        ('role', waypoint.core.fields.EncryptedTextField(blank=True, verbose_name='role')),
                        ('email', waypoint.core.fields.EncryptedTextField(verbose_name='e-mail')),
                        ('phone', waypoint.core.fields.EncryptedTextField(blank=True, verbose_name='phone')),
                        ('preferred_channel', models.CharField(choices=[('email', 'E-mail'), ('phone', 'Phone')], default='email', max_length=8, verbose_name='how they prefer to be reached')),
                        ('topic', models.CharField(choices=[('training', 'Training or a workshop for my team'), ('consultation', 'Advice about a situation I am supporting'), ('referral', 'Referring someone to services'), ('partnership', 'Working together as organisations'), ('other', 'Something else')], max_length=32, verbose_name='topic')),
                        ('message', waypoint.core.fields.EncryptedTextField(verbose_name='message')),
                        ('status', models.CharField(choices=[('new', 'New'), ('in_progress', 'In progress'), ('closed', 'Closed')], default='new', max_length=16, verbose_name='status')),
                        ('due_at', models.DateTimeField()),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('language', models.CharField(default='en', max_length=8)),
                        ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency')),
                        ('assigned_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned to')),
                    ],
                    options={
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ContactReply',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('channel', models.CharField(choices=[('email', 'E-mail'), ('phone', 'Phone'), ('meeting', 'Meeting'), ('other', 'Other')], default='email', max_length=16, verbose_name='channel')),
                        ('body', waypoint.core.fields.EncryptedTextField(verbose_name='what was said')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='enquiries.contactrequest')),
                    ],
                    options={
                        'ordering': ['created_at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='contactrequest',
                    index=models.Index(fields=['agency', 'status', 'due_at'], name='enquiries_c_agency__613c10_idx'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            rename_content_types('learning', 'enquiries', ['contactrequest', 'contactreply']),
            rename_content_types('enquiries', 'learning', ['contactrequest', 'contactreply']),
        ),
    ]
