/// What a person can do about a refused request, said without any front's words. The CLI words it with its
/// commands and options, the console with its screens and keys, each in its own text table; `advice` is the
/// one kind that reads the same everywhere ("choose a shorter name").
public enum Remedy: Sendable, Hashable {
    case advice(String)
    /// Choose one that exists; the list of them shows which.
    case see(Listing)
    /// Choose a tenant that exists, or the infrastructure tenant by this name.
    case seeTenantsOrUse(String)
    /// Use a tenant that exists, or add the one named (empty: no name was given).
    case useOrAddTenant(String)
    /// Name users that exist, separated by this.
    case useExistingUserIDs(separator: String)
    /// Look at the job's servers or its state.
    case showJob(Int64, JobDetail)
    /// Give the input a non-empty value.
    case fillIn(Input)
    /// Give the input a value (a tenant admin or tenant user needs a tenant).
    case add(Input)
    /// A tenant is only for tenant roles: leave it out or choose the dual-role admin.
    case leaveOutTenantOrChooseDualAdmin
    /// A job runs for a user: name one.
    case nameJobOwner
    /// Start later, or now.
    case laterStartOrNow
    /// Leave out the patches or servers that need nothing; the patch status shows what each server needs.
    case leaveOutNotNeeded
    /// Use a patch the CMDB knows, or refresh the patch information from WSUS first.
    case knownPatchOrRefresh
    /// The name is taken: choose another, or change the existing one.
    case chooseAnotherOrUpdate(Entity)
    /// The servers a user owns need another owner before the user can go or change.
    case reassignServers
    /// A tenant with users or servers cannot go.
    case emptyTenant
    /// The session's user changed; log in again.
    case logInAgain

    public enum Listing: Sendable, Hashable { case tenants, users, servers, jobs, deadMail }
    public enum JobDetail: Sendable, Hashable { case servers, state }
    public enum Entity: Sendable, Hashable { case user, tenant, server }
    /// The inputs a remedy names; each front knows how it asks for them (an option, a field).
    public enum Input: Sendable, Hashable { case name, newName, tenant }
}
