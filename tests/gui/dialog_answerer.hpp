// Answers the program's modal dialogs as a person would, for tests that drive them: a GLib
// timeout, which runs inside a modal dialog's loop and while a progress dialog is updated
// (where wx's timers and CallAfter do not), tries the next step every few milliseconds until
// it is done. A step is given the wx dialogs shown and the GTK message boxes shown. A step
// must not block: GLib does not run a timeout again while it is running, so a click that
// opens another modal dialog is queued (press_later), not made at once.
#pragma once

#include "assert_handler.hpp"

#include <wx/dialog.h>
#include <wx/toplevel.h>

#include <gtk/gtk.h>

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace formwork::test {

class DialogAnswerer {
public:
    // A step returns true once it has done its part.
    using Step = std::function<bool()>;

    DialogAnswerer() : source_(g_timeout_add(10, &DialogAnswerer::tick, this)) {}
    ~DialogAnswerer() {
        if (source_ != 0) g_source_remove(source_);
    }
    DialogAnswerer(const DialogAnswerer&) = delete;
    DialogAnswerer& operator=(const DialogAnswerer&) = delete;

    void then(Step step) { steps_.push_back(std::move(step)); }
    bool done() const noexcept { return steps_.empty(); }

    // The shown wx dialog named `name`, or null.
    static wxDialog* shown_dialog(const wxString& name) {
        for (auto* window : wxTopLevelWindows)
            if (auto* dialog = dynamic_cast<wxDialog*>(window);
                dialog != nullptr && dialog->IsShown() && dialog->GetName() == name)
                return dialog;
        return nullptr;
    }
    // The shown GTK message box (wxMessageBox and wxMessageDialog are GTK's own), or null.
    static GtkMessageDialog* shown_message_box() {
        GtkMessageDialog* found = nullptr;
        GList* windows = gtk_window_list_toplevels();
        for (GList* item = windows; item != nullptr && found == nullptr; item = item->next)
            if (GTK_IS_MESSAGE_DIALOG(item->data) && gtk_widget_get_visible(GTK_WIDGET(item->data)))
                found = GTK_MESSAGE_DIALOG(item->data);
        g_list_free(windows);
        return found;
    }
    // The message box's text, its primary text and then its secondary text.
    static std::string text_of(GtkMessageDialog* box) {
        gchar* primary = nullptr;
        gchar* secondary = nullptr;
        g_object_get(box, "text", &primary, "secondary-text", &secondary, nullptr);
        std::string text = primary != nullptr ? primary : "";
        if (secondary != nullptr && *secondary != '\0') text += "\n" + std::string(secondary);
        g_free(primary);
        g_free(secondary);
        return text;
    }
    // A step that answers the next message box with `response`, keeping its text.
    static Step answer_message_box(GtkResponseType response, std::string& text) {
        return [response, &text] {
            auto* box = shown_message_box();
            if (box == nullptr) return false;
            text = text_of(box);
            gtk_dialog_response(GTK_DIALOG(box), response);
            return true;
        };
    }

    // Queues a click on a button, for the loop of the dialog it is in to make.
    static void press_later(wxWindow& button) {
        auto* click = new wxCommandEvent(wxEVT_BUTTON, button.GetId());
        click->SetEventObject(&button);
        wxQueueEvent(button.GetEventHandler(), click);
    }

private:
    static gboolean tick(gpointer self) {
        auto& answerer = *static_cast<DialogAnswerer*>(self);
        if (!answerer.steps_.empty() && answerer.steps_.front()()) answerer.steps_.pop_front();
        return G_SOURCE_CONTINUE;
    }

    ui::ModalDialogsAnswered allowed_;
    std::deque<Step> steps_;
    guint source_;
};

}  // namespace formwork::test
