// The only C the WSUS adapter needs: libcurl, with its variadic setopt/getinfo wrapped in typed
// functions because Swift cannot call C variadics.
#ifndef PATCHBAY_CCURL_SHIM_H
#define PATCHBAY_CCURL_SHIM_H
#include <curl/curl.h>
#include <stdio.h>

static inline CURLcode pb_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_setopt_file(CURL *handle, CURLoption option, FILE *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode pb_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline long pb_auth_ntlm(void) { return (long)CURLAUTH_NTLM; }
static inline long pb_auth_negotiate(void) { return (long)CURLAUTH_NEGOTIATE; }
static inline long pb_auth_basic(void) { return (long)CURLAUTH_BASIC; }
#endif
