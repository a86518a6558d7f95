import PatchbayCore

/// The CLI's words for what to do about a refusal: its commands and options.
enum RemedyText {
    static func words(_ remedy: Remedy) -> String {
        switch remedy {
        case .advice(let text): return text
        case .see(let listing): return "see the \(noun(listing)) with '\(command(listing))'"
        case .seeTenantsOrUse(let name): return "see the tenants with 'patchbay tenant list', or use '\(name)'"
        case .useOrAddTenant(let name):
            return "use a tenant from 'patchbay tenant list', or add it with 'patchbay tenant add --name \(name.isEmpty ? "NAME" : name)'"
        case .useExistingUserIDs(let separator): return "use ids from 'patchbay user list', separated by '\(separator)'"
        case .showJob(let id, .servers): return "see its servers with 'patchbay job show \(id)'"
        case .showJob(let id, .state): return "see the job's state with 'patchbay job show \(id)'"
        case .fillIn(let input): return "give \(option(input)) a non-empty value"
        case .add(let input): return "add \(option(input)) NAME"
        case .leaveOutTenantOrChooseDualAdmin: return "leave out --tenant, or choose role dual-admin"
        case .nameJobOwner: return "name the user the job runs for with --user"
        case .laterStartOrNow: return "give a later time, or leave out --at to start now"
        case .leaveOutNotNeeded: return "leave out those patches or servers; 'patchbay patch info --server NAME' shows what each server needs"
        case .knownPatchOrRefresh: return "use a KB or UpdateID from 'patchbay patch info', or run 'patchbay update-info --repository' first"
        case .chooseAnotherOrUpdate(.user): return "choose another id, or use 'patchbay user update'"
        case .chooseAnotherOrUpdate(.tenant): return "choose another name, or use 'patchbay tenant update'"
        case .chooseAnotherOrUpdate(.server): return "choose a unique name, or change the existing server with 'patchbay server update'"
        case .reassignServers: return "give those servers another owner ('patchbay server update NAME --owner OTHER') first"
        case .emptyTenant: return "delete or move its users ('patchbay user delete') and servers ('patchbay server delete') first"
        case .logInAgain: return "log in again; an administrator can say what changed ('patchbay user list')"
        }
    }

    static func option(_ input: Remedy.Input) -> String {
        switch input {
        case .name: return "--name"
        case .newName: return "--new-name"
        case .tenant: return "--tenant"
        }
    }

    /// The option a server's value is given with (`server add`, `server update`).
    static func option(_ column: ServerColumn) -> String {
        switch column {
        case .ipAddress: return "--ip"
        case .serverName: return "--name"
        case .tenant: return "--tenant"
        case .owner: return "--owner"
        case .hostName: return "--host-name"
        case .osName: return "--os-name"
        case .wsusComputerName: return "--wsus-computer-name"
        case .timeZone: return "--time-zone"
        }
    }

    private static func noun(_ listing: Remedy.Listing) -> String {
        switch listing {
        case .tenants: return "tenants"
        case .users: return "users"
        case .servers: return "servers"
        case .jobs: return "jobs"
        case .deadMail: return "dead mail"
        }
    }

    private static func command(_ listing: Remedy.Listing) -> String {
        switch listing {
        case .tenants: return "patchbay tenant list"
        case .users: return "patchbay user list"
        case .servers: return "patchbay server list"
        case .jobs: return "patchbay job list"
        case .deadMail: return "patchbay mail list --state dead"
        }
    }
}
