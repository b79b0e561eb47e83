#include <formwork/exporters/workbook_import.hpp>
