#include <formwork/archive/xlsx_package.hpp>
