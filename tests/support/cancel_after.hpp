// An export's delegate that says "cancelled" once it has been asked a given number of times,
// and keeps every progress report: the exporters' tests stop an export part-way with it.
#pragma once

#include <formwork/sdk/export.hpp>

#include <string>
#include <utility>
#include <vector>

namespace formwork::test {

class CancelAfter final : public sdk::ExportProgress {
public:
    explicit CancelAfter(int questions) : left_(questions) {}
    void OnProgress(double fraction, const std::string& stage) override { reports.emplace_back(fraction, stage); }
    bool IsCancelled() const override { return --left_ < 0; }
    std::vector<std::pair<double, std::string>> reports;

private:
    mutable int left_;
};

}  // namespace formwork::test
