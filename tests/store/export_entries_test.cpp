// Exports in the audit log, through the store's interface on either backend: an export's
// entry holds who, when, the format, the scope, the ids written, the file and its SHA-256;
// each record it wrote lists it in its history, and no other record does; the chain covers
// it; erasing a record it wrote keeps it, and only the record's own entries get tombstones.
#include "form_fixtures.hpp"
#include "store_fixture.hpp"
#include "temp_folder.hpp"

#include <formwork/store/export_entry.hpp>

#include <catch2/catch.hpp>

#include <fstream>

using namespace formwork;
using Catch::Matchers::Contains;

namespace {

struct ExportEntriesFixture {
    test::TempFolder folder;
    forms::FormDefinitionPtr form = test::everything_form();
    std::unique_ptr<forms::RecordStore> store = test::make_test_store(folder.path());

    std::string stored(const std::string& title) {
        auto record = test::complete_everything_record(*form, title);
        store->create(*form, record, "author");
        return record.meta.id;
    }
};

forms::ExportFacts facts_for(const std::vector<std::string>& ids) {
    forms::ExportFacts facts;
    facts.format = "xlsx";
    facts.scope = "form everything; every status; 2 chosen records";
    facts.file = "/home/clerk/returns/q3 \"final\"\t.xlsx";  // quoting and escaping on the way
    facts.sha256 = forms::sha256_hex("the workbook's bytes");
    facts.bytes = 20;
    facts.record_ids = ids;
    return facts;
}

std::size_t exports_in(const std::vector<forms::AuditEntry>& history) {
    std::size_t count = 0;
    for (const auto& entry : history) count += entry.action == forms::export_action ? 1U : 0U;
    return count;
}

}  // namespace

TEST_CASE_METHOD(ExportEntriesFixture, "an export's entry holds what was written, where and its digest, and each record "
                                       "it wrote lists it in its history, no other does") {
    const auto first = stored("First");
    const auto second = stored("Second");
    const auto left_out = stored("Not exported");
    const auto before = store->verify_trail();
    REQUIRE(before.entries == 3);

    const auto entry = store->record_export(facts_for({second, first}), "clerk");
    CHECK(entry == 4);
    const auto after = store->verify_trail();
    CHECK(after.intact);
    CHECK(after.entries == 4);
    // The head a submission carries, from before its own entry, is found at the entry before.
    const auto found = store->verify_trail(before.head_digest);
    REQUIRE(found.head_found);
    CHECK(found.head_found->entry == 3);

    const auto exports = store->exports();
    REQUIRE(exports.size() == 1);
    CHECK(exports[0].sequence == 4);
    CHECK(exports[0].by == "clerk");
    CHECK_FALSE(exports[0].at.empty());
    CHECK(exports[0].facts.format == "xlsx");
    CHECK(exports[0].facts.scope == "form everything; every status; 2 chosen records");
    CHECK(exports[0].facts.file == "/home/clerk/returns/q3 \"final\"\t.xlsx");
    CHECK(exports[0].facts.sha256 == forms::sha256_hex("the workbook's bytes"));
    CHECK(exports[0].facts.bytes == 20);
    CHECK(exports[0].facts.record_ids == std::vector<std::string>{second, first});

    for (const auto& id : {first, second}) {
        const auto history = store->history(id);
        CHECK(exports_in(history) == 1);
        CHECK(history.back().action == forms::export_action);
        CHECK(history.back().sequence == 4);
    }
    CHECK(exports_in(store->history(left_out)) == 0);
}

TEST_CASE_METHOD(ExportEntriesFixture, "erasing an exported record keeps the export's entry whole, tombstones only the "
                                       "record's own entries, and the chain verifies") {
    const auto kept = stored("Kept");
    const auto erased = stored("Erased");
    store->record_export(facts_for({kept, erased}), "clerk");
    const auto report = test::make_test_records_manager_store(folder.path())->erase(erased, "records manager", "Request");
    CHECK(report.entries_erased == 1);  // its create entry; not the export's
    const auto check = store->verify_trail();
    CHECK(check.intact);
    REQUIRE(check.erased.size() == 1);
    CHECK(check.erased[0].sequence == 2);
    const auto exports = store->exports();
    REQUIRE(exports.size() == 1);
    CHECK(exports[0].facts.record_ids == std::vector<std::string>{kept, erased});
    CHECK(exports_in(store->history(kept)) == 1);
}

TEST_CASE("an export's changes read back as written, and changes that are not an export's read as none") {
    auto facts = facts_for({"a", "b", "c"});
    facts.format = "xml";
    facts.serial = 17;
    facts.audit_head = std::string(64, 'e');
    const auto back = forms::parse_export_changes(forms::decode_changes(forms::encode_changes(forms::export_changes(facts))));
    REQUIRE(back);
    CHECK(back->serial == 17);
    CHECK(back->audit_head == facts.audit_head);
    CHECK(back->record_ids == facts.record_ids);
    CHECK(back->file == facts.file);
    CHECK_FALSE(forms::parse_export_changes({{"title", "", "x"}}));
    CHECK_FALSE(forms::parse_export_changes({{"export/format", "", "xlsx"}, {"export/bytes", "", "many"},
                                             {"export/sha256", "", "ab"}}));
}

TEST_CASE("a file's digest is read a block at a time and matches the digest of its bytes") {
    test::TempFolder folder;
    const auto path = folder.path() / "file.bin";
    std::string bytes;
    for (int i = 0; i < 200000; ++i) bytes += static_cast<char>(i * 7);
    std::ofstream(path, std::ios::binary) << bytes;
    const auto digest = forms::digest_file(path);
    CHECK(digest.bytes == bytes.size());
    CHECK(digest.sha256 == forms::sha256_hex(bytes));
    CHECK_THROWS_WITH(forms::digest_file(folder.path() / "none"), Contains("cannot read") && Contains("none"));
}
