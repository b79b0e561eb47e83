// The record editor in a real window under Xvfb, typed into with wxUIActionSimulator as a
// person types: a record of every shipped form is created, a field's validation message
// appears and clears, autosave lands in the database (read back through the engine, not
// the widgets), labels reach the screen reader, and each editor leaves a screenshot.
#include "accessible_label.hpp"
#include "gui_session.hpp"
#include "shell_fixture.hpp"
#include "main_frame.hpp"
#include "problems_panel.hpp"
#include "record_editor.hpp"
#include "window_screenshot.hpp"

#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/store/sqlite_store.hpp>
#include <formwork/model/validator.hpp>

#include <catch2/catch.hpp>

#include <wx/textctrl.h>
#include <wx/uiaction.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::test::wait_until;
using namespace std::chrono_literals;

namespace {

// The domain plugins, a store and the main window (shell_fixture.hpp), raised in front.
struct Shell : formwork::test::ShellData {
    Shell() { frame->Raise(); }

    // The record as stored, read by a second connection: what a crash would leave.
    forms::Record stored(const std::string& id) const {
        auto second = forms::open_sqlite_store({database()});
        auto record = second->load(id);
        REQUIRE(record);
        return std::move(*record);
    }

    formwork::test::ShellWindow window{*this};
    formwork::ui::MainFrame* frame = window.frame;
};

// The first field a person must fill in that is typed as text: required from the start,
// outside tables, always shown. Every shipped form has one.
const forms::Node* first_required_typed_field(const std::vector<forms::Node>& items, const std::string& prefix,
                                              std::string& path) {
    for (const auto& item : items) {
        const auto here = prefix.empty() ? item.id : prefix + "/" + item.id;
        if (!item.part.empty() || item.relevant) continue;
        if (item.kind == forms::NodeKind::section) {
            if (auto* found = first_required_typed_field(item.children, prefix, path)) return found;
        } else if (item.kind == forms::NodeKind::group) {
            if (auto* found = first_required_typed_field(item.children, here, path)) return found;
        } else if (item.kind == forms::NodeKind::field && item.required && item.required->is_literal_true() &&
                   (item.type == forms::FieldType::text || item.type == forms::FieldType::long_text ||
                    item.type == forms::FieldType::integer)) {
            path = here;
            return &item;
        }
    }
    return nullptr;
}

bool has_problem_at(const forms::EditSession& session, const std::string& path) {
    for (const auto& d : session.diagnostics())
        if (d.path == path && d.severity == forms::Severity::error) return true;
    return false;
}

void save_screenshot(wxWindow& window, const std::string& name) {
    const std::filesystem::path shot = std::filesystem::path(FORMWORK_SCREENSHOT_DIR) / name;
    std::filesystem::create_directories(shot.parent_path());
    wxString error;
    window.Raise();
    window.Refresh();
    window.Update();
    settle(50);
    INFO("shown on screen: " << window.IsShownOnScreen() << " at " << window.GetScreenRect().x << "," << window.GetScreenRect().y);
    CHECK(formwork::ui::save_window_screenshot(window, shot.string(), error));
    INFO(error.utf8_string());
    CHECK(std::filesystem::file_size(shot) > 5000);
}

}  // namespace

