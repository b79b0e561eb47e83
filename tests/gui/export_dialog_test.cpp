// Exporting, printing and pictures from the main window, in a real X display (Xvfb under
// CTest), over every shipped sample imported into a real SQLite store with the council
// profile of the seeds (profiles/coventry.profile.xml: a submission needs its organisation
// code). Exports run through MainFrame::run_export, the code the dialog's "Export" runs, and
// are read back by independent readers: openpyxl (tests/exporters/read_workbook.py) and
// xmllint against the XSD the engine generates for the forms (what `formwork-cli schema
// --submission` writes). A cancelled export leaves no file, and no temporary file beside it.
#include "dialog_answerer.hpp"
#include "export_dialog.hpp"
#include "form_navigator.hpp"
#include "gui_session.hpp"
#include "main_frame.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "record_print.hpp"
#include "view_picture.hpp"
#include "screenshot_check.hpp"
#include "shell_fixture.hpp"

#include "temp_folder.hpp"

#include <formwork/exporters/exporter.hpp>
#include <formwork/model/council_profile.hpp>
#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/model/record.hpp>
#include <formwork/store/sqlite_store.hpp>
#include <formwork/model/string_writer.hpp>
#include <formwork/model/xsd.hpp>

#include "reader_output.hpp"

#include <catch2/catch.hpp>

#include <wx/print.h>

#include <wx/progdlg.h>

#include <wx/statusbr.h>

#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/datectrl.h>
#include <wx/filepicker.h>
#include <wx/image.h>
#include <wx/notebook.h>
#include <wx/radiobox.h>
#include <wx/radiobut.h>
#include <wx/textctrl.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace forms = formwork::forms;
namespace sdk = formwork::sdk;
namespace test = formwork::test;
using formwork::test::settle;
using formwork::ui::ExportOutcome;
using formwork::ui::ExportRequest;
using formwork::ui::ExportScope;

namespace {

forms::CouncilProfile coventry() {
    forms::Diagnostics problems;
    auto profile = forms::read_council_profile(FORMWORK_COVENTRY_PROFILE, problems);
    INFO((problems.empty() ? std::string() : problems.front().format()));
    REQUIRE(profile);
    REQUIRE_FALSE(profile->organisation_code.empty());
    return std::move(*profile);
}

// Every shipped sample in a store in a fresh folder, with the council's profile; torn down
// store first, then forms, then plugins.
struct Samples : formwork::test::ShellData {
    struct Stored {
        std::string form;
        std::string status;
        std::string title;
        bool title_is_a_value = false;  // the form names its records by one field (`string(title)`)
    };
    std::map<std::string, Stored> records;  // by id

    Samples() : ShellData("export.db", {}, coventry()) {
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& sample : registry.samples()) files.emplace_back(sample.name, sample.text);
        REQUIRE(files.size() > 10);
        store->import(registry, files, "export-test");
        store->scan({}, [&](const forms::Record& record) {
            const auto form = registry.find(record.meta.form_id, record.meta.form_version);
            REQUIRE(form);
            const auto& named_by = form->title_expression;
            const bool one_field = named_by && named_by->text.rfind("string(", 0) == 0 &&
                                   named_by->text.find_first_of(",|") == std::string::npos;
            records[record.meta.id] = {record.meta.form_id, record.meta.status, forms::record_title(*form, record), one_field};
            return true;
        });
        REQUIRE(records.size() > 10);
    }

    std::string first_of(const std::string& form) const {
        for (const auto& [id, stored] : records)
            if (stored.form == form) return id;
        FAIL("no sample of " << form);
        return {};
    }
};

// The main window over the samples; destroyed (before the data) when the test ends.
struct Shell : formwork::test::ShellWindow {
    explicit Shell(Samples& shown) : ShellWindow(shown, "export-test") {}
};

// Progress as the dialog's delegate sees it; cancels after the first report beyond 0 when asked to.
class Observer final : public sdk::ExportProgress {
public:
    explicit Observer(bool cancel_halfway = false) : cancel_halfway_(cancel_halfway) {}
    void OnProgress(double fraction, const std::string& stage) override {
        fractions.push_back(fraction);
        stages.push_back(stage);
        if (fraction > 0) moved_ = true;
    }
    bool IsCancelled() const override {
        ++asked;
        return cancel_halfway_ && moved_;
    }
    std::vector<double> fractions;
    std::vector<std::string> stages;
    mutable int asked = 0;

private:
    bool cancel_halfway_;
    bool moved_ = false;
};

