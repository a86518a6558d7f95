import Foundation
import PatchbayCore

/// A WSUS server discovery can read. The live one speaks ApiRemoting30 through the adapter; tests may
/// substitute another only for pure logic.
public protocol WSUSSource: Sendable {
    var name: String { get }
    var url: String { get }
    /// Reads the server. `stored` lets the source skip what cannot have changed (install states of
    /// computers whose summaries did not move, supersedence of unchanged updates).
    func fetch(stored: CatalogSnapshot) async throws -> CatalogSnapshot
}
