"""Time `redline()` on generated policy pairs of 12 KB, 100 KB and 1 MB, English and Thai.

Run from the repository root:  .venv/bin/python benchmarks/diff_bench.py [--runs N] [--quick]

Each document is a sequence of clauses (heading, paragraphs, a list, sometimes a table) built from
realistic policy sentences. The newer revision applies the edits a real revision makes, at the
same rate per clause whatever the size: reworded sentences, a company added to a list, a list
item added and one removed, a clause inserted (renumbering every later heading), a paragraph
removed, a table cell changed. "cold" clears the Thai segmentation cache before each run; "warm"
repeats the run with the cache filled, which is what a rebuild sees.

Sizes are of the Markdown source (the rendered HTML is a little larger). Each figure is the median
of several runs, as wall time and as this process's CPU time; the goals (EN 12 KB < 10 ms warm,
TH 12 KB < 40 ms cold including Thai segmentation, EN 1 MB < 3 s, cost growing linearly: the
1 MB / 100 KB time ratio under 1.5 x the size ratio) are judged on CPU time, because on a shared
machine wall time mostly measures the neighbours. `--wall` judges on wall time instead.

Then three inputs at sizes where a quadratic step would show (`--no-large` skips them):
a list of 20,000 lines all reworded (goal 10 s), one Thai paragraph of 200 KB without spaces
with every other sentence rewritten (goal 5 s) and a list nested 1,000 deep with text before and
after each inner list, every level reworded (goal: 300 MB peak resident memory of a fresh
process making that redline, interpreter included).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown

try:
    from redline.diff import redline
    from redline.text import words
except ImportError:  # not installed: run from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
    from redline.diff import redline
    from redline.text import words

EXTENSIONS = ["attr_list", "toc", "tables"]

EN_TITLES = [
    "Personal Information We Collect", "Purposes of Use", "Sharing with Third Parties",
    "Joint Use", "Security Measures", "Retention", "Your Rights",
    "Cookies and Similar Technologies", "International Transfers", "Children's Information",
    "Contact", "Changes to This Policy",
]  # fmt: skip
EN_SENTENCES = [
    "We collect the personal information you provide when you register for a service, such as "
    "your name, company name, email address and telephone number.",
    "We use personal information to provide, maintain and improve our services, to respond to "
    "inquiries, and to send notices about changes to our terms.",
    "We do not disclose personal information to third parties without your consent, except where "
    "required by law or necessary to protect life, body or property.",
    "We perform regular self inspections of the way personal information is handled and correct "
    "any shortcomings we find without delay.",
    "Access to personal information is limited to employees and contractors who need it to carry "
    "out their duties, and they are bound by confidentiality obligations.",
    "We keep personal information only for as long as it is needed for the purposes described in "
    "this policy, after which it is deleted or anonymised.",
    "You may ask us to disclose, correct, add to, delete or stop using your personal information "
    "by contacting the desk described below.",
    "Cybozu’s affiliates may receive usage data so that they can operate the support portal on "
    "our behalf.",
]
EN_LIST = [
    "Name, postal address, email address and telephone number",
    "Company name, department and job title",
    "Payment information such as the card brand and the last four digits",
    "Access logs, IP addresses and browser information",
]
EN_REWORD = [
    ("regular self inspections", "periodic internal audits"),
    ("without delay", "within thirty days"),
    ("need it to carry out their duties", "require it for their work"),
]

TH_TITLES = [
    "ข้อมูลส่วนบุคคลที่เราเก็บรวบรวม", "วัตถุประสงค์ในการใช้ข้อมูล", "การเปิดเผยข้อมูลแก่บุคคลภายนอก",
    "การใช้ข้อมูลร่วมกัน", "มาตรการรักษาความมั่นคงปลอดภัย", "ระยะเวลาการเก็บรักษาข้อมูล",
    "สิทธิของเจ้าของข้อมูล", "คุกกี้และเทคโนโลยีที่คล้ายคลึงกัน", "การโอนข้อมูลไปยังต่างประเทศ",
    "ข้อมูลของผู้เยาว์", "ช่องทางการติดต่อ", "การเปลี่ยนแปลงนโยบายนี้",
]  # fmt: skip
TH_SENTENCES = [
    "บริษัทจะเก็บรวบรวมข้อมูลส่วนบุคคลของท่านเท่าที่จำเป็นตามวัตถุประสงค์ที่ได้แจ้งไว้ในนโยบายนี้ "
    "เช่น ชื่อ ที่อยู่ อีเมล และหมายเลขโทรศัพท์",
    "บริษัทจะใช้ข้อมูลส่วนบุคคลเพื่อให้บริการ ปรับปรุงคุณภาพของบริการ และตอบข้อสอบถามของท่าน",
    "บริษัทจะไม่เปิดเผยข้อมูลส่วนบุคคลของท่านแก่บุคคลภายนอกโดยไม่ได้รับความยินยอมจากท่าน เว้นแต่เป็นกรณีที่กฎหมายกำหนด",
    "บริษัทจัดให้มีการตรวจสอบภายในเป็นประจำเกี่ยวกับการจัดการข้อมูลส่วนบุคคล และจะแก้ไขข้อบกพร่องที่พบโดยไม่ชักช้า",
    "การเข้าถึงข้อมูลส่วนบุคคลจำกัดเฉพาะพนักงานที่มีหน้าที่เกี่ยวข้องเท่านั้น และพนักงานดังกล่าวมีหน้าที่รักษาความลับ",
    "บริษัทจะเก็บรักษาข้อมูลส่วนบุคคลไว้เป็นระยะเวลาเท่าที่จำเป็นตามวัตถุประสงค์ "
    "หลังจากนั้นจะลบหรือทำให้ข้อมูลไม่สามารถระบุตัวบุคคลได้",
    "ท่านมีสิทธิขอเข้าถึง ขอแก้ไข ขอลบ หรือขอระงับการใช้ข้อมูลส่วนบุคคลของท่าน โดยติดต่อผ่านช่องทางที่ระบุไว้ด้านล่าง",
    "บริษัทในเครืออาจได้รับข้อมูลการใช้งานเพื่อดำเนินการศูนย์บริการลูกค้าในนามของบริษัท",
]
TH_LIST = [
    "ชื่อ ที่อยู่ อีเมล และหมายเลขโทรศัพท์",
    "ชื่อบริษัท แผนก และตำแหน่งงาน",
    "ข้อมูลการชำระเงิน เช่น ประเภทบัตรและเลขสี่หลักสุดท้าย",
    "ประวัติการเข้าใช้งาน หมายเลขไอพี และข้อมูลเบราว์เซอร์",
]
TH_REWORD = [
    ("เก็บรวบรวม", "ได้รับ"),
    ("โดยไม่ชักช้า", "ภายในสามสิบวัน"),
    ("เป็นประจำ", "อย่างสม่ำเสมอ"),
]

Corpus = tuple[list[str], list[str], list[str], list[tuple[str, str]], str]
CORPORA: dict[str, Corpus] = {
    "en": (EN_TITLES, EN_SENTENCES, EN_LIST, EN_REWORD, "Kintone Inc."),
    "th": (TH_TITLES, TH_SENTENCES, TH_LIST, TH_REWORD, "บริษัท คินโทน จำกัด"),
}


def clause(locale: str, n: int, number: int, edited: bool) -> str:
    """Markdown of clause `n` (shown as `number`), in its old or its edited form."""
    titles, sentences, items, reword, company = CORPORA[locale]
    title = titles[n % len(titles)]
    paras = [
        " ".join(sentences[(n + k) % len(sentences)] for k in range(3)),
        " ".join(sentences[(n + k + 3) % len(sentences)] for k in range(2)),
        " ".join(sentences[(n + k + 5) % len(sentences)] for k in range(3)),
    ]
    partners = ["Garoon Ltd.", "Mailwise Co.", "Office Corp."]
    if locale == "th":
        partners = ["บริษัท การูน จำกัด", "บริษัท เมลไวส์ จำกัด", "บริษัท ออฟฟิศ จำกัด"]
    lst = [items[(n + k) % len(items)] for k in range(4)]
    if edited:
        old, new = reword[n % len(reword)]
        paras[0] = paras[0].replace(old, new, 1)
        if n % 3 == 0:
            partners.insert(2, company)  # a company name added to a list
        if n % 4 == 1:
            del paras[1]  # a paragraph removed
        if n % 4 == 2:
            lst.insert(2, "Records of consent" if locale == "en" else "บันทึกการให้ความยินยอม")
            del lst[0]
    sep = ", " if locale == "en" else " "
    lead = "We share data with " if locale == "en" else "บริษัทอาจเปิดเผยข้อมูลแก่ "
    paras.append(lead + sep.join(partners[:-1]) + (", and " if locale == "en" else " และ ")
                 + partners[-1] + ("." if locale == "en" else ""))  # fmt: skip
    out = [f"## {number}. {title} {{#clause-{n}}}", "", *(p + "\n" for p in paras)]
    out += [f"{k + 1}. {item}" for k, item in enumerate(lst)] + [""]
    if n % 5 == 0:
        cell = "analytics" if locale == "en" else "การวิเคราะห์"
        if edited:
            cell = "statistics" if locale == "en" else "สถิติ"
        out += ["| Name | Purpose |", "|:--|:--|", f"| Partner {n} | {cell} |", ""]
    return "\n".join(out)


def document(locale: str, size: int, edited: bool) -> str:
    """Rendered HTML of a document of about `size` bytes (of Markdown), old or edited."""
    parts = ["# Privacy Policy {#privacy-policy}", ""]
    n = number = 0
    total = 0
    while total < size:
        if edited and n % 10 == 4:
            # A clause inserted: every later heading is renumbered.
            number += 1
            text = "A new clause about notices." if locale == "en" else "ข้อใหม่เกี่ยวกับการแจ้งเตือน"
            parts.append(f"## {number}. {text} {{#new-{n}}}\n\n{text}\n")
        number += 1
        part = clause(locale, n, number, edited)
        parts.append(part)
        total += len(part.encode())
        n += 1
    return markdown.markdown("\n".join(parts), extensions=EXTENSIONS)


@dataclass(frozen=True)
class Timing:
    """Medians over several runs, in seconds: wall clock and this process's CPU time."""

    wall: float
    cpu: float


