#include "CSignals.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
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

static struct termios echo_saved;
static volatile sig_atomic_t echo_fd = -1;
static const int echo_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_echo_signal(int number) {
    /* tcsetattr and _exit are async-signal-safe. */
    if (echo_fd >= 0) (void)tcsetattr(echo_fd, TCSANOW, &echo_saved);
    _exit(128 + number);
}

int pb_echo_guard_install(int fd) {
    struct sigaction action;
    if (tcgetattr(fd, &echo_saved) != 0) return -1;
    echo_fd = fd;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_echo_signal;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 3; i++) {
        if (sigaction(echo_signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

void pb_echo_guard_remove(void) {
    if (echo_fd >= 0) (void)tcsetattr(echo_fd, TCSANOW, &echo_saved);
    echo_fd = -1;
    for (int i = 0; i < 3; i++) signal(echo_signals[i], SIG_DFL);
}
