#ifndef FIELDCASE_CREADLINE_SHIM_H
#define FIELDCASE_CREADLINE_SHIM_H
#include <stdio.h>
#include <sys/types.h>
#include <readline/readline.h>
#include <readline/history.h>

/* readline keeps its settings in global variables; Swift 6 refuses to touch C globals
   directly, so the shell sets them through these functions, from one thread. */

static inline void fc_readline_configure(rl_completion_func_t *completion) {
    rl_readline_name = "fieldcase";
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_attempted_completion_function = completion;
    /* Tab after a completed common prefix lists the candidates at once, as a second Tab does in bash:
       without it readline only rings the bell and waits for a third. */
    rl_variable_bind("show-all-if-unmodified", "on");
}

/* whole_line: the completion word is the entire line (answers such as a procedure's name). */
static inline void fc_readline_word_mode(int whole_line) {
    rl_completer_word_break_characters = whole_line ? "" : " \t\n\"'";
    rl_completion_append_character = whole_line ? '\0' : ' ';
}

static inline void fc_readline_completion_over(void) { rl_attempted_completion_over = 1; }

static inline const char *fc_readline_line_buffer(void) { return rl_line_buffer; }

static inline ssize_t fc_getline_stdin(char **line, size_t *capacity) { return getline(line, capacity, stdin); }

static inline void fc_write_stdout(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

#endif