def timed(fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None) -> Timing:
    """Median wall and CPU time of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        if before is not None:
            before()
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return Timing(statistics.median(walls), statistics.median(cpus))


def long_list(lines: int, edited: bool) -> str:
    """HTML of a list of `lines` items; the edited one rewords every item."""
    word = "revised" if edited else "original"
    items = "".join(f"<li>Item {k} lists the {word} schedule entry</li>\n" for k in range(lines))
    return f"<ul>\n{items}</ul>\n"


def thai_paragraph(size: int, edited: bool) -> str:
    """HTML of one Thai paragraph of about `size` bytes without a space; the edited one rewrites
    every other sentence (words swapped, one in four reversed: nothing left to anchor on)."""
    sentences = [s.replace(" ", "") for s in TH_SENTENCES]
    out: list[str] = []
    total = k = 0
    while total < size:
        text = sentences[k % len(sentences)]
        if edited and k % 2 == 0:
            text = text.replace("บริษัท", "องค์กร").replace("ข้อมูล", "สารสนเทศ")
            text = text[::-1] if k % 4 == 0 else text
        out.append(text)
        total += len(text.encode())
        k += 1
    return "<p>" + "".join(out) + "</p>"


def nested_list(depth: int, edited: bool) -> str:
    """HTML of a list nested `depth` deep, text before and after each inner list; the edited
    one rewords every level."""
    mark = " reworded" if edited else ""
    opening = "".join(f"<ul><li>level {d}{mark}" for d in range(depth))
    closing = "".join(f"</li></ul>after level {d}{mark}" for d in range(depth - 1, -1, -1))
    return opening + closing


def peak_memory(depth: int) -> tuple[float, float]:
    """Peak resident memory (bytes) of a fresh process making the nested list's redline, and of
    the same process after building its inputs (what the redline itself adds is the difference)."""
    # VmHWM, not ru_maxrss: ru_maxrss keeps the high-water mark of the process that started
    # this one (Linux carries it across exec), VmHWM is this program's own.
    code = (
        "import re\n"
        "from benchmarks.diff_bench import nested_list, redline\n"
        "def hwm():\n"
        "    status = open('/proc/self/status').read()\n"
        "    return re.search(r'VmHWM:\\s*(\\d+)', status).group(1)\n"
        f"old, new = nested_list({depth}, False), nested_list({depth}, True)\n"
        "before = hwm()\n"
        "redline(old, new, 'en')\n"
        "print(before, hwm())\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    before, after = (int(x) * 1024 for x in done.stdout.split())  # in kB
    return float(after), float(before)


def large(runs: int, pick: Callable[[Timing], float]) -> list[tuple[str, bool]]:
    """Time the large inputs (see the module docstring); return their goals."""
    print(f"\n{'large inputs':<40}{'bytes':>12}{'changed':>8}{'wall s':>9}{'(cpu)':>8}")
    goals: list[tuple[str, bool]] = []
    cases = [
        ("list, 20,000 lines reworded", long_list(20_000, False), long_list(20_000, True), "en"),
        ("Thai paragraph, 200 KB rewritten", thai_paragraph(200_000, False),
         thai_paragraph(200_000, True), "th"),
    ]  # fmt: skip
    for (name, old, new, locale), limit in zip(cases, (10.0, 5.0), strict=True):
        result = redline(old, new, locale)

        def run(old: str = old, new: str = new, locale: str = locale) -> object:
            return redline(old, new, locale)

        t = timed(run, runs)
        print(
            f"{name:<40}{len(old.encode()):>12,}{result.changed_blocks:>8}"
            f"{t.wall:>9.2f}{t.cpu:>8.2f}"
        )
        goals.append((f"{name} < {limit:.0f} s", pick(t) < limit))
    old, new = nested_list(1_000, False), nested_list(1_000, True)
    result = redline(old, new, "en")
    peaks = [peak_memory(1_000) for _ in range(runs)]
    peak = statistics.median(p for p, _ in peaks)
    start = statistics.median(s for _, s in peaks)
    print(
        f"{'list nested 1,000 deep: peak MB':<40}{len(old.encode()):>12,}"
        f"{result.changed_blocks:>8}{peak / 1e6:>9.1f}  (process before it {start / 1e6:.1f})"
    )
    goals.append(("list nested 1,000 deep < 300 MB peak", peak < 300e6))
    return goals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--quick", action="store_true", help="skip the 1 MB documents")
    parser.add_argument("--no-large", action="store_true", help="skip the large inputs")
    parser.add_argument(
        "--wall", action="store_true", help="judge the goals on wall time instead of CPU time"
    )
    args = parser.parse_args()
    sizes = {"12 KB": 12_000, "100 KB": 100_000, "1 MB": 1_000_000}
    if args.quick:
        del sizes["1 MB"]

    start = time.perf_counter()
    words.tokenize("เริ่ม", "th")  # import PyThaiNLP and load the dictionary outside the timings
    loaded = time.perf_counter() - start
    print(f"Thai engine: {words.thai_engine()} (import and dictionary load {loaded * 1000:.0f} ms)")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    results: dict[tuple[str, str], tuple[Timing, Timing, int]] = {}
    print(
        f"{'':<15}{'old/new bytes':>22}{'changed':>8}"
        f"{'cold ms':>10}{'(cpu)':>8}{'warm ms':>10}{'(cpu)':>8}"
    )
    for locale in ("en", "th"):
        for label, size in sizes.items():
            old, new = document(locale, size, False), document(locale, size, True)
            runs = args.runs if size < 1_000_000 else max(3, args.runs // 2)

            def run(old: str = old, new: str = new, locale: str = locale) -> object:
                return redline(old, new, locale)

            cold = timed(run, runs, words._segment_thai.cache_clear)
            run()
            warm = timed(run, runs)
            result = redline(old, new, locale)
            results[locale, label] = (cold, warm, len(old))
            sizes_txt = f"{len(old.encode()):,}/{len(new.encode()):,}"
            print(
                f"{locale:<7}{label:<8}{sizes_txt:>22}{result.changed_blocks:>8}"
                f"{cold.wall * 1000:>10.1f}{cold.cpu * 1000:>8.1f}"
                f"{warm.wall * 1000:>10.1f}{warm.cpu * 1000:>8.1f}"
            )

    # On a shared machine wall time measures the neighbours; CPU time measures this code.
    def pick(t: Timing) -> float:
        return t.wall if args.wall else t.cpu

    print(f"\ngoals judged on {'wall' if args.wall else 'CPU'} time (medians)")
    goals: list[tuple[str, bool]] = [
        ("EN 12 KB < 10 ms (warm)", pick(results["en", "12 KB"][1]) < 0.010),
        ("TH 12 KB < 40 ms (cold, with segmentation)", pick(results["th", "12 KB"][0]) < 0.040),
    ]
    if "1 MB" in sizes:
        goals.append(("EN 1 MB < 3 s", pick(results["en", "1 MB"][1]) < 3.0))
        for locale in ("en", "th"):
            big, mid = results[locale, "1 MB"], results[locale, "100 KB"]
            ratio = pick(big[1]) / pick(mid[1])
            size_ratio = big[2] / mid[2]
            print(f"{locale}: 1 MB / 100 KB time ratio {ratio:.1f} (size ratio {size_ratio:.1f})")
            goals.append((f"{locale.upper()} linear growth (time ratio < 1.5 x size ratio)",
                          ratio < 1.5 * size_ratio))  # fmt: skip
    if not args.no_large:
        goals += large(max(1, min(3, args.runs)), pick)
    for name, met in goals:
        print(f"{'met   ' if met else 'MISSED'}  {name}")
    return 0 if all(met for _, met in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