// Runs a command through the shell; its standard output and error together.
int run(const std::string& command, std::string& output) {
    output.clear();
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
    const int status = ::pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Workbook {
    std::vector<std::string> sheets;
    std::multiset<std::string> texts;  // every text cell's value
};

// The workbook as openpyxl reads it.
Workbook read_workbook(const std::filesystem::path& path) {
    std::string output;
    const int status = run("/usr/bin/python3 " + test::shell_quoted(FORMWORK_READ_WORKBOOK) + " cells " + test::shell_quoted(path), output);
    INFO(output.substr(0, 2000));
    REQUIRE(status == 0);
    Workbook book;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> fields;
        std::size_t start = 0;
        for (std::size_t tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', start)) {
            fields.push_back(line.substr(start, tab - start));
            start = tab + 1;
        }
        fields.push_back(line.substr(start));
        if (fields[0] == "sheet" && fields.size() >= 2) book.sheets.push_back(test::reader_unescaped(fields[1]));
        if (fields[0] == "cell" && fields.size() >= 5 && fields[2] == "str") book.texts.insert(test::reader_unescaped(fields[4]));
    }
    return book;
}

// Presses a button as a click would: its wxEVT_BUTTON, from the button.
void press(wxWindow& button) {
    wxCommandEvent click(wxEVT_BUTTON, button.GetId());
    click.SetEventObject(&button);
    button.ProcessWindowEvent(click);
}

// No file at `path`, and nothing else in its folder either (no temporary file left).
void check_nothing_left(const std::filesystem::path& path) {
    CHECK_FALSE(std::filesystem::exists(path));
    std::vector<std::string> left;
    for (const auto& entry : std::filesystem::directory_iterator(path.parent_path())) left.push_back(entry.path().filename().string());
    INFO("left in the folder: " << left.size());
    for (const auto& name : left) INFO(name);
    CHECK(left.empty());
}


std::string xml_escaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out += c;
    }
    return out;
}

}  // namespace

TEST_CASE("export from the app: a workbook of every record, read back by openpyxl", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    const auto out = data.folder.make_subfolder("out");

    ExportRequest request;
    request.format = "xlsx";
    request.scope = ExportScope::form;  // every form
    request.output = out / "every-record.xlsx";
    Observer progress;
    const auto outcome = shell.frame->run_export(request, &progress);
    INFO(outcome.message.utf8_string());
    REQUIRE(outcome.kind == ExportOutcome::Kind::written);
    CHECK(outcome.result.records == data.records.size());
    CHECK(outcome.result.path == request.output);
    CHECK(outcome.message.Contains(wxString::FromUTF8(request.output.string())));
    CHECK(outcome.result.warnings.empty());
    REQUIRE_FALSE(progress.fractions.empty());
    CHECK(progress.fractions.back() == Approx(1.0));
    CHECK(progress.asked > 0);

    const auto book = read_workbook(request.output);
    for (const auto& sheet : {"Equality impact assessment", "Impact matrix", "Sign-off status", "Approval timeline", "Fields"}) {
        INFO(sheet);
        CHECK(std::find(book.sheets.begin(), book.sheets.end(), sheet) != book.sheets.end());
    }
    // Every record's row, by its id; its title where the form names records by one field
    // (other titles are made from several, each in a column of its own).
    std::size_t titled = 0;
    for (const auto& [id, stored] : data.records) {
        INFO(stored.form << " " << id << ": " << stored.title);
        CHECK(book.texts.count(id) > 0);
        if (!stored.title_is_a_value) continue;
        ++titled;
        CHECK(book.texts.count(stored.title) > 0);
    }
    CHECK(titled > 3);
    // Only the workbook is in the folder: nothing temporary was left beside it.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(out)) ++files;
    CHECK(files == 1);
}

TEST_CASE("export from the app: a submission of the complete records validates against the forms' XSD", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    const auto out = data.folder.make_subfolder("out");

    ExportRequest request;
    request.format = "xml";
    request.scope = ExportScope::form;
    request.collection = {"Equality and governance", "2023", "2023-12-01"};
    request.output = out / "submission.xml";
    const auto outcome = shell.frame->run_export(request, nullptr);
    INFO(outcome.message.utf8_string());
    REQUIRE(outcome.kind == ExportOutcome::Kind::written);
    CHECK(outcome.result.serial == 1);
    CHECK(outcome.message.Contains("serial number 1"));

    // The XSD the engine generates for every form, as `formwork-cli schema --submission` writes it.
    forms::StringWriter xsd;
    forms::write_submission_xsd(formwork::exporters::forms_in_scope(data.registry, {}), xsd);
    const auto schema = out.parent_path() / "submission.xsd";
    std::ofstream(schema, std::ios::binary) << xsd.text;
    std::string said;
    const int status = run("xmllint --noout --nonet --schema " + test::shell_quoted(schema) + " " + test::shell_quoted(request.output), said);
    INFO(said);
    CHECK(status == 0);

    // Complete records (and later) go in, each with its title's words; drafts stay out.
    const auto text = read_text(request.output);
    CHECK(text.find("<OrganisationCode>E08000026</OrganisationCode>") != std::string::npos);
    CHECK(text.find("<Collection>Equality and governance</Collection>") != std::string::npos);
    std::size_t complete = 0;
    for (const auto& [id, stored] : data.records) {
        const auto form = data.registry.latest(stored.form);
        REQUIRE(form);
        const bool sent = form->lifecycle.rank(stored.status) >= form->lifecycle.rank("complete") &&
                          form->lifecycle.rank("complete") >= 0;
        INFO(stored.form << " " << id << " (" << stored.status << "): " << stored.title);
        CHECK((text.find("<Record id=\"" + id + "\"") != std::string::npos) == sent);
        if (!sent) continue;
        ++complete;
        if (stored.title_is_a_value) CHECK(text.find(xml_escaped(stored.title)) != std::string::npos);
    }
    CHECK(complete > 1);
    CHECK(outcome.result.records == complete);
}

