// The sign-off table of an approval trail as the rules and the views read it: each row with
// its derived status, and the meeting route it must beat.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <vector>

namespace formwork::plugins::approvals {

// dates_to_check: a date that is no date, or a response dated before the document was sent. It
// is a problem to settle, never "responded".
enum class SignOffStatus { responded, awaiting, overdue, not_sent, dates_to_check };

const char* status_name(SignOffStatus status) noexcept;  // "responded", "awaiting", "overdue", "not sent", "dates to check"

struct SignOff {
    std::size_t row = 0;  // 1-based, as paths count: sign-offs/row[N]
    std::string name;
    std::string title;
    std::string service_area;
    std::string role;
    bool role_inferred = false;
    std::string sent;
    std::string received;
    SignOffStatus status = SignOffStatus::not_sent;
    long working_days_waited = 0;  // from sent to received, or to today while awaiting

    std::string path(const char* field) const;
};

struct Meeting {
    std::string body;
    std::string date;
};

struct TrailReading {
    std::string title;
    std::vector<Meeting> route;
    std::vector<SignOff> sign_offs;
};

// How long a row may wait before it is overdue, and the days that are not working days.
struct Chasing {
    long overdue_after = 10;  // working days
    std::vector<std::string> bank_holidays;
    std::string today;  // YYYY-MM-DD
};

inline constexpr long default_overdue_working_days = 10;

TrailReading read_trail(pugi::xml_node instance, const Chasing& chasing);

// What is wrong with an overdue row, and with a row whose dates to check, in words for the
// person who must chase or correct it: the record's warning and the workbook's flag say the same.
std::string overdue_message(const SignOff& sign_off, long overdue_after);
std::string dates_to_check_message(const SignOff& sign_off);

// The overdue-working-days setting, or the default; `problem` says why a given value was not used.
long overdue_working_days(const std::string& setting, std::string& problem);

}  // namespace formwork::plugins::approvals
