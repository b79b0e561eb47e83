#include <formwork/store/record_store.hpp>

#include <formwork/model/duplicate.hpp>

namespace formwork::forms {

Record duplicate_stored(RecordStore& store, const FormDefinition& form, const std::string& source_id, const std::string& user) {
    const auto source = store.load(source_id);
    if (!source) throw StoreError("no record " + source_id + " is stored; nothing was copied");
    if (source->meta.form_id != form.id)
        throw StoreError("record " + source_id + " is a " + source->meta.form_id + ", not a " + form.id);
    auto copy = duplicate_record(form, *source, user, utc_timestamp_now());
    SaveNote note;
    note.duplicated_from = source_id;
    store.create(form, copy, user, note);
    return copy;
}

}  // namespace formwork::forms