TEST_CASE("export from the app: a cancelled export leaves no file and no temporary file", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);

    SECTION("a workbook") {
        const auto out = data.folder.make_subfolder("cancelled-workbook");
        ExportRequest request;
        request.output = out / "cancelled.xlsx";
        Observer cancelling(true);
        const auto outcome = shell.frame->run_export(request, &cancelling);
        INFO(outcome.message.utf8_string());
        CHECK(outcome.kind == ExportOutcome::Kind::cancelled);
        CHECK(outcome.message.Contains("cancelled"));
        REQUIRE_FALSE(cancelling.fractions.empty());
        CHECK(cancelling.fractions.back() > 0.0);
        CHECK(cancelling.fractions.back() < 1.0);
        check_nothing_left(request.output);
    }
    SECTION("a submission") {
        const auto out = data.folder.make_subfolder("cancelled-submission");
        ExportRequest request;
        request.format = "xml";
        request.include_drafts = true;  // every record: more than one progress report
        request.collection = {"Equality and governance", "2023", "2023-12-01"};
        request.output = out / "cancelled.xml";
        Observer cancelling(true);
        const auto outcome = shell.frame->run_export(request, &cancelling);
        INFO(outcome.message.utf8_string());
        CHECK(outcome.kind == ExportOutcome::Kind::cancelled);
        REQUIRE_FALSE(cancelling.fractions.empty());
        CHECK(cancelling.fractions.back() < 1.0);
        check_nothing_left(request.output);
    }
    SECTION("a file already there is as it was") {
        const auto out = data.folder.make_subfolder("kept");
        const auto path = out / "kept.xlsx";
        std::ofstream(path, std::ios::binary) << "the workbook of last month";
        ExportRequest request;
        request.output = path;
        Observer cancelling(true);
        CHECK(shell.frame->run_export(request, &cancelling).kind == ExportOutcome::Kind::cancelled);
        CHECK(read_text(path) == "the workbook of last month");
        std::size_t files = 0;
        for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(out)) ++files;
        CHECK(files == 1);
    }
}

// A step that presses the progress dialog's Cancel, as a person would, once the bar has moved;
// `pressed_at` is where the bar was.
formwork::test::DialogAnswerer::Step cancel_once_moving(int& pressed_at) {
    return [&pressed_at] {
        for (auto* window : wxTopLevelWindows)
            if (auto* progress = dynamic_cast<wxGenericProgressDialog*>(window);
                progress != nullptr && progress->IsShown() && progress->GetValue() > 0)
                if (auto* cancel = progress->FindWindow(wxID_CANCEL)) {
                    pressed_at = progress->GetValue();
                    press(*cancel);
                    return true;
                }
        return false;
    };
}

TEST_CASE("export from the app: Cancel in the progress dialog stops the export halfway, and leaves no file",
          "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    const auto out = data.folder.make_subfolder("cancelled-from-dialog");
    ExportRequest request;
    request.format = "xml";
    request.include_drafts = true;  // every record: many updates of the bar
    request.collection = {"Equality and governance", "2023", "2023-12-01"};
    request.output = out / "cancelled.xml";

    ExportOutcome outcome;
    int pressed_at = 0;
    {
        formwork::test::DialogAnswerer answerer;
        answerer.then(cancel_once_moving(pressed_at));
        outcome = shell.frame->export_with_progress(request);
    }
    INFO(outcome.message.utf8_string());
    REQUIRE(pressed_at > 0);
    CHECK(pressed_at < formwork::ui::ProgressDialogDelegate::range);
    CHECK(outcome.kind == ExportOutcome::Kind::cancelled);
    CHECK(shell.frame->GetStatusBar()->GetStatusText(0).Contains("cancelled"));
    check_nothing_left(request.output);
    settle(5);

    // Not cancelled, the same export is written, and the window says where.
    const auto written = shell.frame->export_with_progress(request);
    INFO(written.message.utf8_string());
    CHECK(written.kind == ExportOutcome::Kind::written);
    CHECK(std::filesystem::exists(request.output));
    CHECK(shell.frame->GetStatusBar()->GetStatusText(0).Contains(wxString::FromUTF8(request.output.filename().string())));
}

