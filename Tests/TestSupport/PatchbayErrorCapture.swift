import PatchbayCore

/// The PatchbayError `body` throws, nil when it succeeds; any other error becomes an `unexpected` one.
public func patchbayError(_ body: () async throws -> Void) async -> PatchbayError? {
    do {
        try await body()
        return nil
    } catch let error as PatchbayError {
        return error
    } catch {
        return PatchbayError(.unexpected, "unexpected \(error)")
    }
}
