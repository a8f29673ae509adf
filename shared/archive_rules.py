"""Which archive members are operating-system leftovers rather than documents: skipped, never counted.

Checked in order against every component of a member's path; the first match skips the member.
"""

import re

JUNK_COMPONENTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((why, re.compile(pattern)) for why, pattern in (
    # macOS Archive Utility stores resource forks of every file under a __MACOSX/ folder
    ("macOS resource forks", r"^__MACOSX$"),
    # AppleDouble companions (._报告.docx) written next to each file on non-HFS volumes
    ("AppleDouble file", r"^\._"),
    # Finder's folder view settings
    ("Finder metadata", r"^\.DS_Store$"),
    # Windows Explorer thumbnail caches and folder settings
    ("Windows thumbnail cache", r"^(?i:thumbs\.db|ehthumbs\.db)$"),
    ("Windows folder settings", r"^(?i:desktop\.ini)$"),
    # Word's owner lock file (~$报告.docx) zipped up with a document that was open at the time
    ("Office lock file", r"^~\$"),
    # any other hidden file or folder (.git/, .idea/, .Trash-1000/ ...)
    ("hidden file", r"^\."),
))


def junk_reason(path: str) -> str | None:
    """Why the member at ``path`` (components joined by "/") is skipped, or None for a real file."""
    for component in path.split("/"):
        for why, pattern in JUNK_COMPONENTS:
            if pattern.search(component):
                return why
    return None