TEST_CASE("export from the app: File > Export... asks, refuses what is missing, shows its progress and says where "
          "the file is", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    const auto out = data.folder.make_subfolder("from-the-menu");
    ExportRequest wanted;
    wanted.format = "xml";  // a submission: its collection's details are asked for
    wanted.include_drafts = true;
    wanted.output = out / "return.xml";

    using Answerer = formwork::test::DialogAnswerer;
    std::string refusal, finished;
    Answerer answerer;
    const auto export_dialog = [] { return dynamic_cast<formwork::ui::ExportDialog*>(Answerer::shown_dialog("export dialog")); };
    // Export pressed without the collection's details: refused, in a box, and the dialog stays.
    answerer.then([&] {
        auto* dialog = export_dialog();
        if (dialog == nullptr || !dialog->IsModal()) return false;
        dialog->set_request(wanted);
        Answerer::press_later(*dialog->FindWindow(wxID_OK));
        return true;
    });
    answerer.then(Answerer::answer_message_box(GTK_RESPONSE_OK, refusal));
    // With them given, Export runs; the message at the end is closed, not "Open folder".
    answerer.then([&] {
        auto* dialog = export_dialog();
        if (dialog == nullptr) return false;
        wanted.collection = {"Equality and governance", "2023", "2023-12-01"};
        dialog->set_request(wanted);
        Answerer::press_later(*dialog->FindWindow(wxID_OK));
        return true;
    });
    answerer.then(Answerer::answer_message_box(GTK_RESPONSE_NO, finished));
    shell.frame->export_records();  // File > Export... (Ctrl+E)

    CHECK(answerer.done());
    INFO("refused with: " << refusal);
    CHECK_FALSE(refusal.empty());
    CHECK_FALSE(std::filesystem::exists(wanted.output.string() + ".tmp"));
    INFO("finished with: " << finished);
    CHECK(finished.find("return.xml") != std::string::npos);
    CHECK(finished.find("Exported") != std::string::npos);
    REQUIRE(std::filesystem::exists(wanted.output));
    CHECK(read_text(wanted.output).find("Equality and governance") != std::string::npos);
}

TEST_CASE("export from the app: this record, the selected record, a date range, and failures in words", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    auto& frame = *shell.frame;
    const auto out = data.folder.make_subfolder("out");
    const auto eia_id = data.first_of("eia");

    SECTION("this record: the record in front, saved first") {
        auto* editor = frame.open_record(eia_id);
        REQUIRE(editor != nullptr);
        const auto context = frame.export_context();
        CHECK(context.current_record_id == eia_id);
        CHECK(context.current_record_title == wxString::FromUTF8(data.records[eia_id].title));

        ExportRequest request;
        request.scope = ExportScope::this_record;
        request.record_ids = {context.current_record_id};
        request.output = out / "one.xlsx";
        const auto outcome = frame.run_export(request, nullptr);
        INFO(outcome.message.utf8_string());
        REQUIRE(outcome.kind == ExportOutcome::Kind::written);
        CHECK(outcome.result.records == 1);
        CHECK(outcome.message.Contains("Exported 1 record to"));
        const auto book = read_workbook(request.output);
        CHECK(book.texts.count(data.records[eia_id].title) > 0);
        // Only the EIA's sheets: no other form's records came along.
        CHECK(std::find(book.sheets.begin(), book.sheets.end(), "Motion for debate") == book.sheets.end());
        CHECK(book.texts.count(eia_id) > 0);
        for (const auto& [id, stored] : data.records)
            if (id != eia_id) CHECK(book.texts.count(id) == 0);
    }
    SECTION("the record chosen in the list") {
        REQUIRE(frame.navigator()->select_form("motion"));
        REQUIRE(frame.record_list()->select_row(0));
        const auto context = frame.export_context();
        REQUIRE(context.selected_record_ids.size() == 1);
        const auto id = context.selected_record_ids.front();
        CHECK(context.form == "motion");
        CHECK(context.selected_description == wxString::FromUTF8(data.records[id].title));

        ExportRequest request;
        request.scope = ExportScope::selected_records;
        request.record_ids = context.selected_record_ids;
        request.output = out / "chosen.xlsx";
        const auto outcome = frame.run_export(request, nullptr);
        INFO(outcome.message.utf8_string());
        REQUIRE(outcome.kind == ExportOutcome::Kind::written);
        CHECK(outcome.result.records == 1);
        const auto book = read_workbook(request.output);
        CHECK(book.texts.count(id) > 0);
        for (const auto& [other, stored] : data.records)
            if (other != id) CHECK(book.texts.count(other) == 0);
    }
    SECTION("a date range with nothing in it, and a submission without its profile's code, fail in words") {
        ExportRequest request;
        request.scope = ExportScope::date_range;
        request.modified_from = "1999-01-01";
        request.modified_to = "1999-12-31";
        request.output = out / "nothing.xlsx";
        const auto outcome = frame.run_export(request, nullptr);
        CHECK(outcome.kind == ExportOutcome::Kind::failed);
        CHECK(outcome.message.Contains("no records"));
        check_nothing_left(request.output);

        // The range that holds them: every record was imported today.
        request.modified_from = "2000-01-01";
        request.modified_to = "2999-12-31";
        request.form = "written-question";
        const auto ranged = frame.run_export(request, nullptr);
        INFO(ranged.message.utf8_string());
        CHECK(ranged.kind == ExportOutcome::Kind::written);
        std::size_t questions = 0;
        for (const auto& [id, stored] : data.records) if (stored.form == "written-question") ++questions;
        CHECK(ranged.result.records == questions);
    }
    SECTION("no records chosen") {
        ExportRequest request;
        request.scope = ExportScope::selected_records;
        request.output = out / "none.xlsx";
        const auto outcome = frame.run_export(request, nullptr);
        CHECK(outcome.kind == ExportOutcome::Kind::failed);
        CHECK_FALSE(std::filesystem::exists(request.output));
    }
}

