"""The two-clause policy the clause-status tests start from (`sitebuild.first_release` with
these texts)."""

from __future__ import annotations

from tests.support.gitrepo import PolicyRepo
from tests.support.sitebuild import first_release

SCOPE_EN = "## 1. Scope {#scope}\n\nWho this covers.\n\n"
SHARING_EN = "## 2. Sharing {#sharing}\n\nWe share with processors.\n\n"
SCOPE_TH = "## 1. ขอบเขต {#scope}\n\nผู้ที่นโยบายนี้ครอบคลุม\n\n"
SHARING_TH = "## 2. การเปิดเผย {#sharing}\n\nเราเปิดเผยแก่ผู้ประมวลผล\n\n"


def two_clauses(repo: PolicyRepo) -> PolicyRepo:
    """`repo` with both two-clause texts released on 2023-07-03 and the configuration committed."""
    return first_release(repo, SCOPE_EN + SHARING_EN, SCOPE_TH + SHARING_TH)