TEST_CASE("a record of every shipped form: typing moves validation, and autosave stores it", "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    REQUIRE(shell.registry.forms().size() >= 6);
    wxUIActionSimulator person;

    for (const auto& entry : shell.registry.forms()) {
        const auto& form = *entry.form;
        DYNAMIC_SECTION("form " << form.id) {
            auto* editor = shell.frame->new_record(form.id);
            REQUIRE(editor != nullptr);
            settle();
            REQUIRE(shell.frame->current_editor() == editor);
            save_screenshot(*shell.frame, "editor-" + form.id + ".png");

            std::string path;
            const auto* field = first_required_typed_field(form.items, "", path);
            REQUIRE(field != nullptr);
            INFO("field " << path);
            auto* control = dynamic_cast<wxTextCtrl*>(editor->control_for(path));
            REQUIRE(control != nullptr);

            // The screen reader hears the field's label.
            CHECK(wxString::FromUTF8(formwork::ui::accessible_name(control)).Contains(wxString::FromUTF8(field->label)));

            // Empty and required: the problem is listed and the field marked.
            CHECK(has_problem_at(editor->session(), path));
            CHECK_FALSE(editor->marked_message(path).empty());

            const std::string typed = field->type == forms::FieldType::integer ? "12" : "Youth Justice Plan";
            control->SetFocus();
            settle();
            person.Text(typed.c_str());
            REQUIRE(wait_until([&] { return control->GetValue() == wxString::FromUTF8(typed); }, 5s));
            CHECK_FALSE(has_problem_at(editor->session(), path));
            CHECK(editor->marked_message(path).empty());

            // A wrong value makes a message appear; mending it clears it again.
            if (field->type == forms::FieldType::integer) {
                person.Text("x");
                REQUIRE(wait_until([&] { return has_problem_at(editor->session(), path); }, 5s));
                CHECK_FALSE(editor->marked_message(path).empty());
                person.Char(WXK_BACK);
                REQUIRE(wait_until([&] { return !has_problem_at(editor->session(), path); }, 5s));
            } else {
                control->SelectAll();
                person.Char(WXK_DELETE);
                REQUIRE(wait_until([&] { return has_problem_at(editor->session(), path); }, 5s));
                CHECK_FALSE(editor->marked_message(path).empty());
                person.Text(typed.c_str());
                REQUIRE(wait_until([&] { return !has_problem_at(editor->session(), path); }, 5s));
            }
            CHECK(editor->marked_message(path).empty());

            // Autosave: within two seconds the store has it, read back by another connection.
            const auto typed_at = std::chrono::steady_clock::now();
            REQUIRE(wait_until([&] { return !editor->session().dirty(); }, 5s));
            CHECK(std::chrono::steady_clock::now() - typed_at < 2500ms);
            CHECK_FALSE(editor->tab_label().EndsWith("*"));
            const auto stored = shell.stored(editor->record_id());
            CHECK(stored.instance().first_element_by_path(path.c_str()).text().as_string() == typed);
        }
    }
}

namespace {

// A shipped sample of the form with no errors at `complete`, validated against the other
// samples in the store (a meeting needs its body).
std::optional<forms::Record> clean_sample(const Shell& shell, const forms::FormDefinition& form) {
    for (const auto& sample : shell.registry.samples()) {
        auto read = forms::read_record(sample.text, sample.name, shell.registry);
        if (!read.record || read.record->meta.form_id != form.id) continue;
        forms::ValidationOptions options;
        options.status = "complete";
        options.records = &shell.store->query();
        if (!forms::has_errors(forms::validate_record(form, *read.record, options))) return std::move(read.record);
    }
    return std::nullopt;
}

}  // namespace

TEST_CASE("Mark complete: refused while errors remain and says which; made once the record is filled in",
          "[editor]") {
    REQUIRE(formwork::test::wx_started());
    Shell shell;
    std::vector<std::pair<std::string, std::string>> samples;
    for (const auto& sample : shell.registry.samples()) samples.emplace_back(sample.name, sample.text);
    shell.store->import(shell.registry, samples, "gui-test");

    for (const auto& entry : shell.registry.forms()) {
        const auto& form = *entry.form;
        INFO("form " << form.id);

        // A new record has errors: the move is refused, the problems say which, nothing is stored.
        auto* empty = shell.frame->new_record(form.id);
        REQUIRE(empty != nullptr);
        settle();
        CHECK_FALSE(empty->change_status("complete"));
        CHECK(forms::has_errors(empty->status_refusal()));
        CHECK(empty->problems()->error_count() > 0);
        CHECK(shell.stored(empty->record_id()).meta.status == form.lifecycle.initial());

        // The same form filled in (a sample's values, in a new draft record) is completed.
        auto sample = clean_sample(shell, form);
        REQUIRE(sample);
        auto draft = forms::new_record(form, "gui-test", forms::utc_timestamp_now());
        draft.document.reset();
        draft.document.append_copy(sample->instance());
        shell.store->create(form, draft, "gui-test");
        auto* filled = shell.frame->open_record(draft.meta.id);
        REQUIRE(filled != nullptr);
        settle();
        CHECK(filled->change_status("complete"));
        CHECK(filled->status_refusal().empty());
        CHECK(shell.stored(draft.meta.id).meta.status == "complete");
    }
}
