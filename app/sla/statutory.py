"""The statutory public holidays (法定节假日) the law fixes for every year, without the yearly 调休.

全国年节及纪念日放假办法 (1949, as last amended by 国务院令第795号 of 2024-11-10, in force from
2025-01-01), 第二条: 全体公民放假的节日 —
  (一) 新年，放假1天（1月1日）；
  (二) 春节，放假4天（农历除夕、正月初一至初三）；
  (三) 清明节，放假1天（农历清明当日）；
  (四) 劳动节，放假2天（5月1日、2日）；
  (五) 端午节，放假1天（农历端午当日）；
  (六) 中秋节，放假1天（农历中秋当日）；
  (七) 国庆节，放假3天（10月1日至3日）。
That is 13 days a year; 第六条 adds that one falling on a Saturday or Sunday is made up on a working
day (补假, `make_up_days`). The State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知)
then adds the rest days joined to them and the make-up working days (调休上班), which no rule can
foresee; so a calendar built from this alone is provisional (预计) until the year's notice is entered.

When two festivals fall on one date (中秋 on 1–3 October, as in 2028 and 2031) the law still names
13 holiday days but they cover 12 dates; how the extra day is given is the notice's to say, so
this module does not move either festival.

Lunar dates come from `lunardate` (the Chinese calendar tables for lunar years 1900–2099), and the
清明 solar term from chinesecalendar's solar-term formula (1900–2100). Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from lunardate import LunarDate

# The 2024 amendment (国务院令第795号) applies from 2025-01-01; earlier years had other rules
# (春节 3 days, 劳动节 1 day) and are all in chinesecalendar's data anyway.
FIRST_YEAR = 2025
# The last year both libraries cover: lunardate ends with lunar year 2099 (so 除夕 of 2100 is unknown).
LAST_YEAR = 2099

NEW_YEAR, SPRING, QINGMING, LABOUR, DRAGON_BOAT, MID_AUTUMN, NATIONAL = (
    "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
# Days each festival gets, 第二条 (一)–(七).
DAYS_BY_LAW = {NEW_YEAR: 1, SPRING: 4, QINGMING: 1, LABOUR: 2, DRAGON_BOAT: 1, MID_AUTUMN: 1, NATIONAL: 3}


@dataclass(frozen=True, order=True)
class StatutoryHoliday:
    """One holiday day the law names: the date and the festival it belongs to."""

    day: date
    festival: str


def covers(year: int) -> bool:
    """True if the statutory rule can be applied to this year (the amended law, within the tables)."""
    return FIRST_YEAR <= year <= LAST_YEAR


def statutory_holidays(year: int) -> tuple[StatutoryHoliday, ...]:
    """The 13 holiday days of 第二条 for a year, in date order; ValueError outside covers()."""
    if not covers(year):
        raise ValueError(f"{year}年不在法定节假日推算范围（{FIRST_YEAR}–{LAST_YEAR}年）内")
    new_year_eve = lunar_new_year(year) - timedelta(days=1)  # 除夕: the last day of the lunar year
    days = [
        StatutoryHoliday(date(year, 1, 1), NEW_YEAR),
        *(StatutoryHoliday(new_year_eve + timedelta(days=i), SPRING) for i in range(4)),
        StatutoryHoliday(qingming(year), QINGMING),
        StatutoryHoliday(date(year, 5, 1), LABOUR),
        StatutoryHoliday(date(year, 5, 2), LABOUR),
        StatutoryHoliday(_lunar(year, 5, 5), DRAGON_BOAT),
        StatutoryHoliday(_lunar(year, 8, 15), MID_AUTUMN),
        *(StatutoryHoliday(date(year, 10, day), NATIONAL) for day in (1, 2, 3)),
    ]
    return tuple(sorted(days))


def statutory_dates(year: int) -> frozenset[date]:
    """The dates of statutory_holidays(year) (12 when two festivals share a date)."""
    return frozenset(holiday.day for holiday in statutory_holidays(year))


def make_up_days(year: int) -> tuple[date, ...]:
    """补假: 第六条 — 全体公民放假的假日，如果适逢周六、周日，应当在工作日补假. Each statutory holiday date on
    a Saturday or Sunday gives one rest day on the next working day after it (Monday–Friday, not a
    statutory holiday, not already given for another), as the yearly notices do (2025: 端午 Sat 31 May →
    Mon 2 June; 2026: 清明 Sun 5 April → Mon 6 April). Which day exactly is the notice's to say; until it
    is entered this is the law's least, and the calendar is provisional."""
    holidays = statutory_dates(year)
    given: list[date] = []
    for holiday in sorted(holidays):
        if holiday.weekday() < 5:
            continue
        day = holiday + timedelta(days=1)
        while day.weekday() >= 5 or day in holidays or day in given:
            day += timedelta(days=1)
        given.append(day)
    return tuple(given)


def rest_dates(year: int) -> frozenset[date]:
    """The weekday-independent rest dates of a fallback year: the statutory holidays and their 补假."""
    return statutory_dates(year) | frozenset(make_up_days(year))


def lunar_new_year(year: int) -> date:
    """正月初一 of the lunar year that begins in this Gregorian year (between 21 January and 20 February)."""
    return _lunar(year, 1, 1)


def qingming(year: int) -> date:
    """The day of the 清明 solar term (about 4–5 April)."""
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    return next(day for day, name in terms if name == "清明")


def _lunar(year: int, month: int, day: int) -> date:
    return LunarDate(year, month, day).to_solar_date()
