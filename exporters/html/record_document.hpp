// One record as a printable document, laid out like the council's paper form: a
// self-contained HTML5 page (polyglot XHTML, so it parses as XML too) for attaching to a
// committee report. The shell shows it in print preview (wxHtmlEasyPrinting) and saves it
// as HTML; `formwork-cli print` writes it. See docs/printing.md.
//
// The document is built as a pugixml tree, so every text is escaped on the way out: a value
// that looks like a formula or like HTML is printed as the literal text it is. The essentials
// of the layout are HTML attributes (border, cellpadding, bgcolor, width, <font>), which
// wxHtmlWindow understands; the inline CSS (A4, margins, fonts) is extra, for browsers.
#pragma once

#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>

#include <pugixml.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace formwork::exporters {

struct RecordDocumentOptions {
    // Print what the council profile keeps out of exports (<unpublished>) too. Parts the
    // council has switched off, and fields that are not relevant, are never printed.
    bool include_unpublished = false;
    // Printed above the form's title, e.g. the profile's organisation name; empty: nothing.
    std::string organisation;
    // Who lays the document out. A browser (the saved file): an inline <style> for print
    // (A4, margins, type), and long words wrap where the browser likes. wxHtml (the shell's
    // print preview): no <style>, which wxHtml does not read, and a word too long for a
    // column (a web address) is broken onto lines after a '/' or the like, with <br />,
    // because wxHtml breaks lines only at spaces and cuts off what does not fit the page.
    enum class Target { browser, wx_html };
    Target target = Target::browser;
    // How a reference field names the record it points at (its title), given that record's
    // id; empty result or no function: the id is printed as it is.
    std::function<std::string(const std::string& record_id)> reference_title;
};

// Writes the document (UTF-8, no XML declaration, starting `<!DOCTYPE html>`) to `out`.
void write_record_document(const forms::FormDefinition& form, const forms::Record& record,
                           const RecordDocumentOptions& options, pugi::xml_writer& out);
// The same, as a string.
std::string record_document(const forms::FormDefinition& form, const forms::Record& record,
                            const RecordDocumentOptions& options = {});

// The title the document carries (<title>, and what a print preview or a file name may
// show): the record's title, then the form's; made from what the document prints.
std::string record_document_title(const forms::FormDefinition& form, const forms::Record& record,
                                  const RecordDocumentOptions& options = {});

// A file name for the document, made from the record's title as the document prints it:
// ASCII letters and digits, runs of anything else one hyphen, at most 80 characters, then
// ".html" ("Coventry-City-Councils-Youth-Justice-Strategy-and-Plan-2021-23-2022-Update.html").
// A record without a title of its own: the form's id and the start of the record's id.
std::string record_document_file_name(const forms::FormDefinition& form, const forms::Record& record,
                                      const RecordDocumentOptions& options = {});

// A date as the document prints it: "2023-09-05" is "5 September 2023". Text that is not an
// ISO date is returned as it is.
std::string uk_long_date(std::string_view iso_date);
// A stored timestamp as the document prints it: "2023-08-31T16:00:00Z" is
// "31 August 2023, 16:00 UTC". Other text is returned as it is.
std::string uk_timestamp(std::string_view timestamp);

}  // namespace formwork::exporters
