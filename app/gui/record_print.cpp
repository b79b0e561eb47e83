// Print preview, printing and "Save as HTML" of one record (see record_print.hpp).
#include "record_print.hpp"

#include <formwork/model/atomic_file.hpp>
#include <formwork/store/database_files.hpp>

#include <wx/cmndata.h>
#include <wx/filedlg.h>
#include <wx/html/htmprint.h>
#include <wx/msgdlg.h>
#include <wx/window.h>

#include <string>

namespace formwork::ui {

namespace {

// Millimetres, as wx's page setup keeps margins.
constexpr int margin_side = 16;
constexpr int margin_top_bottom = 15;
constexpr int body_font_points = 10;

wxString escaped(const wxString& text) {
    wxString out;
    for (const auto c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

}  // namespace

RecordPrinter::RecordPrinter(wxWindow* parent) : printing_(std::make_unique<wxHtmlEasyPrinting>("Formwork", parent)) {
    auto* setup = printing_->GetPageSetupData();
    setup->GetPrintData().SetPaperId(wxPAPER_A4);
    setup->SetMarginTopLeft(wxPoint(margin_side, margin_top_bottom));
    setup->SetMarginBottomRight(wxPoint(margin_side, margin_top_bottom));
    printing_->GetPrintData()->SetPaperId(wxPAPER_A4);
    printing_->SetStandardFonts(body_font_points);
}

RecordPrinter::~RecordPrinter() = default;

wxString RecordPrinter::record_html(const forms::FormDefinition& form, const forms::Record& record) const {
    auto options = options_;
    options.target = exporters::RecordDocumentOptions::Target::wx_html;
    return wxString::FromUTF8(exporters::record_document(form, record, options));
}

void RecordPrinter::prepare(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent) {
    if (parent) printing_->SetParentWindow(parent);
    const auto title = wxString::FromUTF8(exporters::record_document_title(form, record, options_));
    printing_->SetName(title);  // the preview's caption and the print job's name
    printing_->SetHeader(wxEmptyString);
    printing_->SetFooter("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr><td><font size=\"-2\">" +
                         escaped(title) + "</font></td><td align=\"right\" width=\"20%\"><font size=\"-2\">Page @PAGENUM@ of "
                         "@PAGESCNT@</font></td></tr></table>");
}

bool RecordPrinter::preview(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent) {
    prepare(form, record, parent);
    return printing_->PreviewText(record_html(form, record));
}

bool RecordPrinter::print(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent) {
    prepare(form, record, parent);
    return printing_->PrintText(record_html(form, record));
}

void RecordPrinter::page_setup(wxWindow* parent) {
    if (parent) printing_->SetParentWindow(parent);
    printing_->PageSetup();
}

bool RecordPrinter::save_html(const forms::FormDefinition& form, const forms::Record& record, const std::filesystem::path& path,
                              wxString& error, const std::string& database) const {
    if (const auto named = forms::database_file_named(database, path)) {
        error = wxString::FromUTF8(path.string() + " is " + *named + " " + database +
                                   ": saving there would destroy its records and audit log. Nothing was written; "
                                   "choose another file.");
        return false;
    }
    const auto problem = forms::write_file_atomically(
        path, [&](pugi::xml_writer& out) { exporters::write_record_document(form, record, options_, out); });
    if (!problem) return true;
    error = wxString::FromUTF8(*problem);
    return false;
}

wxString RecordPrinter::suggested_file_name(const forms::FormDefinition& form, const forms::Record& record) const {
    return wxString::FromUTF8(exporters::record_document_file_name(form, record, options_));
}

bool RecordPrinter::save_html_as(const forms::FormDefinition& form, const forms::Record& record, wxWindow* parent,
                                 const std::string& database) {
    wxFileDialog dialog(parent, "Save as HTML", wxEmptyString, suggested_file_name(form, record),
                        "HTML documents (*.html)|*.html;*.htm", wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return false;
    wxString error;
    if (save_html(form, record, std::filesystem::path(dialog.GetPath().utf8_string()), error, database)) return true;
    wxMessageBox(error, "Save as HTML", wxOK | wxICON_ERROR, parent);
    return false;
}

}  // namespace formwork::ui
