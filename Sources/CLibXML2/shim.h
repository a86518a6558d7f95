// libxml2 built with ICU declares ICU converters in its headers, and those clash with the ICU copy Foundation
// ships. Patchbay never touches an encoding handler's insides (only pointers to them), so the ICU part of the
// headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
