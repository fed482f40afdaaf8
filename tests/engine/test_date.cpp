#include "sim/engine/date.h"

#include <catch2/catch.hpp>

using cmsim::engine::Date;
using cmsim::engine::Quarter;
using cmsim::engine::Time;

TEST_CASE("Date parses and formats ISO dates", "[date]") {
  const auto d = Date::parse("2022-10-07");
  REQUIRE(d);
  CHECK(d->year() == 2022);
  CHECK(d->month() == 10);
  CHECK(d->day() == 7);
  CHECK(d->iso() == "2022-10-07");
  CHECK(Date::parse("1970-01-01")->days_since_epoch() == 0);
  CHECK(Date::parse("2000-03-01")->days_since_epoch() == 11017);
  CHECK(Date::parse("2024-02-29"));  // leap year
  CHECK(Date::parse("2000-02-29"));  // divisible by 400
}

TEST_CASE("Date rejects malformed and impossible dates", "[date]") {
  for (const char* bad :
       {"2025-13-01", "2023-02-29", "1900-02-29", "2022-04-31", "2022-00-10", "2022-01-00", "2022-1-01", "22-01-01",
        "2022/01/01", "2022-01-01x", "", "abcd-ef-gh", "1899-12-31", "2200-01-01", "+202-01-01", "2022-01-+1"}) {
    INFO(bad);
    CHECK_FALSE(Date::parse(bad));
  }
  CHECK_THROWS_AS(Date(2023, 2, 29), std::invalid_argument);
  CHECK_THROWS_AS(Date(2023, 13, 1), std::invalid_argument);
  CHECK_THROWS_AS(Date(1800, 1, 1), std::invalid_argument);
}

TEST_CASE("Date arithmetic round-trips over every day of two centuries", "[date]") {
  Date d(1900, 1, 1);
  int checked = 0;
  while (d.year() < 2100) {
    const Date next = d.plus_days(1);
    CHECK(days_between(d, next) == 1);
    REQUIRE(Date::parse(d.iso()) == d);
    d = next;
    ++checked;
  }
  CHECK(checked == 73049);
  CHECK(days_between(Date(2022, 10, 7), Date(2023, 10, 17)) == 375);
}

TEST_CASE("Quarters of dates, labels and first days", "[date]") {
  CHECK(Quarter::of(Date(2022, 10, 7)).label() == "2022Q4");
  CHECK(Quarter::of(Date(2025, 4, 9)).label() == "2025Q2");
  CHECK(Quarter::of(Date(2024, 3, 31)).label() == "2024Q1");
  CHECK(Quarter(2023, 4).first_day() == Date(2023, 10, 1));
  CHECK(Quarter(2023, 4).last_day() == Date(2023, 12, 31));
  CHECK(Quarter(2023, 4).next() == Quarter(2024, 1));
  CHECK(quarters_between(Quarter(2020, 1), Quarter(2030, 4)) == 43);
  CHECK(Quarter::parse("2022Q4") == Quarter(2022, 4));
  CHECK_FALSE(Quarter::parse("2022Q5"));
  CHECK_FALSE(Quarter::parse("2022q4"));
}

TEST_CASE("Date and Time convert at midnight, flooring negative times", "[date]") {
  const Date d(2025, 4, 9);
  CHECK(Date::of(d.start()) == d);
  CHECK(Date::of(d.start() + 86399) == d);
  CHECK(Date::of(d.start() + 86400) == d.plus_days(1));
  CHECK(Date::of(Time{-1}) == Date(1969, 12, 31));
}