TEST_CASE("export from the app: never onto the open database, a symlink to it or the files beside it", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    auto& frame = *shell.frame;
    const auto database = data.database();
    REQUIRE(frame.store().location() == database.string());
    const auto before = data.store->verify_trail();
    REQUIRE(before.intact);
    REQUIRE(before.entries > 0);
    const auto link = data.folder.path() / "link.db";
    std::filesystem::create_symlink(database, link);
    const auto beside = data.folder.make_subfolder("beside");
    const auto listing = [&] {
        std::set<std::string> names;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(data.folder.path()))
            names.insert(entry.path().lexically_relative(data.folder.path()).string());
        return names;
    };
    const auto files_before = listing();
    CHECK(files_before.count("link.db") == 1);

    // Every record as a workbook, onto the database however it is named: refused, in words.
    const std::vector<std::pair<std::filesystem::path, std::string>> targets{
        {database, "is the database"},
        {link, "is the database"},
        {beside / ".." / database.filename(), "is the database"},
        {database.string() + "-wal", "is the write-ahead log of the database"},
        {database.string() + "-shm", "is the shared-memory index of the database"},
        {beside / ".." / (database.filename().string() + "-journal"), "is the rollback journal of the database"}};
    for (const auto& [target, said] : targets) {
        ExportRequest request;
        request.output = target;
        const auto outcome = frame.run_export(request, nullptr);
        INFO(target.string() << ": " << outcome.message.utf8_string());
        CHECK(outcome.kind == ExportOutcome::Kind::failed);
        CHECK(outcome.message.Contains(wxString::FromUTF8(said)));
        CHECK(outcome.message.Contains("Nothing was written"));
    }
    {
        ExportRequest submission;
        submission.format = "xml";
        submission.include_drafts = true;
        submission.collection = {"Equality and governance", "2023", "2023-12-01"};
        submission.output = link;
        const auto outcome = frame.run_export(submission, nullptr);
        INFO(outcome.message.utf8_string());
        CHECK(outcome.kind == ExportOutcome::Kind::failed);
    }

    // The dialog says so while it is open, before Export closes it.
    const auto context = frame.export_context();
    CHECK(context.database == database.string());
    auto* dialog = new formwork::ui::ExportDialog(&frame, data.registry, context);
    ExportRequest chosen;
    chosen.output = link;
    dialog->set_request(chosen);
    CHECK(dialog->problem().Contains("is the database"));
    chosen.output = database.string() + "-wal";
    dialog->set_request(chosen);
    CHECK(dialog->problem().Contains("write-ahead log"));
    chosen.output = beside / "returns.xlsx";
    dialog->set_request(chosen);
    CHECK(dialog->problem().empty());
    dialog->Destroy();
    settle();

    // Save as HTML refuses it too.
    const auto eia_id = data.first_of("eia");
    const auto record = data.store->load(eia_id);
    REQUIRE(record);
    const auto form = data.registry.find(record->meta.form_id, record->meta.form_version);
    REQUIRE(form);
    wxString error;
    CHECK_FALSE(frame.printer().save_html(*form, *record, link, error, frame.store().location()));
    CHECK(error.Contains("is the database"));
    CHECK_FALSE(frame.printer().save_html(*form, *record, database.string() + "-journal", error, frame.store().location()));
    CHECK(error.Contains("rollback journal"));

    // Nothing was written, and the database is whole: its audit log verifies as before, through
    // the window's connection and through a second one, which reads the records too.
    CHECK(listing() == files_before);
    const auto after = data.store->verify_trail();
    CHECK(after.intact);
    CHECK(after.entries == before.entries);
    CHECK(after.head_digest == before.head_digest);
    std::unique_ptr<forms::RecordStore> second;
    REQUIRE_NOTHROW(second = forms::open_sqlite_store({database}));
    const auto checked = second->verify_trail();
    CHECK(checked.intact);
    CHECK(checked.entries == before.entries);
    CHECK(checked.head_digest == before.head_digest);
    CHECK(second->load(eia_id));

    // A file beside it is written as ever.
    ExportRequest fine;
    fine.output = beside / "returns.xlsx";
    const auto written = frame.run_export(fine, nullptr);
    INFO(written.message.utf8_string());
    CHECK(written.kind == ExportOutcome::Kind::written);
}

