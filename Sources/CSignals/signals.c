#include "CSignals.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t last_signal = 0;
static volatile sig_atomic_t caught = 0;
static volatile sig_atomic_t wake = -1;

static void on_signal(int number) {
    int saved = errno;
    last_signal = number;
    caught = caught + 1;
    if (wake >= 0) {
        char byte = (char)number;
        (void)write(wake, &byte, 1);
    }
    errno = saved;
}

int pb_signals_install(int wake_fd, const int *signals, int count) {
    struct sigaction action;
    sigset_t set;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigemptyset(&set);
    for (int i = 0; i < count; i++) {
        sigaddset(&action.sa_mask, signals[i]);
        sigaddset(&set, signals[i]);
    }
    wake = wake_fd;
    for (int i = 0; i < count; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

int pb_signals_last(void) { return last_signal; }

long pb_signals_count(void) { return caught; }
