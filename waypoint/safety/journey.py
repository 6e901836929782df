"""What safety plans add to casework's pages (filled in with the views)."""


def register() -> None:
    """Timeline sources and caseload flags; registered once from ``SafetyConfig.ready``."""
