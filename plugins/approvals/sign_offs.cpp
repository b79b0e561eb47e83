#include "sign_offs.hpp"

#include "working_days.hpp"

#include <charconv>

namespace formwork::plugins::approvals {

const char* status_name(SignOffStatus status) noexcept {
    switch (status) {
        case SignOffStatus::responded: return "responded";
        case SignOffStatus::awaiting: return "awaiting";
        case SignOffStatus::overdue: return "overdue";
        case SignOffStatus::not_sent: return "not sent";
        case SignOffStatus::dates_to_check: return "dates to check";
    }
    return "not sent";
}

std::string SignOff::path(const char* field) const {
    return "sign-offs/row[" + std::to_string(row) + "]/" + field;
}

TrailReading read_trail(pugi::xml_node instance, const Chasing& chasing) {
    TrailReading trail;
    trail.title = instance.child("title").text().get();
    for (auto row : instance.child("route").children("row"))
        trail.route.push_back({row.child("body").text().get(), row.child("date").text().get()});
    const auto today = approvals::day_number(chasing.today);
    std::size_t index = 0;
    for (auto row : instance.child("sign-offs").children("row")) {
        SignOff sign_off;
        sign_off.row = ++index;
        sign_off.name = row.child("name").text().get();
        sign_off.title = row.child("title").text().get();
        sign_off.service_area = row.child("service-area").text().get();
        sign_off.role = row.child("role").text().get();
        sign_off.role_inferred = std::string(row.child("role-inferred").text().get()) == "true";
        sign_off.sent = row.child("sent").text().get();
        sign_off.received = row.child("received").text().get();
        const auto sent = approvals::day_number(sign_off.sent);
        const auto received = approvals::day_number(sign_off.received);
        const bool unreadable = (!sign_off.sent.empty() && !sent) || (!sign_off.received.empty() && !received);
        if (unreadable || (sent && received && *received < *sent)) {
            sign_off.status = SignOffStatus::dates_to_check;
        } else if (received) {
            sign_off.status = SignOffStatus::responded;
            if (sent) sign_off.working_days_waited = working_days_between(*sent, *received, chasing.bank_holidays);
        } else if (sent) {
            sign_off.working_days_waited = today ? working_days_between(*sent, *today, chasing.bank_holidays) : 0;
            sign_off.status = sign_off.working_days_waited > chasing.overdue_after ? SignOffStatus::overdue
                                                                                   : SignOffStatus::awaiting;
        }
        trail.sign_offs.push_back(std::move(sign_off));
    }
    return trail;
}

std::string overdue_message(const SignOff& sign_off, long overdue_after) {
    return sign_off.name + " was sent the document on " + sign_off.sent + " and has not responded after " +
           std::to_string(sign_off.working_days_waited) + " working days (overdue after " + std::to_string(overdue_after) +
           ").";
}

std::string dates_to_check_message(const SignOff& sign_off) {
    const bool sent_read = sign_off.sent.empty() || approvals::day_number(sign_off.sent);
    const bool received_read = sign_off.received.empty() || approvals::day_number(sign_off.received);
    if (!sent_read || !received_read)
        return sign_off.name + "'s sign-off has a date that is no date (sent out '" + sign_off.sent + "', response '" +
               sign_off.received + "').";
    return sign_off.name + "'s response is dated " + sign_off.received + ", before the document was sent on " +
           sign_off.sent + ": the dates need checking.";
}

long overdue_working_days(const std::string& setting, std::string& problem) {
    if (setting.empty()) return default_overdue_working_days;
    long value = 0;
    const auto [end, error] = std::from_chars(setting.data(), setting.data() + setting.size(), value);
    if (error != std::errc() || end != setting.data() + setting.size() || value < 1 || value > 365) {
        problem = "the council profile's overdue-working-days is '" + setting + "', not a number of days from 1 to 365; " +
                  std::to_string(default_overdue_working_days) + " is used";
        return default_overdue_working_days;
    }
    return value;
}

}  // namespace formwork::plugins::approvals
