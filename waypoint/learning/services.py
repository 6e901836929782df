"""Every write of the learning hub itself: editors' access, the Wagtail site, the guides.

Each function is keyword-only, atomic, and records its audit event (ids and
actions only) in the same transaction. Workshops write through
``workshops.services``, "speak with someone" through ``enquiries.services``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.accounts.roles import CMS_EDITOR_ROLES
from waypoint.accounts.selectors import is_cms_editor
from waypoint.learning.models import GuidePage, LearningHomePage, ResourceLibraryPage, TopicIndexPage

EDITORS_GROUP = "Editors"


# --- Editors: Wagtail permissions follow Waypoint roles ----------------------------------


def editors_group_ensure() -> Group:
    """The "Editors" group: Wagtail admin access, every page permission on the hub, documents, snippets."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = [("wagtailadmin", "admin", "access_admin")]
    for app, model in (("learning", "resource"), ("workshops", "workshop"), ("workshops", "workshopsession")):
        wanted += [(app, model, f"{verb}_{model}") for verb in ("add", "change", "delete", "view")]
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, _model, codename in wanted
        if Permission.objects.filter(content_type__app_label=app, codename=codename).exists()
    ]
    group.permissions.add(*permissions)
    # The hub's home when it exists; before load_guides has run, the default site's root, so that an
    # editor always holds some page permission (Wagtail's page explorer fails for a user with none).
    from wagtail.models import Site

    home: Page | None = LearningHomePage.objects.first()
    if home is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page if site is not None else _page_tree_root()
    if home is not None:
        GroupPagePermission.objects.filter(group=group).exclude(page=home).delete()
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            permission = Permission.objects.get(content_type=ContentType.objects.get_for_model(Page), codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for codename in (
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        ):
            media_permission = Permission.objects.filter(codename=codename).first()
            if media_permission is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=media_permission
                )
    return group


def editor_access_sync(*, user: User) -> bool:
    """Put the user in the Editors group if an active membership makes them an editor, or take them out.

    Called for every /cms/ request (``learning.middleware``), so a role change takes effect
    on the next page; the demo and the tests may call it directly. Returns whether they edit.
    """
    is_editor = is_cms_editor(user)
    in_group = user.groups.filter(name=EDITORS_GROUP).exists()
    if is_editor == in_group:
        return is_editor
    with transaction.atomic():
        group = editors_group_ensure()
        if is_editor:
            user.groups.add(group)
        else:
            user.groups.remove(group)
        audit.record(
            action="learning.editor_access_granted" if is_editor else "learning.editor_access_removed",
            target=user,
            detail={},
        )
    return is_editor


def editors_sync_all() -> int:
    """Sync every user who holds an editor role or sits in the Editors group. Returns how many may edit."""
    from django.db.models import Q

    users = User.objects.filter(Q(memberships__role__in=CMS_EDITOR_ROLES) | Q(groups__name=EDITORS_GROUP)).distinct()
    return sum(editor_access_sync(user=user) for user in users)


# --- The Wagtail site and the guides -------------------------------------------------------


def _page_tree_root() -> Any:
    """Wagtail's root page, locale and root collection, made again if the database lost them.

    Wagtail's migrations create them; a database emptied afterwards (a flushed test
    database, say) has none, and Wagtail's admin fails without them.
    """
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page))
        )
    return root


