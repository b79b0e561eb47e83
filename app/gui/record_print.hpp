// Printing one record, laid out like the paper form: print preview and printing through
// wxWidgets' HTML printing (wxHtmlEasyPrinting), and saving the same document as an HTML
// file. The document itself is the engine's (exporters/html/record_document.hpp); this is
// only the glue to wx. See docs/printing.md.
#pragma once

#include <html/record_document.hpp>

#include <formwork/model/definition.hpp>
#include <formwork/model/record.hpp>

#include <wx/string.h>

#include <filesystem>
#include <memory>
#include <string>

class wxHtmlEasyPrinting;
class wxWindow;

namespace formwork::ui {

class RecordPrinter {
public:
    // `parent`: the window dialogs and the preview belong to, until a call names another.
    explicit RecordPrinter(wxWindow* parent = nullptr);
    ~RecordPrinter();
    RecordPrinter(const RecordPrinter&) = delete;
    RecordPrinter& operator=(const RecordPrinter&) = delete;

    // What the document includes: the council's name, unpublished parts, how references
    // are named. Set once (the main window: from the profile and the store), used by all.
    exporters::RecordDocumentOptions& options() noexcept { return options_; }

    // The document as wxHtmlWindow and the preview read it (Target::wx_html): without the
    // browsers' CSS, and long words broken onto lines.
    wxString record_html(const forms::FormDefinition& form, const forms::Record& record) const;

    // Opens wx's print preview of the record (A4, the title and page numbers in the
    // footer), from which it can be printed. False when it could not be opened (no printer
    // system); wx has then told the person.
    bool preview(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent);
    // Prints, through the print dialog.
    bool print(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent);
    // Opens the page setup dialog (paper and margins) for later previews and prints.
    void page_setup(wxWindow* parent);

    // Writes the document, with its CSS for browsers, to `path` whole or not at all. False,
    // with the reason naming the file in `error`, when it could not be written, or when `path`
    // is the open database at `database` or a file SQLite keeps beside it (nothing written).
    bool save_html(const forms::FormDefinition& form, const forms::Record& record, const std::filesystem::path& path,
                   wxString& error, const std::string& database) const;
    // "File > Save as HTML...": asks where (suggesting a name made from the record's title),
    // saves, and reports a failure in a message box. False when cancelled or failed.
    bool save_html_as(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent,
                      const std::string& database);
    // A file name made from the record's title (exporters::record_document_file_name).
    wxString suggested_file_name(const forms::FormDefinition& form, const forms::Record& record) const;

    wxHtmlEasyPrinting& easy_printing() noexcept { return *printing_; }

private:
    void prepare(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent);

    exporters::RecordDocumentOptions options_;
    std::unique_ptr<wxHtmlEasyPrinting> printing_;
};

}  // namespace formwork::ui
