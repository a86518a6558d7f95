#ifndef PATCHBAY_CSIGNALS_H
#define PATCHBAY_CSIGNALS_H
/* Signal handling that is async-signal-safe: the handler only stores the signal number and writes one byte
   to a pipe the program polls. Swift code must not run inside a signal handler (it may allocate or lock). */

/* Installs the handler for each of `signals` (sigaction, SA_RESTART) and unblocks them in this thread;
   every caught signal writes a byte to `wake_fd` (which should be non-blocking). Returns 0, or -1 with errno. */
int pb_signals_install(int wake_fd, const int *signals, int count);

/* The most recent signal caught, or 0 when none has been. */
int pb_signals_last(void);

/* How many signals were caught since the handler was installed. */
long pb_signals_count(void);

/* For a password prompt with echo off: saves the terminal modes of `fd` and makes SIGINT, SIGTERM and SIGHUP
   restore them and end the process (exit status 128 + signal). Returns 0, or -1 with errno. */
int pb_echo_guard_install(int fd);

/* Restores the saved modes and the default actions of those signals. */
void pb_echo_guard_remove(void);
#endif
