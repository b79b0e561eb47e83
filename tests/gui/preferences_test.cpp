// Preferences and databases in a real window under Xvfb: the settings file round-trips
// and reports its damaged lines by file and line; File > Recent databases and
// open_database move the window from one real SQLite file to another, saving the open
// records first; the Preferences dialog refuses what cannot be used, and the name it keeps
// is the name the audit log records.
#include "main_frame.hpp"
#include "preferences.hpp"
#include "preferences_dialog.hpp"
#include "problems_panel.hpp"
#include "record_editor.hpp"
#include "record_list_panel.hpp"
#include "shell_fixture.hpp"

#include <formwork/store/edit_session.hpp>
#include <formwork/model/record.hpp>

#include <catch2/catch.hpp>

#include <wx/menu.h>
#include <wx/statusbr.h>
#include <wx/textctrl.h>

#include <fstream>
#include <sstream>
#include <string>

namespace forms = formwork::forms;
using formwork::test::settle;
using formwork::ui::Preferences;
using formwork::ui::PreferencesFile;

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

// An EIA titled `title`, saved in `store`; returns its id.
std::string add_assessment(forms::FormRegistry& registry, forms::RecordStore& store, const std::string& title) {
    const auto form = registry.latest("eia");
    REQUIRE(form);
    auto record = forms::new_record(*form, "setup", forms::utc_timestamp_now());
    REQUIRE_FALSE(forms::set_value(*form, record, "title", title));
    store.create(*form, record, "setup");
    return record.meta.id;
}

std::vector<std::string> recent_labels(const formwork::ui::MainFrame& frame) {
    std::vector<std::string> labels;
    for (const auto* item : frame.recent_menu()->GetMenuItems())
        if (item->IsEnabled()) labels.push_back(item->GetItemLabelText().utf8_string());
    return labels;
}

void choose_recent(formwork::ui::MainFrame& frame, std::size_t position) {
    auto* item = frame.recent_menu()->FindItemByPosition(position);
    REQUIRE(item != nullptr);
    wxCommandEvent chosen(wxEVT_MENU, item->GetId());
    chosen.SetEventObject(&frame);
    frame.ProcessWindowEvent(chosen);
    settle(5);
}

}  // namespace

TEST_CASE("preferences: the settings file keeps every preference and the recent databases, and nothing secret",
          "[preferences]") {
    REQUIRE(formwork::test::wx_started());  // wxFileConfig asks wx where the user's files are
    formwork::test::TempFolder folder;
    const PreferencesFile file(folder.path() / "config" / "formwork" / "preferences.ini");

    Preferences preferences;
    preferences.database = wxString::FromUTF8("/srv/gov ernance/\xC3\xBCmlaut & 'quoted' = \"x\".db");
    preferences.user_name = wxString::FromUTF8("Si\xC3\xA2n O'Neill = clerk; [democratic services]");
    preferences.profile = FORMWORK_COVENTRY_PROFILE;
    for (int number = 1; number <= 10; ++number)
        CHECK(formwork::ui::remember_database(preferences, wxString::Format("/data/council-%d.db", number)));
    REQUIRE(preferences.recent_databases.size() == Preferences::recent_limit);
    CHECK(preferences.recent_databases.front() == "/data/council-10.db");
    CHECK(formwork::ui::remember_database(preferences, "/data/council-5.db"));  // again: to the front, once
    CHECK(preferences.recent_databases.front() == "/data/council-5.db");
    CHECK(std::count(preferences.recent_databases.begin(), preferences.recent_databases.end(), "/data/council-5.db") == 1);
    // A password is not kept in the settings file: libpq's password file is the place for it.
    CHECK_FALSE(formwork::ui::remember_database(preferences, "postgresql://clerk:s3cret@db.council.local/governance"));
    CHECK_FALSE(formwork::ui::remember_database(preferences, "host=db.council.local password=s3cret dbname=governance"));
    CHECK(formwork::ui::remember_database(preferences, "postgresql://clerk@db.council.local/governance"));

    wxString error;
    REQUIRE(file.save(preferences, error));
    CHECK(error.empty());
    const std::string text = read_text(file.path());
    CHECK(text.find("s3cret") == std::string::npos);

    wxString problems;
    const Preferences read = file.load(problems);
    CHECK(problems.empty());
    CHECK(read.database == preferences.database);
    CHECK(read.user_name == preferences.user_name);
    CHECK(read.profile == preferences.profile);
    CHECK(read.recent_databases == preferences.recent_databases);

    // No file yet: the defaults, and no complaint.
    const Preferences first_run = PreferencesFile(folder.path() / "none" / "preferences.ini").load(problems);
    CHECK(problems.empty());
    CHECK(first_run.database.empty());
    CHECK(first_run.recent_databases.empty());

    // A damaged file: what can be read is used; what cannot is named by file and line.
    const auto damaged = folder.path() / "damaged.ini";
    write_text(damaged, "[Database]\nLocation=/data/kept.db\n[You\nName=Somebody\n[Council] trailing words\n");
    const Preferences partly = PreferencesFile(damaged).load(problems);
    INFO(problems.utf8_string());
    CHECK(partly.database == "/data/kept.db");
    CHECK(problems.Contains("damaged.ini"));
    CHECK(problems.Contains("damaged.ini, line 3: a group heading without its closing ]"));
    CHECK(problems.Contains("line 5: words after a group heading"));
    CHECK(read_text(folder.path() / "damaged.ini.damaged").find("[Council] trailing words") != std::string::npos);

    // A folder that cannot be made: refused with the reason, and no file half-written.
    write_text(folder.path() / "a-file", "not a folder\n");
    const PreferencesFile unwritable(folder.path() / "a-file" / "preferences.ini");
    CHECK_FALSE(unwritable.save(preferences, error));
    CHECK(error.Contains("a-file"));
}