TEST_CASE("the export dialog: its controls make the request, and say what is missing", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    auto& frame = *shell.frame;
    auto* editor = frame.open_record(data.first_of("eia"));
    REQUIRE(editor != nullptr);
    auto context = frame.export_context();
    context.folder = data.folder.path();

    // Shown without waiting for it (ShowModal would wait for a person), for the screenshot.
    auto* dialog = new formwork::ui::ExportDialog(&frame, data.registry, context);
    dialog->Show();
    settle();

    // It opens on the record in front, as a workbook, into the folder given.
    auto request = dialog->request();
    CHECK(request.format == "xlsx");
    CHECK(request.scope == ExportScope::this_record);
    CHECK(request.record_ids == std::vector<std::string>{editor->record_id()});
    CHECK(request.output.parent_path() == data.folder.path());
    CHECK(request.output.extension() == ".xlsx");
    CHECK(dialog->problem().empty());
    CHECK(dialog->layout_choice()->IsEnabled());
    CHECK_FALSE(dialog->collection_name()->IsEnabled());
    CHECK(dialog->scope_button(ExportScope::this_record)->IsEnabled());
    CHECK_FALSE(dialog->scope_button(ExportScope::selected_records)->IsEnabled());
    formwork::test::save_checked_screenshot(*dialog, "export-dialog.png", 5, 4);

    // A submission asks for its collection's details; the file follows the format.
    ExportRequest submission;
    submission.format = "xml";
    submission.scope = ExportScope::date_range;
    submission.form = "eia";
    submission.modified_from = "2023-01-01";
    submission.modified_to = "2023-12-31";
    dialog->set_request(submission);
    CHECK(dialog->request().output.extension() == ".xml");
    CHECK_FALSE(dialog->layout_choice()->IsEnabled());
    CHECK(dialog->collection_name()->IsEnabled());
    CHECK(dialog->problem().Contains("collection's name"));
    dialog->collection_name()->ChangeValue("Equality and governance");
    dialog->collection_year()->ChangeValue("23");
    CHECK(dialog->problem().Contains("four digits"));
    dialog->collection_year()->ChangeValue("2023");
    CHECK(dialog->problem().empty());
    request = dialog->request();
    CHECK(request.scope == ExportScope::date_range);
    CHECK(request.form == "eia");
    CHECK(request.modified_from == "2023-01-01");
    CHECK(request.modified_to == "2023-12-31");
    CHECK(request.collection.collection == "Equality and governance");
    CHECK(request.collection.year == "2023");
    CHECK(request.collection.reference_date.size() == 10);

    submission.modified_from = "2024-01-01";
    dialog->set_request(submission);
    CHECK(dialog->problem().Contains("wrong way round"));
    dialog->file_picker()->SetPath(wxString::FromUTF8((data.folder.path() / "no-such-folder" / "x.xml").string()));
    CHECK(dialog->problem().Contains("no-such-folder"));

    // The options the command line would have been given.
    const auto options = formwork::ui::export_options_for(request);
    CHECK(options.format == "xml");
    CHECK(options.form == "eia");
    CHECK(options.modified_from == "2023-01-01");
    CHECK(options.collection.year == "2023");

    dialog->Destroy();
    settle(5);
}