def hub_site_ensure() -> LearningHomePage:
    """Make the learning hub home the root of the default Wagtail site, with its topic index and library.

    Idempotent. Wagtail's own first migration leaves a "Welcome" page at the root;
    it is replaced when it is still the untouched placeholder.
    """
    from wagtail.models import Page, Site

    with transaction.atomic():
        home = LearningHomePage.objects.first()
        root = _page_tree_root()
        if home is None:
            home = LearningHomePage(
                title="Learning hub",
                slug="learning-hub",
                intro=(
                    "<p>Guides, resources and workshops for people who support survivors of sex trafficking: "
                    "social workers, nurses and doctors, police, the courts and schools.</p>"
                ),
                intro_fr=(
                    "<p>Des guides, des ressources et des ateliers pour les personnes qui accompagnent les "
                    "survivantes et survivants de la traite à des fins sexuelles : travail social, santé, police, "
                    "justice et écoles.</p>"
                ),
            )
            root.add_child(instance=home)
            audit.record(action="learning.hub_created", target_type="wagtailcore.page", target_id=home.pk, detail={})
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Waypoint"
            )
        elif site.root_page_id != home.pk:
            placeholder = site.root_page
            site.root_page = home
            site.save(update_fields=["root_page"])
            if placeholder.specific_class is Page and placeholder.depth == 2 and placeholder.numchild == 0:
                placeholder.delete()
        home.refresh_from_db()
        if not TopicIndexPage.objects.exists():
            home.add_child(
                instance=TopicIndexPage(
                    title="Topic guides",
                    slug="guides",
                    intro="Practice guides on the topics people ask us about most, in plain words.",
                    intro_fr="Des guides de pratique, en mots simples, sur les sujets qui reviennent le plus souvent.",
                )
            )
        if not ResourceLibraryPage.objects.exists():
            home.refresh_from_db()
            home.add_child(
                instance=ResourceLibraryPage(
                    title="Resource library",
                    slug="resources",
                    intro="Handouts, checklists and templates to download and share.",
                    intro_fr="Des fiches, des listes de vérification et des modèles à télécharger et à partager.",
                )
            )
    editors_group_ensure()
    return home


def search_index_now(instance: Any) -> None:
    """Index an object at once. Wagtail otherwise queues indexing as a background task for the worker,
    and a fresh install (or a test) should find its guides before any worker has run."""
    from wagtail.search import index as search_index

    search_index.insert_or_update_object(instance)


def guides_directory() -> Path:
    return Path(__file__).resolve().parent / "content" / "guides"


def guides_load(*, directory: Path | None = None, update: bool = False) -> tuple[int, int]:
    """Create the guide pages from the Markdown files (French bodies from ``fr/``); with ``update``,
    overwrite existing ones too.

    Without ``update`` a guide an editor has already changed is left alone, except that an empty
    French body is filled from its file (so an install made before the French bodies gets them);
    an editor's French body is never overwritten. Every file is read and checked before anything
    is written. Returns (created, updated).
    """
    from waypoint.learning.guide_files import guide_pairs

    pairs = guide_pairs(directory or guides_directory())
    hub_site_ensure()
    index = TopicIndexPage.objects.first()
    assert index is not None
    created = updated = 0
    for guide, french in pairs:
        with transaction.atomic():
            page = GuidePage.objects.filter(slug=guide.slug).first()
            if page is not None and not update:
                if french is not None and _guide_french_body_fill(page=page, stream=french.stream):
                    updated += 1
                continue
            fields = {
                "title": guide.title_en,
                "title_fr": guide.title_fr,
                "summary": guide.summary_en,
                "summary_fr": guide.summary_fr,
                "audiences": guide.audiences,
                "tool": guide.tool,
                "order": guide.order,
                "body": guide.stream,
            }
            if french is not None:
                fields["body_fr"] = french.stream
            if page is None:
                page = GuidePage(slug=guide.slug, **fields)
                index.add_child(instance=page)
                index.refresh_from_db()
                created += 1
                action = "learning.guide_created"
            else:
                for name, value in fields.items():
                    setattr(page, name, value)
                updated += 1
                action = "learning.guide_updated"
            page.save_revision().publish()
            search_index_now(GuidePage.objects.get(pk=page.pk))
            audit.record(action=action, target_type="wagtailcore.page", target_id=page.pk, detail={"slug": guide.slug})
    return created, updated


def _guide_french_body_fill(*, page: GuidePage, stream: list[tuple[str, Any]]) -> bool:
    """Give a guide without a French body the one from its file. Returns whether it changed.

    An editor's draft is kept: the French body goes into the draft, for them to publish with it.
    """
    has_draft = page.has_unpublished_changes
    draft = page.get_latest_revision_as_object() if has_draft else page
    if len(draft.body_fr) > 0:
        return False
    draft.body_fr = stream
    revision = draft.save_revision()
    if not has_draft:
        revision.publish()
        search_index_now(GuidePage.objects.get(pk=page.pk))
    audit.record(
        action="learning.guide_french_added",
        target_type="wagtailcore.page",
        target_id=page.pk,
        detail={"slug": page.slug},
    )
    return True
