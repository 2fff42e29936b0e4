"""Dates: Thai dates in the Buddhist Era, English dates as babel writes them, the as-of date."""

from __future__ import annotations

import datetime
import re

import pytest

from redline.model.dates import as_of_date, format_date, format_date_list, parse_date, today

D = datetime.date
UTC = datetime.UTC


def epoch(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> str:
    """SOURCE_DATE_EPOCH for a UTC date and time."""
    moment = datetime.datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return str(int(moment.timestamp()))


def clock(year: int, month: int, day: int, hour: int) -> datetime.datetime:
    """A stand-in for the system clock, in UTC."""
    return datetime.datetime(year, month, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (D(2023, 7, 3), "July 3, 2023", "Jul 3, 2023"),
        (D(2024, 1, 1), "January 1, 2024", "Jan 1, 2024"),
        (D(2022, 12, 31), "December 31, 2022", "Dec 31, 2022"),
        (D(2017, 2, 12), "February 12, 2017", "Feb 12, 2017"),
    ],
)
def test_english_dates_are_babels_long_and_medium_formats(day: D, long: str, short: str) -> None:
    assert format_date(day, "en") == long
    assert format_date(day, "en", "long") == long
    assert format_date(day, "en", "short") == short


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (D(2023, 7, 3), "3 กรกฎาคม 2566", "3 ก.ค. 2566"),
        (D(2024, 1, 1), "1 มกราคม 2567", "1 ม.ค. 2567"),
        (D(2022, 12, 31), "31 ธันวาคม 2565", "31 ธ.ค. 2565"),
        (D(2017, 2, 12), "12 กุมภาพันธ์ 2560", "12 ก.พ. 2560"),
        (D(2024, 2, 29), "29 กุมภาพันธ์ 2567", "29 ก.พ. 2567"),
    ],
)
def test_thai_dates_are_in_the_buddhist_era(day: D, long: str, short: str) -> None:
    assert format_date(day, "th") == long
    assert format_date(day, "th", "short") == short


@pytest.mark.parametrize("locale", ["th", "th_TH", "th-TH"])
@pytest.mark.parametrize("form", ["long", "short"])
def test_thai_dates_never_name_an_era(locale: str, form: str) -> None:
    text = format_date(D(2023, 7, 3), locale, form)
    assert text.endswith(" 2566")
    assert "ค.ศ." not in text
    assert "พ.ศ." not in text
    assert "2023" not in text


def test_other_locales_get_babels_format() -> None:
    assert format_date(D(2023, 7, 3), "fr") == "3 juillet 2023"
    assert format_date(D(2023, 7, 3), "en_GB", "short") == "3 Jul 2023"


def test_unknown_locale_or_form_is_an_error() -> None:
    with pytest.raises(ValueError, match="locale: 'xx'"):
        format_date(D(2023, 7, 3), "xx")
    with pytest.raises(ValueError, match="date form: 'medium' is not one of long, short"):
        format_date(D(2023, 7, 3), "en", "medium")


class TestParseDate:
    def test_accepts_yaml_dates_and_iso_strings(self) -> None:
        assert parse_date(D(2023, 7, 3), "effective") == D(2023, 7, 3)
        assert parse_date("2023-07-03", "effective") == D(2023, 7, 3)
        assert parse_date("2024-02-29", "effective") == D(2024, 2, 29)

    @pytest.mark.parametrize(
        "value",
        [
            "2023-13-01",
            "2023-02-29",
            "2023-7-3",
            "20230703",
            "2023-07-03T00:00",
            " 2023-07-03",
            "03/07/2023",
            "",
            "๒๐๒๓-๐๗-๐๓",
            2023,
            None,
            True,
        ],
    )
    def test_rejects_anything_else_naming_the_field(self, value: object) -> None:
        with pytest.raises(ValueError) as error:
            parse_date(value, "effective")
        assert str(error.value) == f"effective: {value!r} is not a date (YYYY-MM-DD)"

    def test_rejects_a_date_and_time_rather_than_dropping_the_time(self) -> None:
        # YAML reads `effective: 2023-07-03 10:00` as a datetime.
        with pytest.raises(ValueError, match="effective: '2023-07-03 10:00:00' is a date and time"):
            parse_date(datetime.datetime(2023, 7, 3, 10, 0), "effective")


