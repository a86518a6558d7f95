public protocol AuditRepository: Sendable {
    func append(_ record: AuditRecord) async throws
    /// One page of the log, newest last as a log reads: the records of `filter` whose ids are above `after`, at
    /// most `count` of them. With `filter.limit`, only the newest `limit` records of the filter are in the pages.
    func list(_ filter: AuditFilter, after: Int64, count: Int) async throws -> [AuditRecord]
}

extension AuditRepository {
    /// Every record of `filter`, newest last (for callers that want them all at once; `audit list` pages).
    public func list(_ filter: AuditFilter) async throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        try await forEachPage(filter) { records += $0 }
        return records
    }

    /// The records of `filter` a page at a time, newest last: a log of millions of records is never held at once.
    public func forEachPage(_ filter: AuditFilter, count: Int = 1_000, _ body: ([AuditRecord]) async throws -> Void) async throws {
        var after: Int64 = 0
        while true {
            let page = try await list(filter, after: after, count: count)
            // Records read back always have their id.
            guard let last = page.last?.id else { return }
            try await body(page)
            after = last
            if page.count < count { return }
        }
    }
}
