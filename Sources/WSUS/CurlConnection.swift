import CCurl
import Foundation

/// One libcurl easy handle per WSUS server, reused for every call so the NTLM-authenticated keep-alive
/// connection survives between requests (docs/wsus-protocol.md §3.1). Calls are serialized on a private queue:
/// a handle must never be used by two threads at once, and NTLM forbids pipelining anyway.
final class CurlConnection: @unchecked Sendable {
    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    private let settings: WSUSConnectionSettings
    private let handle: UnsafeMutableRawPointer
    private let queue: DispatchQueue
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    let spool: ResponseSpool

    init(settings: WSUSConnectionSettings) throws {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw WSUSError(kind: .unreachable, message: "libcurl could not create a connection handle", fix: "check the libcurl installation")
        }
        self.settings = settings
        self.handle = handle
        do {
            spool = try ResponseSpool()
        } catch {
            curl_easy_cleanup(handle)
            throw error
        }
        self.queue = DispatchQueue(label: "patchbay.wsus.\(settings.name)")
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure()
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    private func configure() {
        pb_setopt_string(handle, CURLOPT_URL, settings.serviceURL)
        pb_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        pb_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        pb_setopt_long(handle, CURLOPT_TIMEOUT, settings.timeoutSeconds)
        pb_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, 30)
        pb_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        // Any encoding libcurl can decode (gzip, deflate): catalog responses shrink a lot.
        pb_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        let auth: Int
        switch settings.authentication {
        case .ntlm: auth = pb_auth_ntlm()
        case .negotiate: auth = pb_auth_negotiate()
        case .basic: auth = pb_auth_basic()
        }
        pb_setopt_long(handle, CURLOPT_HTTPAUTH, auth)
        pb_setopt_string(handle, CURLOPT_USERNAME, settings.username)
        pb_setopt_string(handle, CURLOPT_PASSWORD, settings.password)
        if let caFile = settings.caFile { pb_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        pb_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        pb_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
    }

    /// POSTs a SOAP envelope; the response body is streamed into a private spool file the caller reads and removes.
    func post(operation: String, envelope: String) async throws -> (status: Int, file: String) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.perform(operation: operation, envelope: envelope) })
            }
        }
    }

    private func perform(operation: String, envelope: String) throws -> (status: Int, file: String) {
        let (file, path) = try spool.newFile()
        var headers: UnsafeMutablePointer<curl_slist>?
        headers = curl_slist_append(headers, "Content-Type: text/xml; charset=utf-8")
        headers = curl_slist_append(headers, "SOAPAction: \"http://www.microsoft.com/SoftwareDistribution/Server/ApiRemotingWebService/\(operation)\"")
        headers = curl_slist_append(headers, "Expect:")
        defer { curl_slist_free_all(headers) }
        pb_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
        pb_setopt_long(handle, CURLOPT_POST, 1)
        pb_setopt_long(handle, CURLOPT_POSTFIELDSIZE, envelope.utf8.count)
        pb_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, envelope)
        pb_setopt_file(handle, CURLOPT_WRITEDATA, file)
        errorBuffer[0] = 0
        let code = curl_easy_perform(handle)
        fclose(file)
        pb_setopt_file(handle, CURLOPT_WRITEDATA, nil)
        guard code == CURLE_OK else {
            unlink(path)
            throw error(for: code)
        }
        var status = 0
        pb_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return (status, path)
    }

    private func error(for code: CURLcode) -> WSUSError {
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        let server = "\(settings.name) (\(settings.serviceURL))"
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return WSUSError(kind: .timeout, message: "\(server) did not answer within \(settings.timeoutSeconds) s: \(detail)",
                             fix: "raise timeout_seconds for this WSUS, or run discovery when WSUS is less busy (do not retry at once: WSUS may still be working)")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return WSUSError(kind: .unreachable, message: "cannot reach \(server): \(detail)",
                             fix: "check the url (host and port, usually 8530 for http and 8531 for https) and that WSUS is running")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return WSUSError(kind: .tls, message: "TLS with \(server) failed: \(detail)",
                             fix: "give the CA that signed the WSUS certificate as ca_file, and use the host name the certificate names")
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR:
            return WSUSError(kind: .connectionDropped, message: "\(server) dropped the connection in the middle of a response: \(detail)",
                             fix: "check WSUS and IIS health (the WsusPool application pool may have recycled), then run discovery again")
        default:
            return WSUSError(kind: .unreachable, message: "talking to \(server) failed: \(detail)", fix: "check the url, proxy settings and network")
        }
    }
}
