/* The floor for reading an XLSX sheet with these libraries: libzip inflates the sheet part and
   libxml2's SAX2 push parser parses it, with callbacks that only count elements. Single thread.
   Build: cc -O2 tools/bench/floor.c $(pkg-config --cflags --libs libzip libxml-2.0) -o /tmp/floor
   Run:   /tmp/floor bench-data/bench-100000-shared.xlsx [xl/worksheets/sheet1.xml] [push|pull|inflate] */
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <zip.h>

static long elements;
static void start(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns,
                  int na, int nd, const xmlChar **a) { elements++; }
static void end(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u) {}
static void chars(void *ctx, const xmlChar *c, int n) {}
static int readZip(void *context, char *buffer, int len) { return (int)zip_fread((zip_file_t *)context, buffer, len); }
static int closeZip(void *context) { return 0; }

int main(int argc, char **argv) {
    const char *part = argc > 2 ? argv[2] : "xl/worksheets/sheet1.xml";
    const char *mode = argc > 3 ? argv[3] : "push";
    int inflateOnly = strcmp(mode, "inflate") == 0;
    int err = 0;
    zip_t *z = zip_open(argv[1], ZIP_RDONLY, &err);
    if (!z) { fprintf(stderr, "open failed\n"); return 1; }
    zip_file_t *f = zip_fopen(z, part, 0);
    if (!f) { fprintf(stderr, "no part\n"); return 1; }
    xmlSAXHandler sax; memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC; sax.startElementNs = start; sax.endElementNs = end; sax.characters = chars;
    if (strcmp(mode, "pull") == 0) {
        /* The same SAX2 callbacks, the parser pulling its input through a read callback. */
        xmlParserCtxtPtr pull = xmlCreateIOParserCtxt(&sax, NULL, readZip, closeZip, f, XML_CHAR_ENCODING_NONE);
        xmlParseDocument(pull);
        xmlFreeParserCtxt(pull);
        zip_fclose(f); zip_discard(z);
        printf("pull: %ld elements\n", elements);
        return 0;
    }
    xmlParserCtxtPtr ctxt = inflateOnly ? NULL : xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, part);
    static char buffer[256 * 1024];
    long total = 0; zip_int64_t n;
    while ((n = zip_fread(f, buffer, sizeof buffer)) > 0) {
        total += n;
        if (ctxt) xmlParseChunk(ctxt, buffer, (int)n, 0);
    }
    if (ctxt) { xmlParseChunk(ctxt, NULL, 0, 1); xmlFreeParserCtxt(ctxt); }
    zip_fclose(f); zip_discard(z);
    printf("%ld bytes, %ld elements\n", total, elements);
    return 0;
}