class TestAsOfDate:
    def test_the_setting_wins(self) -> None:
        environ = {"SOURCE_DATE_EPOCH": epoch(2020, 1, 1)}
        assert as_of_date("2023-07-03", "UTC", environ) == D(2023, 7, 3)
        assert as_of_date(D(2023, 7, 3), "UTC", environ) == D(2023, 7, 3)

    def test_source_date_epoch_is_a_date_in_the_time_zone(self) -> None:
        environ = {"SOURCE_DATE_EPOCH": epoch(2023, 7, 2, 18, 0)}
        assert as_of_date(None, "UTC", environ) == D(2023, 7, 2)
        assert as_of_date(None, "Asia/Bangkok", environ) == D(2023, 7, 3)
        assert as_of_date(None, "America/New_York", environ) == D(2023, 7, 2)

    def test_source_date_epoch_one_second_before_midnight_in_bangkok(self) -> None:
        # Bangkok is UTC+7: midnight of 3 July there is 17:00 UTC on 2 July.
        before = {"SOURCE_DATE_EPOCH": epoch(2023, 7, 2, 16, 59, 59)}
        at = {"SOURCE_DATE_EPOCH": epoch(2023, 7, 2, 17, 0, 0)}
        assert as_of_date(None, "Asia/Bangkok", before) == D(2023, 7, 2)
        assert as_of_date(None, "Asia/Bangkok", at) == D(2023, 7, 3)

    def test_otherwise_today_in_the_time_zone(self) -> None:
        now = lambda: clock(2023, 7, 2, 18)  # noqa: E731
        assert as_of_date(None, "UTC", {}, now=now) == D(2023, 7, 2)
        assert as_of_date(None, "Asia/Bangkok", {}, now=now) == D(2023, 7, 3)

    def test_today_comes_from_the_clock_by_default(self) -> None:
        before = datetime.datetime.now(UTC).date()
        today = as_of_date(None, "UTC", {})
        assert before <= today <= datetime.datetime.now(UTC).date()

    def test_empty_values_count_as_unset(self) -> None:
        now = lambda: clock(2023, 7, 2, 18)  # noqa: E731
        assert as_of_date("", "UTC", {"SOURCE_DATE_EPOCH": ""}, now=now) == D(2023, 7, 2)

    def test_invalid_setting(self) -> None:
        with pytest.raises(ValueError) as error:
            as_of_date("2023-13-01", "UTC", {})
        assert str(error.value) == "as_of: '2023-13-01' is not a date (YYYY-MM-DD)"

    @pytest.mark.parametrize(
        "value", ["-1", "1.5", " 1688320800", "1688320800\n", "soon", "9" * 20]
    )
    def test_invalid_source_date_epoch(self, value: str) -> None:
        with pytest.raises(ValueError, match=r"^SOURCE_DATE_EPOCH: .* is not a Unix timestamp"):
            as_of_date(None, "UTC", {"SOURCE_DATE_EPOCH": value})

    @pytest.mark.parametrize("tz", ["Mars/Olympus_Mons", "", "/etc/localtime", "../UTC"])
    def test_invalid_time_zone_even_with_a_setting(self, tz: str) -> None:
        message = f"timezone: {tz!r} is not an IANA time zone"
        with pytest.raises(ValueError, match="^" + re.escape(message)):
            as_of_date("2023-07-03", tz, {})

    def test_messages_are_one_line(self) -> None:
        for call in (
            lambda: as_of_date("2023-13-01", "UTC", {}),
            lambda: as_of_date(None, "UTC", {"SOURCE_DATE_EPOCH": "x\ny"}),
            lambda: as_of_date(None, "No/Where", {}),
        ):
            with pytest.raises(ValueError) as error:
                call()
            assert "\n" not in str(error.value)


def test_today_is_the_clock_in_the_site_time_zone_whatever_as_of_says():
    evening_utc = datetime.datetime(2024, 1, 1, 18, 0, tzinfo=datetime.UTC)
    assert today("Asia/Bangkok", now=lambda: evening_utc) == datetime.date(2024, 1, 2)
    assert today("UTC", now=lambda: evening_utc) == datetime.date(2024, 1, 1)
    with pytest.raises(ValueError, match="not an IANA time zone"):
        today("Mars/Olympus")


def test_a_list_of_thai_dates_keeps_them_apart():
    # CLDR's Thai list would give "1 ตุลาคม 2562 1 กรกฎาคม 2562 และ1 เมษายน 2562".
    days = ["1 ตุลาคม 2562", "1 กรกฎาคม 2562", "1 เมษายน 2562"]
    assert format_date_list(days, "th") == "1 ตุลาคม 2562, 1 กรกฎาคม 2562 และ 1 เมษายน 2562"
    assert format_date_list(days[:2], "th") == "1 ตุลาคม 2562 และ 1 กรกฎาคม 2562"
    assert format_date_list(days[:1], "th") == "1 ตุลาคม 2562"


def test_a_list_of_english_dates_is_babels():
    days = ["July 3, 2023", "May 1, 2024", "June 2, 2024"]
    assert format_date_list(days, "en") == "July 3, 2023, May 1, 2024, and June 2, 2024"
    assert format_date_list(days[:2], "en") == "July 3, 2023 and May 1, 2024"
