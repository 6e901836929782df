from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "waypoint.learning"
    label = "learning"

    def ready(self) -> None:
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from waypoint.learning import selectors

        # Tools keep a guide's address for a minute; an editor's change is seen at once in this process.
        for name, signal in (
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
        ):
            signal.connect(selectors.forget_guide_urls, dispatch_uid=f"learning.forget_guide_urls.{name}")
