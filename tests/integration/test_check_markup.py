"""`redline check` and `redline release` refuse ids, classes and titles the site would not publish
as written (unsafe or theme ids, theme classes, titles with markup), naming file and line."""

from __future__ import annotations

import pytest

from tests.support.gitrepo import doc
from tests.support.sitebuild import first_release, redline

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"

# Each line of the body that breaks a rule, and what `redline check` says about it. The body
# starts on line 5 of the file, after `---`, `title:`, `notice:`, `---`.
HOSTILE_LINES = [
    (
        "## 1. Scope {#scope id='scope\"><img src=x onerror=alert(1)>'}",
        "id 'scope\"><img src=x onerror=alert(1)>' is not a plain anchor",
    ),
    ("## 2. Focus {id='x\" autofocus onfocus=\"alert(1)'}", "is not a plain anchor"),
    ("## 3. Theme {#__config}", "id '__config' is one of the theme's or the site's own names"),
    ("## 4. Content {#md-content}", "id 'md-content' is one of the theme's or the site's own"),
    ("## 5. Thai anchor {#ข้อ-5}", "id 'ข้อ-5' is not a plain anchor"),
    ('<p id="__config">{"features": []}</p>', "id '__config' is one of the theme's"),
    ("<p id='rl-title'>Title</p>", "id 'rl-title' is one of the theme's or the site's own"),
    ('<div class="md-dialog md-dialog--active">Overlay</div>', "class 'md-dialog' is not one"),
    (None, "class 'md-dialog--active' is not one the site's Markdown makes"),  # the same line
    ("<div class='md-typeset'>Typeset</div>", "class 'md-typeset' is not one"),
    ("## 6. Diagram {#diagram .mermaid}", "class 'mermaid' is not one the site's Markdown makes"),
    ('We collect [names](#scope "<img src=x onerror=alert(2)>").', "title '<img src=x onerror="),
    ('We collect <abbr title="<img src=x onerror=alert(3)>">PII</abbr>.', "title '<img src=x"),
    ('<abbr title="&lt;svg onload=alert(4)&gt;">PDPA</abbr>', "title '<svg onload=alert(4)>'"),
    ("*[PII]: <img src=x onerror=alert(5)>", "title '<img src=x onerror=alert(5)>' contains"),
    ('[ref]: https://example.com "<b>bold</b>"', "title '<b>bold</b>' contains markup"),
    ("## 7. Titled {#titled title='<i>x</i>'}", "title '<i>x</i>' contains markup"),
    # classes the theme styles to be invisible: the build drops them
    (
        '<p>Fees <a class="footnote-backref" href="#fine">A fee of 500 USD applies.</a></p>',
        "class 'footnote-backref' is not one the site's Markdown makes",
    ),
    ("<p class='highlight'>Code</p>", "class 'highlight' is not one the site's Markdown makes"),
    ("A fee {.headerlink}", "class 'headerlink' is the heading permalink the site adds itself"),
]
# Nothing here is refused: plain text, code, escapes, what the site's Markdown makes.
FINE = """
## 8. Fine {#fine .admonition}

Ages [under 20](#fine "age < 20") and <abbr title="Personal Data Protection Act">PDPA</abbr>.

`<p id="__config">` is code, and so is this:

```html
<div class="md-dialog md-dialog--active">
```

!!! warning "Careful"
    Admonitions keep their classes.

Footnote[^1].

[^1]: A note.
"""


@pytest.fixture
def repo(repo):
    return first_release(repo)


def test_check_reports_each_construct_with_file_and_line(repo):
    lines = [line for line, _ in HOSTILE_LINES if line is not None]
    repo.write(EN, doc("Privacy", "".join(f"{line}\n\n" for line in lines) + FINE, notice="x"))
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    errors = [x for x in result.stdout.splitlines() if ": error: " in x]
    number = 3
    for line, message in HOSTILE_LINES:
        number += 2 if line is not None else 0  # each hostile line is followed by an empty one
        where = f"{EN}:{number}: error: "
        assert any(e.startswith(where) and message in e for e in errors), (line, result.stdout)
    # one error per construct (a heading with a bad id is not also said to have none), and
    # nothing in FINE
    assert len(errors) == len(HOSTILE_LINES), result.stdout
    assert "Traceback" not in result.stderr


def test_check_reports_a_document_title_with_markup(repo):
    repo.write(TH, "---\nnotice: x\ntitle: นโยบาย <img src=x onerror=alert(1)>\n---\n\nข้อความ\n")
    result = redline("check", cwd=repo.path)
    assert result.returncode == 1
    assert (
        f"{TH}:3: error: front matter title 'นโยบาย <img src=x onerror=alert(1)>' contains markup"
    ) in result.stdout


def test_release_refuses_hostile_markup_and_creates_no_tag(repo):
    repo.write(EN, doc("Privacy", '<p id="__config">{}</p>\n', notice="Takeover."))
    repo.commit("hostile")
    result = redline("release", "--backdate", "2024-01-15", "-m", "x", cwd=repo.path)
    assert result.returncode == 1
    assert f"{EN}:5: error: id '__config'" in result.stderr
    assert "no tag was created" in result.stderr
    assert repo.git("tag", "-l", "policy/2024-01-15") == ""