TEST_CASE("preferences: the window opens another database, saving its open records first, and goes back through "
          "Recent databases",
          "[preferences]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData first("first.db");
    const auto kept = add_assessment(first.registry, *first.store, "Mill Lane library closure");
    const auto second_path = first.folder.path() / "second.db";
    {
        auto second = forms::open_sqlite_store({second_path});
        add_assessment(first.registry, *second, "Leisure centre fees");
        add_assessment(first.registry, *second, "Ward boundary review");
    }
    formwork::test::ShellWindow shell(first);
    auto& frame = *shell.frame;
    const PreferencesFile file(first.folder.path() / "preferences.ini");
    frame.use_preferences(file, {}, {});
    REQUIRE(recent_labels(frame).size() == 1);
    CHECK(recent_labels(frame).front().find("first.db") != std::string::npos);
    CHECK(frame.record_list()->row_count() == 1);

    // A record open with a change not yet saved: switching saves it, then closes its tab.
    auto* editor = frame.open_record(kept);
    REQUIRE(editor != nullptr);
    REQUIRE_FALSE(editor->session().set_value("title", "Mill Lane library closure (revised)"));
    REQUIRE(frame.open_database(second_path.string()));
    settle(5);
    CHECK(frame.editors().empty());
    CHECK(frame.store().location() == second_path.string());
    CHECK(frame.record_list()->row_count() == 2);
    CHECK(frame.GetTitle().Contains("second.db"));
    CHECK(frame.GetStatusBar()->GetStatusText(1).Contains("second.db"));
    CHECK(forms::open_sqlite_store({first.database()})->load(kept)->meta.revision == 2);

    // The recent databases, latest first, in the menu and in the settings file.
    const auto labels = recent_labels(frame);
    REQUIRE(labels.size() == 2);
    CHECK(labels[0].find("second.db") != std::string::npos);
    CHECK(labels[1].find("first.db") != std::string::npos);
    wxString problems;
    CHECK(file.load(problems).recent_databases.size() == 2);

    // A database that cannot be opened: said, and the window stays where it was.
    CHECK_FALSE(frame.open_database((first.folder.path() / "no-such-folder" / "x.db").string()));
    CHECK(frame.store().location() == second_path.string());
    CHECK(recent_labels(frame).size() == 2);

    // Back to the first through File > Recent databases.
    choose_recent(frame, 1);
    CHECK(frame.store().location() == first.database().string());
    CHECK(frame.record_list()->row_count() == 1);

    // A recent database deleted since: taken off the list, and not made again, empty.
    std::filesystem::remove(second_path);
    REQUIRE(recent_labels(frame)[1].find("second.db") != std::string::npos);
    choose_recent(frame, 1);
    CHECK(frame.store().location() == first.database().string());
    CHECK_FALSE(std::filesystem::exists(second_path));
    CHECK(recent_labels(frame).size() == 1);
    CHECK(file.load(problems).recent_databases.size() == 1);
}

