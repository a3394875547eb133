#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU and its encoding.h then includes ICU headers, which clash
   with Foundation's own ICU module in the same program. sheetpipe never touches the ICU fields
   of xmlCharEncodingHandler (only pointers to it), so leave them out of the Swift view. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

/// Swift 6 cannot use libxml2's `xmlFree` global function pointer; call it through this shim.
static inline void CLibXML2_free(void *pointer) { xmlFree(pointer); }

/// The external-entity loader sheetpipe installs: spreadsheet XML never needs one, so every
/// request (file, URL, DTD) is refused.
static xmlParserInputPtr CLibXML2_refuseExternalEntity(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

static inline void CLibXML2_installRefusingEntityLoader(void) {
    xmlSetExternalEntityLoader(CLibXML2_refuseExternalEntity);
}

/// Swift cannot call the variadic error callbacks; silence libxml2's generic error printing
/// (errors are read back through xmlCtxtGetLastError instead).
static void CLibXML2_ignoreGenericError(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void CLibXML2_silenceGenericErrors(xmlParserCtxtPtr ctxt) {
    xmlSetGenericErrorFunc(NULL, CLibXML2_ignoreGenericError);
    if (ctxt && ctxt->sax) {
        ctxt->sax->error = CLibXML2_ignoreGenericError;
        ctxt->sax->warning = CLibXML2_ignoreGenericError;
        ctxt->vctxt.error = CLibXML2_ignoreGenericError;
        ctxt->vctxt.warning = CLibXML2_ignoreGenericError;
    }
}
#endif
