// A small timing harness for formwork_bench: warm-up runs, then N timed runs of a body
// (an untimed per-run preparation may reset state), summarised as median, p10 and p90.
// These machines are noisy: read medians and ratios, never a single run.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

namespace formwork::bench {

using Clock = std::chrono::steady_clock;

struct Plan {
    std::size_t warm_up = 0;
    std::size_t repetitions = 1;
};

struct Summary {
    std::size_t repetitions = 0;
    double median_ns = 0;
    double p10_ns = 0;
    double p90_ns = 0;
};

// Nearest-rank percentile of sorted samples, q in [0, 1].
inline double percentile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const auto last = static_cast<double>(sorted.size() - 1);
    return sorted[static_cast<std::size_t>(std::lround(q * last))];
}

inline Summary summarize(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return {samples.size(), percentile(samples, 0.5), percentile(samples, 0.1), percentile(samples, 0.9)};
}

// Calls prepare() untimed, then body() timed, warm_up + repetitions times.
template <class Prepare, class Body>
Summary measure(const Plan& plan, Prepare&& prepare, Body&& body) {
    for (std::size_t i = 0; i < plan.warm_up; ++i) {
        prepare();
        body();
    }
    std::vector<double> samples;
    samples.reserve(plan.repetitions);
    for (std::size_t i = 0; i < plan.repetitions; ++i) {
        prepare();
        const auto start = Clock::now();
        body();
        const auto stop = Clock::now();
        samples.push_back(std::chrono::duration<double, std::nano>(stop - start).count());
    }
    return summarize(std::move(samples));
}

template <class Body>
Summary measure(const Plan& plan, Body&& body) {
    return measure(plan, [] {}, std::forward<Body>(body));
}

// Times several bodies taking turns, one run of each per repetition, so that a noisy
// spell of the machine falls on all of them alike: use it for figures that are compared.
// Returns each body's samples in run order (see summarize and paired_ratio).
inline std::vector<std::vector<double>> measure_interleaved(const Plan& plan,
                                                             const std::vector<std::function<void()>>& bodies) {
    for (std::size_t i = 0; i < plan.warm_up; ++i)
        for (const auto& body : bodies) body();
    std::vector<std::vector<double>> samples(bodies.size());
    for (auto& s : samples) s.reserve(plan.repetitions);
    for (std::size_t i = 0; i < plan.repetitions; ++i)
        for (std::size_t b = 0; b < bodies.size(); ++b) {
            const auto start = Clock::now();
            bodies[b]();
            const auto stop = Clock::now();
            samples[b].push_back(std::chrono::duration<double, std::nano>(stop - start).count());
        }
    return samples;
}

// The median of a[i] / b[i] over the runs of an interleaved measurement: each ratio
// compares two runs made moments apart.
inline double paired_ratio(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> ratios;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i)
        if (b[i] > 0) ratios.push_back(a[i] / b[i]);
    std::sort(ratios.begin(), ratios.end());
    return percentile(ratios, 0.5);
}

// Results folded into this are printed at the end, so the optimiser cannot drop the work.
inline volatile std::size_t sink = 0;
inline void keep(std::size_t value) { sink = sink + value; }

}  // namespace formwork::bench
