// How formwork_bench prints: one table row per measurement (median, p10, p90 and the
// target with "met" or "MISSED" for the reader), notes under a row, durations and ratios.
#pragma once

#include "harness.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

namespace formwork::bench {

inline std::string duration_text(double ns) {
    char buffer[32];
    if (ns < 1e6)
        std::snprintf(buffer, sizeof buffer, "%.1f us", ns / 1e3);
    else if (ns < 1e9)
        std::snprintf(buffer, sizeof buffer, "%.2f ms", ns / 1e6);
    else
        std::snprintf(buffer, sizeof buffer, "%.2f s", ns / 1e9);
    return buffer;
}

inline void print_header() {
    std::printf("%-52s %6s %11s %11s %11s  %s\n", "measurement", "reps", "median", "p10", "p90", "target");
    std::printf("%s\n", std::string(110, '-').c_str());
}

// target_ns 0: no target. The verdict is information, never the exit status.
inline void print_row(const std::string& name, const Summary& s, double target_ns = 0, const char* target = "") {
    std::string verdict;
    if (target_ns > 0) verdict = std::string(target) + (s.median_ns < target_ns ? "  met" : "  MISSED");
    std::printf("%-52s %6zu %11s %11s %11s  %s\n", name.c_str(), s.repetitions, duration_text(s.median_ns).c_str(),
                duration_text(s.p10_ns).c_str(), duration_text(s.p90_ns).c_str(), verdict.c_str());
}

inline void print_note(const std::string& note) { std::printf("    %s\n", note.c_str()); }

inline std::string ratio_text(double numerator, double denominator) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2fx", denominator > 0 ? numerator / denominator : 0.0);
    return buffer;
}

// A row whose figure is not a duration (a ratio, a rate, a size), in the median column,
// with its target and "met" or "MISSED" for the reader.
inline void print_figure(const std::string& name, std::size_t repetitions, const std::string& figure,
                         const std::string& target = {}, bool met = true) {
    const std::string verdict = target.empty() ? std::string() : target + (met ? "  met" : "  MISSED");
    std::printf("%-52s %6zu %11s %11s %11s  %s\n", name.c_str(), repetitions, figure.c_str(), "", "", verdict.c_str());
}

// Sizes in decimal megabytes (1 MB = 1,000,000 bytes), as disks and rates are quoted.
inline std::string megabytes(std::uintmax_t bytes) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buffer;
}

inline std::string count_text(std::size_t n) {
    std::string digits = std::to_string(n);
    for (auto at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    return digits;
}

inline std::string percent_text(double part, double whole) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f%%", whole > 0 ? 100 * part / whole : 0.0);
    return buffer;
}

}  // namespace formwork::bench
