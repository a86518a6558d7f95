#ifndef PATCHBAY_CCURSES_SHIM_H
#define PATCHBAY_CCURSES_SHIM_H
/* SwiftPM drops _XOPEN_SOURCE from pkg-config: without this every wide-character call vanishes. */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <stdio.h>
#include <langinfo.h>
#include <locale.h>
#include <wchar.h>
#include <curses.h>

int wcwidth(wchar_t c);

/* Swift 6 rejects the globals and macros; these accessors stand in for them. */
static inline WINDOW *pb_stdscr(void) { return stdscr; }
static inline FILE *pb_stdout(void) { return stdout; }
static inline FILE *pb_stdin(void) { return stdin; }
static inline int pb_lines(void) { return LINES; }
static inline int pb_cols(void) { return COLS; }
static inline int pb_colors(void) { return COLORS; }
static inline attr_t pb_a_bold(void) { return A_BOLD; }
static inline attr_t pb_a_reverse(void) { return A_REVERSE; }
static inline attr_t pb_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pb_a_dim(void) { return A_DIM; }
static inline attr_t pb_a_normal(void) { return A_NORMAL; }
static inline int pb_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int pb_key_resize(void) { return KEY_RESIZE; }
static inline int pb_err(void) { return ERR; }

/* Puts one cell: a character (UTF-8 already decoded to wchar_t) with attributes and a colour pair. */
static inline int pb_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    setcchar(&cell, text, attrs, pair, NULL);
    return mvadd_wch(y, x, &cell);
}
#endif
