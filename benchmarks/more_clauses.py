"""Clauses the synthetic privacy policy can be given beyond the 21 of its seed (`corpus.synthesize`
with `clauses=`), so that a history can be measured at the clause count an issue names (40).

Each clause is written as the seed's are: a numbered `##` heading or a `###` sub-heading under the
clause above it, a stable anchor, and English and Thai blocks of the seed's length and style
(paragraphs, `-` lists), using the words the corpus rewords, so that the edits of a history fall
on these clauses as on the seed's. They go before "Revision of this Policy", in this order; a
count takes the first ones, so a `###` never comes without its `##`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoreClause:
    """One added clause: heading level, anchor, (English, Thai) title and blocks."""

    level: int
    anchor: str
    title: tuple[str, str]
    blocks: tuple[tuple[str, ...], tuple[str, ...]]


MORE_CLAUSES = (
    MoreClause(2, "retention-periods", ("Retention Periods", "ระยะเวลาการเก็บรักษา"), (
        ("Cybozu retains personal information only for the period necessary to achieve the "
         "purposes of use described in this policy, or for the period required by laws and "
         "regulations. When that period has passed, Cybozu deletes the information or processes it "
         "so that it no longer identifies individuals, using methods appropriate to the medium on "
         "which it is stored.",
         "- Customer Information is retained for the term of the subscription and for five years "
         "after its end.\n- Inquiry records are retained for three years after the last contact.",),
        ("Cybozu เก็บรักษาข้อมูลส่วนบุคคลไว้เพียงเท่าที่จำเป็นเพื่อให้บรรลุวัตถุประสงค์การใช้ที่ระบุไว้ในนโยบายนี้ "
         "หรือตามระยะเวลาที่กฎหมายและระเบียบกำหนด เมื่อพ้นระยะเวลาดังกล่าว Cybozu "
         "จะลบข้อมูลหรือดำเนินการให้ข้อมูลไม่สามารถระบุตัวบุคคลได้อีกต่อไป ด้วยวิธีการที่เหมาะสมกับสื่อที่ใช้จัดเก็บ",
         "- ข้อมูลลูกค้าจะเก็บรักษาไว้ตลอดระยะเวลาการสมัครใช้บริการและห้าปีหลังจากสิ้นสุด\n"
         "- บันทึกการสอบถามจะเก็บรักษาไว้สามปีหลังจากการติดต่อครั้งสุดท้าย",),
    )),
    MoreClause(2, "access-logs", ("Access Logs", "บันทึกการเข้าถึง"), (
        ("When you use our products and services or visit our website, Cybozu collects access "
         "logs, including your IP address, browser type, the pages you viewed and the time of "
         "access. Cybozu uses this information to maintain the security of our services, to "
         "investigate failures and unauthorized access, and to conduct statistical analysis.",),
        ("เมื่อท่านใช้ผลิตภัณฑ์และบริการของเราหรือเข้าชมเว็บไซต์ของเรา Cybozu เก็บรวบรวมบันทึกการเข้าถึง "
         "ซึ่งรวมถึงหมายเลข IP ประเภทเบราว์เซอร์ หน้าที่ท่านเข้าชม และเวลาที่เข้าถึง Cybozu "
         "ใช้ข้อมูลนี้เพื่อรักษาความมั่นคงปลอดภัยของบริการ ตรวจสอบเหตุขัดข้องและการเข้าถึงโดยไม่ได้รับอนุญาต "
         "และเพื่อการวิเคราะห์ทางสถิติ",),
    )),
    MoreClause(2, "marketing-communications", ("Marketing Communications", "การสื่อสารทางการตลาด"), (
        ("Cybozu sends information on products, services, seminars and events by e-mail to "
         "Customers who have not refused it. You may stop receiving these e-mails at any time "
         "through the link in each e-mail or by contacting the inquiries desk listed in "
         "\"Contact Us\".",
         "- Cybozu will not send marketing e-mails to people who have asked us to stop.\n"
         "- Notices on maintenance and failures are sent regardless of this setting."),
        ("Cybozu ส่งข้อมูลเกี่ยวกับผลิตภัณฑ์ บริการ สัมมนา และกิจกรรม ทางอีเมลถึงลูกค้าที่มิได้ปฏิเสธการรับข้อมูลดังกล่าว "
         "ท่านสามารถหยุดรับอีเมลเหล่านี้ได้ทุกเมื่อผ่านลิงก์ในอีเมลแต่ละฉบับ หรือโดยติดต่อฝ่ายรับเรื่องสอบถามตามที่ระบุไว้ใน "
         "“ติดต่อเรา”",
         "- Cybozu จะไม่ส่งอีเมลทางการตลาดถึงบุคคลที่ได้ขอให้เราหยุดส่ง\n"
         "- ประกาศเกี่ยวกับการบำรุงรักษาและเหตุขัดข้องจะส่งถึงท่านโดยไม่ขึ้นกับการตั้งค่านี้"),
    )),
    MoreClause(2, "other-sources", ("Information from Other Sources", "ข้อมูลจากแหล่งอื่น"), (
        ("Cybozu may receive personal information from our business partners, such as resellers "
         "and event organisers, within the scope of the consent you have given to them. In that "
         "case, Cybozu confirms how the information was collected and uses it only for the "
         "purposes described in this policy.",),
        ("Cybozu อาจได้รับข้อมูลส่วนบุคคลจากคู่ค้าทางธุรกิจของเรา เช่น ผู้ค้าปลีกและผู้จัดงาน "
         "ภายในขอบเขตความยินยอมที่ท่านได้ให้ไว้แก่บุคคลดังกล่าว ในกรณีนี้ Cybozu "
         "จะตรวจสอบวิธีการเก็บรวบรวมข้อมูลและใช้ข้อมูลนั้นเพื่อวัตถุประสงค์ที่ระบุไว้ในนโยบายนี้เท่านั้น",),
    )),
    MoreClause(2, "anonymised-information", (
        "Anonymously Processed Information", "ข้อมูลที่ผ่านการประมวลผลให้เป็นนิรนาม"), (
        ("When Cybozu creates anonymously processed information, we process it in accordance with "
         "the standards of the Personal Information Protection Act so that specific individuals "
         "cannot be identified, take the necessary measures for its security management, and "
         "publish the items of information it contains.",),
        ("เมื่อ Cybozu จัดทำข้อมูลที่ผ่านการประมวลผลให้เป็นนิรนาม "
         "เราจะประมวลผลตามมาตรฐานของพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล "
         "เพื่อมิให้สามารถระบุตัวบุคคลได้ ดำเนินมาตรการที่จำเป็นเพื่อการบริหารจัดการความมั่นคงปลอดภัย "
         "และเผยแพร่รายการข้อมูลที่ข้อมูลดังกล่าวประกอบด้วย",),
    )),
    MoreClause(2, "breach-response", ("Response to Data Breaches", "การรับมือกับเหตุการละเมิดข้อมูล"), (
        ("If a leak, loss of, or damage to personal data occurs or is likely to have occurred, "
         "Cybozu will promptly investigate the facts, take measures to prevent further damage, and "
         "report to the Personal Information Protection Commission and notify the individuals "
         "concerned where the law requires it.",
         "- Cybozu records every incident and the measures taken.\n"
         "- Cybozu reviews its measures after each incident to prevent a recurrence."),
        ("หากเกิดหรืออาจเกิดการรั่วไหล การสูญหาย หรือความเสียหายของข้อมูลส่วนบุคคลในฐานข้อมูล Cybozu "
         "จะตรวจสอบข้อเท็จจริงโดยไม่ชักช้า ดำเนินมาตรการเพื่อป้องกันความเสียหายเพิ่มเติม "
         "และรายงานต่อคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลและแจ้งเจ้าของข้อมูลที่เกี่ยวข้องในกรณีที่กฎหมายกำหนด",
         "- Cybozu บันทึกทุกเหตุการณ์และมาตรการที่ได้ดำเนินการ\n"
         "- Cybozu ทบทวนมาตรการของตนภายหลังแต่ละเหตุการณ์เพื่อป้องกันมิให้เกิดซ้ำ"),
    )),
    MoreClause(2, "your-rights", ("Your Rights", "สิทธิของท่าน"), (
        ("In addition to the Requests for Disclosure, etc. described in this policy, you have the "
         "following rights regarding your personal information, to the extent provided by "
         "applicable laws and regulations. Cybozu will respond to a request without undue delay "
         "after verifying the identity of the person making it.",),
        ("นอกจากคำขอให้เปิดเผยข้อมูล ฯลฯ ที่ระบุไว้ในนโยบายนี้ ท่านมีสิทธิดังต่อไปนี้เกี่ยวกับข้อมูลส่วนบุคคลของท่าน "
         "ภายในขอบเขตที่กฎหมายและระเบียบที่ใช้บังคับกำหนด Cybozu "
         "จะดำเนินการตามคำขอโดยไม่ชักช้าภายหลังจากได้ยืนยันตัวตนของผู้ยื่นคำขอแล้ว",),
    )),
    MoreClause(3, "right-of-access", ("(1) Right of access", "(1) สิทธิในการเข้าถึง"), (
        ("- You may ask whether Cybozu holds personal information about you and receive a copy of "
         "it.\n- Cybozu may charge a reasonable fee for additional copies.",),
        ("- ท่านสามารถสอบถามว่า Cybozu เก็บรักษาข้อมูลส่วนบุคคลเกี่ยวกับท่านหรือไม่ และขอรับสำเนาข้อมูลดังกล่าว\n"
         "- Cybozu อาจเรียกเก็บค่าธรรมเนียมตามสมควรสำหรับสำเนาเพิ่มเติม",),
    )),
    MoreClause(3, "right-to-correction", ("(2) Right to correction", "(2) สิทธิในการแก้ไข"), (
        ("- You may ask Cybozu to correct or complete personal information about you that is "
         "inaccurate or incomplete.",),
        ("- ท่านสามารถขอให้ Cybozu แก้ไขหรือเพิ่มเติมข้อมูลส่วนบุคคลเกี่ยวกับท่านที่ไม่ถูกต้องหรือไม่ครบถ้วน",),
    )),
    MoreClause(3, "right-to-erasure", ("(3) Right to erasure", "(3) สิทธิในการลบ"), (
        ("- You may ask Cybozu to delete personal information about you that is no longer "
         "necessary for the purposes of use, or that was collected without your consent where "
         "consent was required.",),
        ("- ท่านสามารถขอให้ Cybozu ลบข้อมูลส่วนบุคคลเกี่ยวกับท่านที่ไม่มีความจำเป็นสำหรับวัตถุประสงค์การใช้อีกต่อไป "
         "หรือที่เก็บรวบรวมโดยไม่ได้รับความยินยอมจากท่านในกรณีที่ต้องได้รับความยินยอม",),
    )),
    MoreClause(3, "right-to-object", ("(4) Right to object", "(4) สิทธิในการคัดค้าน"), (
        ("- You may object to the use of your personal information for direct marketing at any "
         "time, and Cybozu will stop that use without delay.",),
        ("- ท่านสามารถคัดค้านการใช้ข้อมูลส่วนบุคคลของท่านเพื่อการตลาดแบบตรงได้ทุกเมื่อ และ Cybozu "
         "จะหยุดการใช้ดังกล่าวโดยไม่ชักช้า",),
    )),
    MoreClause(3, "right-to-portability", (
        "(5) Right to data portability", "(5) สิทธิในการโอนย้ายข้อมูล"), (
        ("- You may ask to receive the personal information you provided to Cybozu in a "
         "structured, commonly used and machine-readable format.",),
        ("- ท่านสามารถขอรับข้อมูลส่วนบุคคลที่ท่านได้ให้ไว้แก่ Cybozu ในรูปแบบที่มีโครงสร้าง ใช้กันทั่วไป "
         "และอ่านได้ด้วยเครื่อง",),
    )),
    MoreClause(3, "withdrawal-of-consent", ("(6) Withdrawal of consent", "(6) การถอนความยินยอม"), (
        ("- Where Cybozu uses personal information on the basis of your consent, you may withdraw "
         "that consent at any time. The withdrawal does not affect the use made before it.",),
        ("- ในกรณีที่ Cybozu ใช้ข้อมูลส่วนบุคคลโดยอาศัยความยินยอมของท่าน ท่านสามารถถอนความยินยอมนั้นได้ทุกเมื่อ "
         "การถอนความยินยอมไม่กระทบต่อการใช้ข้อมูลที่ได้ดำเนินการไปก่อนหน้านั้น",),
    )),
    MoreClause(2, "job-applicants", (
        "Personal Information of Job Applicants", "ข้อมูลส่วนบุคคลของผู้สมัครงาน"), (
        ("Personal information provided by people applying for employment at Cybozu is used only "
         "for selection, for communication with applicants, and for the procedures necessary for "
         "employment. Cybozu will not provide it to third parties without the prior consent of the "
         "applicant, except as required by law.",),
        ("ข้อมูลส่วนบุคคลที่ผู้สมัครงานกับ Cybozu ให้ไว้จะใช้เพื่อการคัดเลือก การติดต่อสื่อสารกับผู้สมัคร "
         "และขั้นตอนที่จำเป็นสำหรับการจ้างงานเท่านั้น Cybozu "
         "จะไม่ให้ข้อมูลดังกล่าวแก่บุคคลภายนอกโดยไม่ได้รับความยินยอมล่วงหน้าจากผู้สมัคร เว้นแต่กฎหมายกำหนด",),
    )),
    MoreClause(2, "data-protection-officer", (
        "Personal Information Protection Manager", "ผู้จัดการด้านการคุ้มครองข้อมูลส่วนบุคคล"), (
        ("Cybozu has appointed a manager responsible for the protection of personal information, "
         "who oversees the handling of personal data across the company, conducts regular audits "
         "and reports their results to management.",),
        ("Cybozu ได้แต่งตั้งผู้จัดการซึ่งรับผิดชอบการคุ้มครองข้อมูลส่วนบุคคล "
         "ทำหน้าที่กำกับดูแลการดำเนินการกับข้อมูลส่วนบุคคลในฐานข้อมูลทั่วทั้งบริษัท ตรวจสอบเป็นประจำ "
         "และรายงานผลต่อฝ่ายบริหาร",),
    )),
    MoreClause(2, "links-to-other-websites", (
        "Links to Other Websites", "ลิงก์ไปยังเว็บไซต์อื่น"), (
        ("Our website contains links to websites operated by third parties. This policy does not "
         "apply to the handling of personal information on those websites; please refer to the "
         "policies of their operators.",),
        ("เว็บไซต์ของเรามีลิงก์ไปยังเว็บไซต์ที่ดำเนินการโดยบุคคลภายนอก "
         "นโยบายนี้ไม่ใช้บังคับกับการดำเนินการกับข้อมูลส่วนบุคคลบนเว็บไซต์เหล่านั้น "
         "โปรดดูนโยบายของผู้ดำเนินการเว็บไซต์ดังกล่าว",),
    )),
    MoreClause(2, "supervisory-authority", (
        "Complaints to the Supervisory Authority", "การร้องเรียนต่อหน่วยงานกำกับดูแล"), (
        ("If you are not satisfied with our response to a complaint, you may also contact the "
         "Personal Information Protection Commission or the supervisory authority of the country "
         "where you live.",),
        ("หากท่านไม่พอใจกับการตอบสนองของเราต่อข้อร้องเรียน ท่านอาจติดต่อคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล "
         "หรือหน่วยงานกำกับดูแลของประเทศที่ท่านพำนักอยู่ได้เช่นกัน",),
    )),
    MoreClause(2, "business-transfers", ("Business Transfers", "การโอนกิจการ"), (
        ("If Cybozu transfers all or part of its business through a merger, a company split or a "
         "business transfer, the personal information related to that business may be passed to "
         "the successor, which will handle it within the scope of the purposes of use described "
         "in this policy.",),
        ("หาก Cybozu โอนกิจการทั้งหมดหรือบางส่วนโดยการควบรวมกิจการ การแยกบริษัท หรือการโอนกิจการ "
         "ข้อมูลส่วนบุคคลที่เกี่ยวข้องกับกิจการนั้นอาจส่งต่อไปยังผู้รับโอน "
         "ซึ่งจะดำเนินการกับข้อมูลดังกล่าวภายในขอบเขตของวัตถุประสงค์การใช้ที่ระบุไว้ในนโยบายนี้",),
    )),
    MoreClause(2, "governing-law", ("Governing Law", "กฎหมายที่ใช้บังคับ"), (
        ("This policy is governed by the laws of Japan. Where the laws of the country in which you "
         "live give you greater protection, Cybozu will also comply with those laws.",),
        ("นโยบายนี้อยู่ภายใต้บังคับของกฎหมายญี่ปุ่น ในกรณีที่กฎหมายของประเทศที่ท่านพำนักอยู่ให้ความคุ้มครองแก่ท่านมากกว่า "
         "Cybozu จะปฏิบัติตามกฎหมายดังกล่าวด้วย",),
    )),
)  # fmt: skip
