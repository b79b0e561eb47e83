// The startup baseline: the least a wxWidgets program can do (one empty frame, shown),
// timed by formwork_gui_bench exactly as it times formwork, so the two are compared in
// one run. Prints "ready" once the frame is shown and the first idle event arrives.
#include <wx/app.h>
#include <wx/frame.h>

#include <cstdio>

namespace {

class BareFrameApp : public wxApp {
public:
    bool OnInit() override {
        auto* frame = new wxFrame(nullptr, wxID_ANY, "bare frame", wxDefaultPosition, wxSize(1100, 600));
        frame->Show();
        Bind(wxEVT_IDLE, [this](wxIdleEvent& event) {
            event.Skip();
            if (reported_) return;
            reported_ = true;
            std::printf("ready\n");
            std::fflush(stdout);
        });
        return true;
    }

private:
    bool reported_ = false;
};

}  // namespace

wxIMPLEMENT_APP(BareFrameApp);
