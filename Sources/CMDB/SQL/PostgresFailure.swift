import Foundation
import NIOSSL
import PatchbayCore
import PostgresNIO

/// Turns PostgreSQL's errors into one message a person can act on, naming host, port, user and database.
enum PostgresFailure {
    static func wrap(_ error: any Error, settings: PostgresSettings) -> any Error {
        if error is PatchbayError { return error }
        let target = "PostgreSQL at \(settings.host):\(settings.port) (user \(settings.user), database \(settings.database))"
        guard let psql = error as? PSQLError else {
            if error is NIOSSLError || String(describing: error).contains("SSL") {
                return PatchbayError.fileError("cannot talk TLS with \(target): \(error)", fix: tlsFix(settings))
            }
            return error
        }
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            let said = psql.serverInfo?[.message] ?? "the server refused"
            switch state {
            case "28P01", "28000":
                return PatchbayError.fileError("\(target) refused the login: \(said)",
                                               fix: "check cmdb.postgres.password_file and that pg_hba.conf lets \(settings.user) in from this host")
            case "3D000":
                return PatchbayError.fileError("\(target) has no database \(settings.database)",
                                               fix: "create it (createdb -O \(settings.user) \(settings.database)) or name another in cmdb.postgres.url")
            case "40001", "40P01", "55P03":
                return PatchbayError(.conflict, "\(target) could not finish the change because another one conflicted: \(said)",
                                     fix: "run the command again")
            default:
                return PatchbayError(.unexpected, "\(target) refused a statement: \(said) (SQLSTATE \(state))",
                                     fix: "see the PostgreSQL server's log; a schema changed by hand must be restored")
            }
        case .sslUnsupported:
            return PatchbayError.fileError("\(target) does not offer TLS, but cmdb.postgres.tls is \(settings.tls.rawValue)", fix: tlsFix(settings))
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return PatchbayError.fileError("cannot talk TLS with \(target)", fix: tlsFix(settings))
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            let reason = psql.underlying.map { String(describing: $0) } ?? "the connection failed"
            if psql.underlying is NIOSSLError {
                return PatchbayError.fileError("cannot talk TLS with \(target): \(reason)", fix: tlsFix(settings))
            }
            return PatchbayError.fileError("cannot connect to \(target): \(reason)",
                                           fix: "check that the server runs and listens on \(settings.host):\(settings.port) (cmdb.postgres.url)")
        default:
            return PatchbayError(.unexpected, "\(target): \(psql)", fix: "see the PostgreSQL server's log")
        }
    }

    static func tlsFix(_ settings: PostgresSettings) -> String {
        switch settings.tls {
        case .disable: return "enable TLS on the server, or keep cmdb.postgres.tls: disable only on a trusted network"
        case .require: return "enable TLS on the server (ssl = on), or set cmdb.postgres.tls: disable on a trusted network"
        case .verifyFull: return "check cmdb.postgres.ca_file and that the server's certificate names \(settings.host)"
        }
    }

    /// The TLS settings for one connection and for the pool, from `cmdb.postgres.tls`.
    static func tls(_ settings: PostgresSettings) throws -> (connection: PostgresConnection.Configuration.TLS, client: PostgresClient.Configuration.TLS) {
        switch settings.tls {
        case .disable:
            return (.disable, .disable)
        case .require, .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            if settings.tls == .require {
                configuration.certificateVerification = .none
            } else if let ca = settings.caFile {
                do {
                    configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
                } catch {
                    throw PatchbayError.fileError("cannot read the certificate authority \(ca): \(error)", fix: "point cmdb.postgres.ca_file at a PEM file")
                }
            }
            let context: NIOSSLContext
            do {
                context = try NIOSSLContext(configuration: configuration)
            } catch {
                throw PatchbayError.fileError("cannot set up TLS for PostgreSQL: \(error)", fix: tlsFix(settings))
            }
            return (.require(context), .require(configuration))
        }
    }
}
