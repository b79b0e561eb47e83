#include <formwork/archive/guarded_archive.hpp>