TEST_CASE("printing from the window: the record in front is saved, then printed as HTML", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    auto& frame = *shell.frame;
    const auto eia_id = data.first_of("eia");

    // Nothing in front: nothing to print, and it says so rather than failing.
    frame.notebook()->SetSelection(0);
    CHECK_FALSE(frame.record_for_printing());

    auto* editor = frame.open_record(eia_id);
    REQUIRE(editor != nullptr);
    const long revision = editor->session().record().meta.revision;
    REQUIRE_FALSE(editor->session().set_value("title", "Youth justice strategy, printed"));
    REQUIRE(editor->session().dirty());

    // What Ctrl+P and Save as HTML run before the preview or the file dialog.
    const auto printable = frame.record_for_printing();
    REQUIRE(printable);
    CHECK_FALSE(editor->session().dirty());
    CHECK(printable->record.meta.revision == revision + 1);
    CHECK(data.store->load(eia_id)->meta.revision == revision + 1);
    CHECK(frame.print_preview());
    for (auto* window : wxTopLevelWindows)  // the preview, a window of its own
        if (dynamic_cast<wxPreviewFrame*>(window) != nullptr) window->Close(true);
    settle();

    const auto path = data.folder.path() / "printed.html";
    wxString error;
    REQUIRE(frame.printer().save_html(*printable->form, printable->record, path, error, frame.store().location()));
    const auto html = read_text(path);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("Youth justice strategy, printed") != std::string::npos);
    CHECK(html.find("Coventry City Council") != std::string::npos);  // the profile's organisation
    CHECK(frame.printer().record_html(*printable->form, printable->record).Contains("Youth justice strategy, printed"));
    std::string said;
    CHECK(run("xmllint --noout --nonet " + test::shell_quoted(path), said) == 0);

    // Someone else saved it meanwhile: not printed until that is settled.
    auto theirs = data.store->load(eia_id);
    REQUIRE(theirs);
    REQUIRE_FALSE(forms::set_value(*printable->form, *theirs, "title", "Saved elsewhere"));
    data.store->update(*printable->form, *theirs, theirs->meta.revision, "someone-else");
    REQUIRE_FALSE(editor->session().set_value("title", "Mine"));
    CHECK_FALSE(frame.record_for_printing());
    CHECK_FALSE(frame.save_as_html());
    editor->session().take_theirs();
    editor->refresh_from_session();
}

TEST_CASE("pictures from the window: the EIA's views over its records, and over the record in front", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    Shell shell(data);
    auto& frame = *shell.frame;
    frame.SetSize(1240, 900);
    auto* notebook = frame.notebook();
    const auto pages = notebook->GetPageCount();

    // Nothing but All records chosen: which form's pictures is not known.
    frame.navigator()->select_all_records();
    CHECK(frame.show_pictures() == nullptr);
    CHECK(notebook->GetPageCount() == pages);

    REQUIRE(frame.navigator()->select_form("eia"));
    auto* panel = frame.show_pictures();
    REQUIRE(panel != nullptr);
    CHECK(panel->view_count() > 0);
    CHECK(panel->problems_text().empty());
    CHECK(notebook->GetPageCount() == pages + 1);
    CHECK(notebook->GetPageText(static_cast<std::size_t>(notebook->GetSelection())) == "Pictures: Equality impact assessment");
    CHECK(panel->view_name(0) == "Impact matrix");
    settle();
    formwork::test::save_checked_screenshot(frame, "pictures-tab.png", 5, 4);

    // Again: drawn afresh in the same tab's place, not a second tab.
    frame.navigator()->select_form("eia");
    REQUIRE(frame.show_pictures() != nullptr);
    CHECK(notebook->GetPageCount() == pages + 1);

    // The button by the record list does the same.
    wxCommandEvent click(wxEVT_BUTTON, frame.record_list()->pictures_button()->GetId());
    click.SetEventObject(frame.record_list()->pictures_button());
    frame.record_list()->pictures_button()->HandleWindowEvent(click);
    CHECK(notebook->GetPageCount() == pages + 1);

    // A form whose plugin draws no pictures says so, and opens nothing.
    REQUIRE(frame.navigator()->select_form("motion"));
    CHECK(frame.show_pictures() == nullptr);
    CHECK(notebook->GetPageCount() == pages + 1);

    // With a record in front: that record alone.
    auto* editor = frame.open_record(data.first_of("eia"));
    REQUIRE(editor != nullptr);
    auto* one = frame.show_pictures();
    REQUIRE(one != nullptr);
    CHECK(one->view_count() > 0);
    CHECK(notebook->GetPageText(static_cast<std::size_t>(notebook->GetSelection())) ==
          "Pictures: " + wxString::FromUTF8(editor->session().title()));
    CHECK(notebook->GetPageCount() == pages + 3);
}

