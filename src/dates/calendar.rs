//! A plain civil date and the calendar arithmetic the extractor needs.

use std::fmt;

/// A day of the proleptic Gregorian calendar.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// True in a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year (0 for a month outside 1–12).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Day {
    /// The day, or `None` when it does not exist (`31.02.1905`).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Day { year, month, day })
    }

    /// The first day of a month.
    pub fn month_start(year: i32, month: u32) -> Option<Day> {
        Day::new(year, month, 1)
    }

    /// The last day of a month.
    pub fn month_end(year: i32, month: u32) -> Option<Day> {
        Day::new(year, month, days_in_month(year, month))
    }

    pub fn year_start(year: i32) -> Day {
        Day {
            year,
            month: 1,
            day: 1,
        }
    }

    pub fn year_end(year: i32) -> Day {
        Day {
            year,
            month: 12,
            day: 31,
        }
    }

    /// Days since 1970-01-01 (negative before), for range queries.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days` after 1970-01-01 (the inverse of
    /// [`Day::days_since_epoch`]), or `None` outside the years an `i32` holds.
    pub fn from_days_since_epoch(days: i64) -> Option<Day> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Day::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_days_do_not_exist() {
        assert!(Day::new(1905, 2, 31).is_none());
        assert!(Day::new(1900, 2, 29).is_none());
        assert!(Day::new(2000, 2, 29).is_some());
        assert!(Day::new(1905, 13, 1).is_none());
        assert!(Day::new(1905, 1, 0).is_none());
    }

    #[test]
    fn epoch_days() {
        assert_eq!(Day::year_start(1970).days_since_epoch(), 0);
        assert_eq!(Day::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(Day::new(1969, 12, 31).unwrap().days_since_epoch(), -1);
        assert!(
            Day::year_start(1000).days_since_epoch() < Day::year_start(1001).days_since_epoch()
        );
    }

    #[test]
    fn epoch_days_come_back() {
        for days in (-800_000..80_000).step_by(7) {
            let day = Day::from_days_since_epoch(days).unwrap();
            assert_eq!(day.days_since_epoch(), days);
        }
        assert_eq!(Day::from_days_since_epoch(11_017), Day::new(2000, 3, 1));
        assert_eq!(Day::from_days_since_epoch(i64::MAX), None);
    }

    #[test]
    fn iso_format() {
        assert_eq!(Day::new(14, 1, 1).unwrap().to_string(), "0014-01-01");
    }
}
