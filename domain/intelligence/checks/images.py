"""Images without alt text: screen readers announce nothing (or the file name), and mail
clients that block images show an empty box."""

from __future__ import annotations

from domain.intelligence.checks import CheckKind, CheckResult, failed, passed
from domain.intelligence.checks.content import CheckedContent
from domain.intelligence.checks.html import images_in

KIND = CheckKind.IMAGE_ALT


def check_image_alt(content: CheckedContent) -> CheckResult:
    images = images_in(content.html)
    missing = [image.src for image in images if not (image.alt or "").strip()]
    if missing:
        return failed(KIND, f"{len(missing)} of {len(images)} image(s) have no alt text",
                      images=missing[:20])
    return passed(KIND, f"all {len(images)} image(s) have alt text" if images
                  else "no images")
