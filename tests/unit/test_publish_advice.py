"""What to do after pushing many release tags at once, said alike in the three places that say it:
the publishing workflow's comment, `redline import`'s hint and the README's "Bring your history".

GitHub starts no run for a push of more than three tags at once; the workflow has
`workflow_dispatch` (run by hand) and a daily run, each of which publishes every release. Pushing
releases one at a time would not help an imported history either: its tags' commits hold no
workflow.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from redline.cli import importing

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "plugins" / "redline" / "starter" / "publish.yml"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\n#", " ").replace(" # ", " "))


def workflow_comment() -> str:
    """The comment over the workflow's `push` trigger."""
    text = STARTER.read_text(encoding="utf-8")
    block = text.split("\non:\n", 1)[1].split("\n  push:\n", 1)[0]
    return flat(" ".join(line.strip().lstrip("#") for line in block.splitlines()))


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return flat(text.split("### Bring your history", 1)[1].split("\n### ", 1)[0])


def test_all_three_say_three_tags_then_by_hand_or_the_daily_run():
    for name, said in (
        ("workflow", workflow_comment()),
        ("import hint", flat(importing.PUBLISH_STEPS)),
        ("README", readme_section()),
    ):
        assert "no run for a push of more than three tags at once" in said, name
        assert re.search(r"Actions (→|>) Publish (→|>) Run workflow", said), name
        assert re.search(r"or wait for (the|its) daily run", said), name
        assert "one at a time" not in said, name


def test_the_workflow_can_be_run_by_hand_and_runs_daily():
    text = re.sub(r"\[\[.*?\]\]", "0 0 * * *", STARTER.read_text(encoding="utf-8"))
    text = re.sub(r"^\[%.*?%\]", "", text, flags=re.M)
    on = yaml.safe_load(text)[True]
    assert "workflow_dispatch" in on and on["schedule"]
