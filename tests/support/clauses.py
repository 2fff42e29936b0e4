"""The two-clause policy the clause-status tests start from: English and Thai released together
on 2023-07-03, then the site's configuration committed."""

from __future__ import annotations

from tests.support.gitrepo import PolicyRepo, doc
from tests.support.sitebuild import configure

EN = "policy/en/privacy-policy.md"
TH = "policy/th/privacy-policy.md"

SCOPE_EN = "## 1. Scope {#scope}\n\nWho this covers.\n\n"
SHARING_EN = "## 2. Sharing {#sharing}\n\nWe share with processors.\n\n"
SCOPE_TH = "## 1. ขอบเขต {#scope}\n\nผู้ที่นโยบายนี้ครอบคลุม\n\n"
SHARING_TH = "## 2. การเปิดเผย {#sharing}\n\nเราเปิดเผยแก่ผู้ประมวลผล\n\n"


def first_release(repo: PolicyRepo) -> PolicyRepo:
    """`repo` with both texts released on 2023-07-03 and the configuration committed."""
    repo.release(
        "2023-07-03",
        {
            EN: doc("Privacy", SCOPE_EN + SHARING_EN, notice="First."),
            TH: doc("นโยบาย", SCOPE_TH + SHARING_TH, notice="ฉบับแรก"),
        },
    )
    configure(repo.path)
    repo.commit("config")
    return repo
