// What every GUI test needs: wx started once for the whole run (the way a program starts
// it), a way to let windows map and paint, and a wait for something the event loop brings.
#pragma once

#include "assert_handler.hpp"

#include <wx/app.h>
#include <wx/init.h>
#include <wx/utils.h>

#include <chrono>
#include <functional>

namespace formwork::test {

class WxSession {
public:
    WxSession() {
        static int argc = 1;
        static char name[] = "formwork-gui-tests";
        static char* argv[] = {name, nullptr};
        formwork::ui::install_assert_handler(true);
        wxApp::SetInstance(new wxApp);
        started_ = wxEntryStart(argc, argv);
        if (started_) wxTheApp->CallOnInit();
    }
    ~WxSession() {
        if (started_) wxEntryCleanup();
    }
    WxSession(const WxSession&) = delete;
    WxSession& operator=(const WxSession&) = delete;
    bool started() const noexcept { return started_; }

private:
    bool started_ = false;
};

inline bool wx_started() {
    static WxSession session;
    return session.started();
}

// A few rounds of pending events and then idle time, as the program's own loop runs them:
// lets a window map and paint, simulated input arrive, and destroyed windows go.
inline void settle(int rounds = 20) {
    for (int round = 0; round < rounds; ++round) {
        wxTheApp->Yield(true);
        wxTheApp->ProcessIdle();
        wxMilliSleep(10);
    }
}

// Runs the event loop until `done` holds or `limit` passes; returns whether it held.
inline bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        wxTheApp->Yield(true);
        wxMilliSleep(20);
    }
    return true;
}

}  // namespace formwork::test
