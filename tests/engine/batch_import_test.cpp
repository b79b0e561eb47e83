// A text read into several records (SDK 1.9, import_records), through the fixture plugin
// fixture_batch_import and a real store: new records and new revisions saved, what a plugin may
// not write refused by name, and a locked record refused until it is reopened.
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/host/form_registry.hpp>
#include <formwork/host/plugin_host.hpp>
#include <formwork/host/text_import.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

struct Fixture {
    forms::PluginHost host;
    std::unique_ptr<forms::FormRegistry> registry;
    test::TempFolder folder;
    std::unique_ptr<forms::RecordStore> store;

    Fixture() {
        const std::string dir = FORMWORK_FIXTURE_PLUGIN_DIR;
        // fixture_bad_views brings a form ("wonky") of another plugin's, which this one must not write.
        host.load(forms::PluginSearchPath{{dir + "/fixture_batch_import.so", dir + "/fixture_bad_views.so"}});
        registry = std::make_unique<forms::FormRegistry>();
        registry->add_plugin_forms(host);
        store = test::make_test_store(folder.path());
    }

    forms::BatchImport read(const std::string& text) {
        return forms::import_batch(*registry, "batch-lines", text, "notes.txt", "clerk", "2024-01-02T10:00:00Z",
                                   {{}, &store->query()}, [this](const std::string& id) { return store->load(id); });
    }
};

std::string describe(const forms::Diagnostics& diagnostics) {
    std::string out;
    for (const auto& diagnostic : diagnostics) out += diagnostic.format() + "\n";
    return out;
}

std::string value(const forms::Record& record, const char* field) {
    return record.instance().child(field).text().get();
}

}  // namespace

TEST_CASE("a text read as several records makes new ones, and a new revision of a stored one") {
    Fixture fixture;
    auto first = fixture.read("new First note\nnew Second note\n");
    INFO(describe(first.diagnostics));
    REQUIRE(first.records.size() == 2);
    for (auto& item : first.records) {
        INFO(describe(item.diagnostics));
        REQUIRE(item.record);
        CHECK(item.updates.empty());
        fixture.store->create(*item.form, *item.record, "clerk", {{}, 0, {}, "notes.txt"});
    }
    const auto id = first.records[0].record->meta.id;
    // Something the text never gives stays as the store has it.
    auto stored = *fixture.store->load(id);
    stored.instance().child("kept").text().set("typed in the window");
    fixture.store->update(*first.records[0].form, stored, 1, "clerk");

    auto again = fixture.read("update " + id + " First note, retitled\n");
    REQUIRE(again.records.size() == 1);
    auto& item = again.records[0];
    INFO(describe(item.diagnostics));
    REQUIRE(item.record);
    CHECK(item.updates == id);
    CHECK(value(*item.record, "title") == "First note, retitled");
    CHECK(value(*item.record, "kept") == "typed in the window");
    fixture.store->update(*item.form, *item.record, 2, "clerk", {{}, 0, {}, "notes-2.txt"});
    CHECK(item.record->meta.revision == 3);

    // The audit entry says it was imported, from which file, and what changed.
    const auto history = fixture.store->history(id);
    REQUIRE(history.size() == 3);
    CHECK(history.front().action == "import");
    const auto& entry = history.back();
    CHECK(entry.action == "import");
    REQUIRE(entry.changes.size() == 2);
    CHECK(entry.changes[0].path == "meta/imported-from");
    CHECK(entry.changes[0].new_value == "notes-2.txt");
    CHECK(entry.changes[1].path == "title");
    CHECK(entry.changes[1].old_value == "First note");
    CHECK(entry.changes[1].new_value == "First note, retitled");
}

TEST_CASE("a record the plugin may not write is refused by name, and the others are read") {
    Fixture fixture;
    auto read = fixture.read("foreign wonky\nmissing no-such-record\nforeign batch-nothing\nnew Fine\n");
    INFO(describe(read.diagnostics));
    REQUIRE(read.records.size() == 4);
    CHECK_FALSE(read.records[0].record);
    CHECK_THAT(describe(read.records[0].diagnostics),
               Contains("(line 1) of form 'wonky', which is not one of its forms") && Contains("fixture-batch-import"));
    CHECK_FALSE(read.records[1].record);
    CHECK_THAT(describe(read.records[1].diagnostics), Contains("updates record no-such-record (line 2), which is not stored"));
    CHECK_FALSE(read.records[2].record);
    CHECK_THAT(describe(read.records[2].diagnostics), Contains("'batch-nothing'"));
    REQUIRE(read.records[3].record);
    CHECK(value(*read.records[3].record, "title") == "Fine");
}

TEST_CASE("a text the plugin cannot read is refused at the place it names") {
    Fixture fixture;
    const auto read = fixture.read("unreadable\n");
    CHECK(read.records.empty());
    REQUIRE(forms::has_errors(read.diagnostics));
    CHECK_THAT(describe(read.diagnostics), Contains("notes.txt:1:1") && Contains("not batch lines"));
}

TEST_CASE("a new revision of a locked record is refused, and saved once reopened with a reason") {
    Fixture fixture;
    auto first = fixture.read("new Minutes\n");
    REQUIRE(first.records.size() == 1);
    auto& made = first.records[0];
    REQUIRE(made.record);
    fixture.store->create(*made.form, *made.record, "clerk");
    const auto id = made.record->meta.id;
    const auto& form = *made.form;
    const auto locked_status = form.lifecycle.statuses.at(1).id;
    REQUIRE(form.lifecycle.locks(locked_status));
    REQUIRE(fixture.store->set_status(form, id, locked_status, 1, "clerk").changed);

    auto again = fixture.read("update " + id + " Minutes, corrected\n");
    REQUIRE(again.records.size() == 1);
    auto& item = again.records[0];
    REQUIRE(item.record);
    CHECK_THROWS_WITH(fixture.store->update(form, *item.record, 2, "clerk", {{}, 0, {}, "notes.txt"}),
                      Contains("--reopen REASON"));
    CHECK(value(*fixture.store->load(id), "title") == "Minutes");

    fixture.store->update(form, *item.record, 2, "clerk", {{}, 0, "the committee system corrected it", "notes.txt"});
    const auto saved = fixture.store->load(id);
    CHECK(value(*saved, "title") == "Minutes, corrected");
    CHECK(saved->meta.status == form.lifecycle.initial());
}
