"""Calendar of the demo: daily volumes, the local (America/Toronto) daily cycle, crisis and contest windows.

Simulation days are local days (midnight to midnight in America/Toronto, the market's time zone and the demo
project's), so daily figures, the crisis and the contest fall on the calendar days a local analyst sees;
``published_at`` itself is written in UTC.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

# Relative posting activity per *local* hour: quiet at night, peaks at lunch and in the evening.
LOCAL_HOURS = (
    0.9,
    0.5,
    0.3,
    0.2,
    0.2,
    0.4,
    1.0,
    2.2,
    3.4,
    4.0,
    4.2,
    4.3,
    4.6,
    4.4,
    4.2,
    4.2,
    4.4,
    4.8,
    5.2,
    5.6,
    5.9,
    5.5,
    4.4,
    2.6,
)
WEEKDAY_FACTOR = (1.05, 1.08, 1.06, 1.04, 0.97, 0.80, 0.78)  # Monday .. Sunday
CRISIS_ONSET_LOCAL_HOUR = 6


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def utc_offset_hours(day: date) -> int:
    """America/Toronto offset: EDT (-4) from the 2nd Sunday of March to the 1st Sunday of November."""
    start = _nth_weekday(day.year, 3, 6, 2)
    end = _nth_weekday(day.year, 11, 6, 1)
    return -4 if start <= day < end else -5


def is_holiday(day: date) -> bool:
    """Québec/Canada statutory holidays that dent the volume (people post less)."""
    fixed = {(1, 1), (6, 24), (7, 1), (12, 25), (12, 26)}
    return (
        (day.month, day.day) in fixed
        or day == _nth_weekday(day.year, 9, 0, 1)  # Labour Day
        or day == _nth_weekday(day.year, 10, 0, 2)  # Thanksgiving
    )


@dataclass(frozen=True)
class Window:
    """Inclusive range of day indexes."""

    first: int
    last: int

    def __contains__(self, d: object) -> bool:
        return isinstance(d, int) and self.first <= d <= self.last

    @property
    def days(self) -> int:
        return self.last - self.first + 1


class Timeline:
    """Per-day facts of the simulated period."""

    def __init__(self, start: date, weeks: int, seed: int) -> None:
        if weeks < 3:
            raise ValueError("the demo needs at least 3 weeks (a contest and a crisis in different weeks)")
        self.start = start
        self.n_days = weeks * 7
        self.dates = [start + timedelta(days=d) for d in range(self.n_days)]
        rng = np.random.default_rng([seed, 2])
        noise = rng.gamma(60.0, 1 / 60.0, self.n_days)
        weights = np.array([WEEKDAY_FACTOR[d.weekday()] * (0.85 if is_holiday(d) else 1.0) for d in self.dates]) * noise
        self.day_weight = weights / weights.sum()
        # Epoch second of each local midnight (and of the one after the period): days are 23 to 25 h long.
        every = [*self.dates, self.dates[-1] + timedelta(days=1)]
        # (midnight still has the previous day's offset: the clocks change at 2 am)
        self.starts = [calendar.timegm(d.timetuple()) - utc_offset_hours(d - timedelta(days=1)) * 3600 for d in every]
        self.start_epoch, self.end_epoch = self.starts[0], self.starts[-1]
        self._hour_cum = _cum(LOCAL_HOURS)
        self.crisis = self._crisis_window()
        self.contest = self._contest_window()
        # The outage starts at dawn: nothing before onset, a surge in the following hours.
        onset = CRISIS_ONSET_LOCAL_HOUR
        self._crisis_cum = _cum(
            tuple(0.0 if h < onset else w * (2.0 if h < onset + 8 else 1.0) for h, w in enumerate(LOCAL_HOURS))
        )
        self.crisis_onset = self.day_start(self.crisis.first) + onset * 3600

    def _crisis_window(self) -> Window:
        """Two weekdays around 57% of the period (week 6-7 of 10), never on a holiday."""
        d = int(self.n_days * 0.57)
        while d + 1 < self.n_days - 1 and (
            self.dates[d].weekday() > 2 or is_holiday(self.dates[d]) or is_holiday(self.dates[d + 1])
        ):
            d += 1
        return Window(d, min(d + 1, self.n_days - 1))

    def _contest_window(self) -> Window:
        """7-10 days around 20% of the period (9 days by default), well before the crisis."""
        first = max(1, int(self.n_days * 0.2))
        length = 9 if self.n_days >= 42 else max(4, self.n_days // 4)
        last = min(first + length - 1, self.crisis.first - 3)
        if last - first < 3:
            raise ValueError("period too short to separate the contest from the crisis")
        return Window(first, last)

    def day_start(self, d: int) -> int:
        """Epoch second of local midnight starting day ``d`` (days past the period are 24 h long)."""
        if d <= self.n_days:
            return self.starts[max(d, 0)] - 86_400 * max(-d, 0)
        return self.end_epoch + (d - self.n_days) * 86_400

    def day_of(self, ts: int) -> int:
        """Index of the local day containing ``ts`` (may be < 0 or >= n_days outside the period)."""
        if ts >= self.end_epoch:
            return self.n_days + (ts - self.end_epoch) // 86_400
        if ts < self.start_epoch:
            return -1 - (self.start_epoch - ts - 1) // 86_400
        return bisect_right(self.starts, ts) - 1

    def local_hour(self, ts: int) -> int:
        return min(max((ts - self.day_start(self.day_of(ts))) // 3600, 0), 23)

    def draw_time(self, d: int, r1: float, r2: float, crisis: bool = False) -> int:
        """A timestamp in local day ``d`` following the local daily cycle (two uniforms in, epoch seconds out)."""
        cum = self._crisis_cum if crisis and d == self.crisis.first else self._hour_cum
        hour = bisect_right(cum, r1 * cum[-1])
        return self.day_start(d) + hour * 3600 + int(r2 * 3600)

    def next_business_time(self, ts: int, r: float) -> int:
        """Support teams work 8:00-21:00 local: push an answer written at night to the next morning."""
        h = self.local_hour(ts)
        if 8 <= h < 21:
            return ts
        wait_h = (8 - h) % 24
        return ts - ts % 3600 + wait_h * 3600 + int(r * 5400)

    def date_of(self, d: int) -> str:
        return (self.start + timedelta(days=d)).isoformat()


def _cum(weights: tuple[float, ...]) -> list[float]:
    out, acc = [], 0.0
    for w in weights:
        acc += w
        out.append(acc)
    return out