TEST_CASE("preferences: the dialog refuses what cannot be used, and the name it keeps is the audit log's",
          "[preferences]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data;
    formwork::test::ShellWindow shell(data);
    auto& frame = *shell.frame;
    const PreferencesFile file(data.folder.path() / "preferences.ini");
    frame.use_preferences(file, {}, "--db for this run");

    auto* dialog = new formwork::ui::PreferencesDialog(&frame, frame.preferences(), "--db for this run");
    dialog->Show();
    settle(5);
    CHECK(dialog->problems().empty());

    const auto bad_profile = data.folder.path() / "broken.profile.xml";
    write_text(bad_profile, "<profile xmlns=\"urn:formwork:profile\">\n  <organisation>Coventry\n</profile>\n");
    dialog->profile_text()->ChangeValue(bad_profile.string());
    wxString problems = dialog->problems();
    INFO(problems.utf8_string());
    CHECK(problems.Contains("broken.profile.xml"));
    CHECK(problems.Contains(":3"));
    dialog->profile_text()->ChangeValue(FORMWORK_COVENTRY_PROFILE);
    CHECK(dialog->problems().empty());

    dialog->database_text()->ChangeValue("relative.db");
    CHECK(dialog->problems().Contains("not a full path"));
    dialog->database_text()->ChangeValue((data.folder.path() / "missing" / "x.db").string());
    CHECK(dialog->problems().Contains("does not exist"));
    dialog->database_text()->ChangeValue(data.folder.path().string());
    CHECK(dialog->problems().Contains("is a folder"));
    const auto third = data.folder.path() / "third.db";
    dialog->database_text()->ChangeValue(third.string());
    dialog->user_text()->ChangeValue(wxString::FromUTF8("Si\xC3\xA2n Clerk"));
    CHECK(dialog->problems().empty());

    REQUIRE(frame.apply_preferences(dialog->chosen()));
    dialog->Destroy();
    settle(5);
    CHECK(frame.store().location() == third.string());
    CHECK(frame.user() == "Si\xC3\xA2n Clerk");
    const Preferences kept = file.load(problems);
    CHECK(kept.database == third.string());
    CHECK(kept.user_name == wxString::FromUTF8("Si\xC3\xA2n Clerk"));
    CHECK(kept.profile == FORMWORK_COVENTRY_PROFILE);

    // What is saved from now on carries the name, in the record and in the audit log.
    auto* editor = frame.new_record("eia");
    REQUIRE(editor != nullptr);
    REQUIRE_FALSE(editor->session().set_value("title", "Named by the preferences"));
    REQUIRE(editor->save_now());
    const auto history = frame.store().history(editor->record_id());
    REQUIRE_FALSE(history.empty());
    CHECK(history.back().by == "Si\xC3\xA2n Clerk");
    CHECK(editor->session().record().meta.modified_by == "Si\xC3\xA2n Clerk");
}

TEST_CASE("preferences: with a name set, the editor's rules read it as $user, also while a status change waits",
          "[preferences]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data;
    // A sign-off that only the person signing may make, and a note shown only to them.
    REQUIRE(data.registry.add_definition(R"(<form id="signed-off" version="1" title="Signed off">
  <section title="Sign-off">
    <field id="approver" type="text" label="Approved by"/>
    <field id="note" type="text" label="Note for the approver" relevant="$user = 'Si&#xE2;n Clerk'"/>
  </section>
  <rule id="signer" field="approver" from-status="complete" test="approver = $user">The approver must be you.</rule>
</form>)", "signed-off.form.xml"));
    formwork::test::ShellWindow shell(data);
    auto& frame = *shell.frame;
    const PreferencesFile file(data.folder.path() / "preferences.ini");
    frame.use_preferences(file, {}, "--db for this run");
    REQUIRE(forms::current_user() != "Si\xC3\xA2n Clerk");
    Preferences chosen = frame.preferences();
    chosen.user_name = wxString::FromUTF8("Si\xC3\xA2n Clerk");
    REQUIRE(frame.apply_preferences(chosen));

    auto* editor = frame.new_record("signed-off");
    REQUIRE(editor != nullptr);
    settle();
    CHECK(editor->is_shown("note"));

    // Refused with no approver; the refusal stays marked while the change waits.
    CHECK_FALSE(editor->change_status("complete"));
    CHECK(editor->marked_message("approver").Contains("must be you"));
    // The name typed is the name in Preferences: the waiting refusal clears.
    REQUIRE_FALSE(editor->session().set_value("approver", "Si\xC3\xA2n Clerk"));
    editor->refresh_from_session();
    settle();
    INFO(editor->marked_message("approver").utf8_string());
    CHECK(editor->marked_message("approver").empty());
    CHECK(editor->problems()->error_count() == 0);
    CHECK(editor->change_status("complete"));
    CHECK(editor->session().record().meta.status == "complete");
}

TEST_CASE("preferences: a database on a network share is warned of above the window, until a local one is opened",
          "[preferences]") {
    REQUIRE(formwork::test::wx_started());
    formwork::test::ShellData data;
    // An NFS share, as the mount table would list it: none can be mounted where tests run.
    const auto share = std::filesystem::weakly_canonical(data.folder.path()) / "share";
    std::filesystem::create_directories(share);
    const auto table = data.folder.path() / "mountinfo";
    write_text(table, "22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n"
                      "40 22 0:40 / " + share.string() + " rw shared:40 - nfs4 fileserver:/governance rw\n");
    data.store = forms::open_sqlite_store({share / "team.db", 2000, table});
    formwork::test::ShellWindow shell(data);
    auto& frame = *shell.frame;
    CHECK(frame.database_warning()->IsShown());

    REQUIRE(frame.open_database((data.folder.path() / "local.db").string()));
    settle(5);
    CHECK_FALSE(frame.database_warning()->IsShown());
}