TEST_CASE("export from the app: after a refusal the dialog stays open with its settings and says why; it opens "
          "again as it was left, in this run and the next", "[export]") {
    REQUIRE(formwork::test::wx_started());
    Samples data;
    // A draft motion a submission's schema refuses: no mover, seconder or text yet.
    const auto motion = data.registry.latest("motion");
    auto unfinished = forms::new_record(*motion, "export-test", "2023-10-09T09:00:00Z");
    unfinished.instance().child("title").text().set("Climate emergency");
    data.store->create(*motion, unfinished, "export-test");
    Shell shell(data);
    const auto settings = data.folder.path() / "config" / "preferences.ini";
    shell.frame->use_preferences(formwork::ui::PreferencesFile(settings), {});

    const auto out = data.folder.make_subfolder("returns");
    ExportRequest wanted;
    wanted.format = "xml";
    wanted.layout = "wide";
    wanted.scope = ExportScope::date_range;
    wanted.modified_from = "2000-01-01";
    wanted.modified_to = "2099-12-31";
    wanted.include_drafts = true;
    wanted.collection = {"Council questions", "2023", "2023-12-01"};
    wanted.output = out / "return.xml";

    using Answerer = formwork::test::DialogAnswerer;
    const auto export_dialog = [] { return dynamic_cast<formwork::ui::ExportDialog*>(Answerer::shown_dialog("export dialog")); };
    Answerer answerer;
    ExportRequest after_refusal;
    std::string refusal, finished;
    bool still_modal = false;
    answerer.then([&] {
        auto* dialog = export_dialog();
        if (dialog == nullptr || !dialog->IsModal()) return false;
        dialog->set_request(wanted);
        Answerer::press_later(*dialog->FindWindow(wxID_OK));
        return true;
    });
    // Refused: the dialog is still there, as it was, and says why in itself.
    answerer.then([&] {
        auto* dialog = export_dialog();
        if (dialog == nullptr || dialog->refusal_text() == nullptr || !dialog->refusal_text()->IsShown()) return false;
        still_modal = dialog->IsModal();
        after_refusal = dialog->request();
        refusal = dialog->refusal_text()->GetValue().utf8_string();
        formwork::test::save_checked_screenshot(*dialog, "export-dialog-refusal.png", 5, 4);
        // Leave the draft out this time: the rest is written, and the message lists it.
        dialog->skip_invalid_box()->SetValue(true);
        Answerer::press_later(*dialog->FindWindow(wxID_OK));
        return true;
    });
    answerer.then(Answerer::answer_message_box(GTK_RESPONSE_NO, finished));
    shell.frame->export_records();  // File > Export... (Ctrl+E)
    CHECK(answerer.done());

    INFO("refused with: " << refusal);
    CHECK(still_modal);
    CHECK(refusal.find(unfinished.meta.id) != std::string::npos);
    CHECK(refusal.find("Climate emergency") != std::string::npos);
    CHECK(refusal.find("motion-text") != std::string::npos);
    CHECK(refusal.find("Leave out records that are not valid") != std::string::npos);
    CHECK(after_refusal.format == wanted.format);
    CHECK(after_refusal.scope == wanted.scope);
    CHECK(after_refusal.modified_from == wanted.modified_from);
    CHECK(after_refusal.modified_to == wanted.modified_to);
    CHECK(after_refusal.include_drafts);
    CHECK(after_refusal.collection.collection == wanted.collection.collection);
    CHECK(after_refusal.collection.year == wanted.collection.year);
    CHECK(after_refusal.output == wanted.output);
    INFO("finished with: " << finished);
    CHECK(finished.find("Exported") != std::string::npos);
    CHECK(finished.find("left out") != std::string::npos);
    CHECK(finished.find(unfinished.meta.id) != std::string::npos);
    REQUIRE(std::filesystem::exists(wanted.output));
    CHECK(read_text(wanted.output).find(unfinished.meta.id) == std::string::npos);

    // Opened again, it is as it was left: the scope, the format, the layout and the folder.
    const auto check_opens_as_left = [&](const formwork::ui::ExportRequest& opened) {
        CHECK(opened.format == "xml");
        CHECK(opened.layout == "wide");
        CHECK(opened.scope == ExportScope::date_range);
        CHECK(opened.output.parent_path() == out);
        CHECK(opened.output.extension() == ".xml");
    };
    ExportRequest reopened;
    answerer.then([&] {
        auto* dialog = export_dialog();
        if (dialog == nullptr || !dialog->IsModal()) return false;
        reopened = dialog->request();
        Answerer::press_later(*dialog->FindWindow(wxID_CANCEL));
        return true;
    });
    shell.frame->export_records();
    CHECK(answerer.done());
    check_opens_as_left(reopened);

    // And in the next run, from the preferences file.
    wxString problems;
    const auto kept = formwork::ui::PreferencesFile(settings).load(problems);
    CHECK(problems.empty());
    CHECK(kept.last_export.format == "xml");
    CHECK(kept.last_export.scope == "date-range");
    formwork::test::ShellWindow next_run(data);
    next_run.frame->use_preferences(formwork::ui::PreferencesFile(settings), kept);
    auto* dialog = new formwork::ui::ExportDialog(next_run.frame, data.registry, next_run.frame->export_context());
    check_opens_as_left(dialog->request());
    // Leaving records out is for submissions; codes for workbooks and CSV.
    CHECK(dialog->skip_invalid_box()->IsEnabled());
    CHECK_FALSE(dialog->codes_box()->IsEnabled());
    ExportRequest codes;
    codes.format = "csv";
    codes.form = "motion";
    codes.choice_codes = true;
    codes.skip_invalid = true;
    dialog->set_request(codes);
    CHECK(dialog->codes_box()->IsEnabled());
    CHECK_FALSE(dialog->skip_invalid_box()->IsEnabled());
    const auto options = formwork::ui::export_options_for(dialog->request());
    CHECK(options.choice_codes);
    CHECK_FALSE(options.skip_invalid);
    dialog->Destroy();
    settle(5);
}
