# Invoke-PatchbayAgent.ps1 - Patchbay's agent on a Windows business server (agent protocol 2).
#
# Patchbay's ssh agent runs this script through the Windows OpenSSH server:
#   ssh -T patchbay@SERVER powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass
#       -Command "& ([ScriptBlock]::Create([Console]::In.ReadToEnd()))"
# and writes to its standard input one line
#   $PatchbayRequestBase64 = '<base64 of the UTF-8 JSON request>'
# followed by this file. The request and the JSON lines this script writes are the contract of
# docs/agent-protocol.md: operations check, script, install, reboot; events hello, check, script, task,
# reboot-required, progress, result, done, reboot, error.
# The request travels base64-encoded because PowerShell ends a '...' string at any of ' and U+2018-U+201B: a
# KB number or a script holding one of them would otherwise run as code here. The line holds only the base64
# alphabet, and this file is ASCII, so the console's code page cannot change what PowerShell parses.
# Nothing has to be installed on the server besides OpenSSH.
#
# The Windows Update Agent refuses to download or install from a network logon (0x80070005), so the install
# runs in a one-shot scheduled task (as SYSTEM, or as this user with an S4U logon) that writes its progress and
# results to a file this session follows. The task survives the ssh connection: a later request with the same
# task name takes its results instead of installing again.

$ErrorActionPreference = 'Stop'
$PatchbayProtocol = 2
$PatchbayAgent = 'Invoke-PatchbayAgent.ps1 protocol 2'
$MaxLineChars = 65536
$MaxOutputChars = 65536
$TaskPath = '\Patchbay\'
# This whole text, request line included: the install task runs a copy of it.
$PatchbayScriptText = $MyInvocation.MyCommand.ScriptBlock.ToString()

function Read-Request {
    if (-not $PatchbayRequestBase64) { throw 'no request arrived: the first line must set $PatchbayRequestBase64' }
    [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($PatchbayRequestBase64)) | ConvertFrom-Json
}

function ConvertTo-EventLine([hashtable] $fields) {
    $line = $fields | ConvertTo-Json -Compress -Depth 4
    if ($line.Length -gt $MaxLineChars) {
        $line = (@{ event = 'error'; message = "an event of $($line.Length) characters was cut (limit $MaxLineChars)" } | ConvertTo-Json -Compress)
    }
    $line
}

function Write-Event([hashtable] $fields) {
    [Console]::Out.WriteLine((ConvertTo-EventLine $fields))
    [Console]::Out.Flush()
}

function Format-HResult([int] $code) { '0x{0:X8}' -f $code }

function Get-BootTime {
    (Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')
}

# Every place Windows records that it waits for a restart; installing is refused while any is set (0x80240016).
function Get-RebootReasons {
    $reasons = @()
    try { if ((New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired) { $reasons += 'wua' } } catch { }
    if (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') { $reasons += 'cbs' }
    if (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') { $reasons += 'wu' }
    $manager = Get-ItemProperty 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name PendingFileRenameOperations -ErrorAction SilentlyContinue
    if ($manager -and $manager.PendingFileRenameOperations) { $reasons += 'file-rename' }
    , $reasons
}

# After a restart the server answers ssh while servicing still configures updates: wait for it to finish.
function Test-Servicing {
    $sessions = Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\SessionsPending' -Name Exclusive -ErrorAction SilentlyContinue
    if ($sessions -and $sessions.Exclusive -ne 0) { return $true }
    $installer = Get-Service -Name TrustedInstaller -ErrorAction SilentlyContinue
    [bool] ($installer -and $installer.Status -eq 'StartPending')
}

function Invoke-Check {
    $service = Get-Service -Name wuauserv
    $os = Get-CimInstance Win32_OperatingSystem
    $reasons = Get-RebootReasons
    Write-Event @{ event = 'check'; ok = ($service.StartType -ne 'Disabled'); computer = $env:COMPUTERNAME
                   os = $os.Caption; boot_time = (Get-BootTime); reboot_pending = ($reasons.Count -gt 0); reboot_reasons = $reasons
                   servicing = (Test-Servicing); message = "Windows Update service is $($service.Status) ($($service.StartType))" }
}

function Invoke-OperatorScript {
    $block = [ScriptBlock]::Create($request.script)
    $global:LASTEXITCODE = 0
    try {
        $output = & $block 2>&1 | Out-String
        $code = if ($?) { $global:LASTEXITCODE } else { 1 }
    } catch {
        $output = $_ | Out-String
        $code = 1
    }
    $truncated = $output.Length -gt $MaxOutputChars
    if ($truncated) { $output = $output.Substring(0, $MaxOutputChars) }
    Write-Event @{ event = 'script'; exit_code = $code; output = $output; truncated = $truncated }
}

$guidPattern = '\A[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\z'

# Search criteria are a query language of their own: only a well-formed GUID may go into one. Patchbay
# checks this before sending; checking again here keeps a damaged request from reaching Windows Update.
function Assert-UpdateList {
    if ($request.updates.Count -lt 1 -or $request.updates.Count -gt 100) {
        throw "the request names $($request.updates.Count) update(s); 1 to 100 are allowed; nothing was installed"
    }
    if ($request.updates.Count -ne $request.kbs.Count) {
        throw "the request names $($request.updates.Count) update(s) but $($request.kbs.Count) KB(s); nothing was installed"
    }
    foreach ($id in $request.updates) {
        if (-not ($id -is [string] -and $id -match $guidPattern)) { throw "update id '$id' is not a GUID; nothing was installed" }
    }
    foreach ($kb in $request.kbs) {
        if (-not ($kb -is [string] -and ($kb -match '\AKB[0-9]{1,10}\z' -or $kb -match $guidPattern))) {
            throw "'$kb' is not a KB number; nothing was installed"
        }
    }
    if (-not ($request.task -is [string] -and $request.task -match '\A[A-Za-z0-9-]{1,64}\z')) {
        throw "the task name '$($request.task)' is not 1 to 64 letters, digits and hyphens; nothing was installed"
    }
}

function Get-TaskFolder { Join-Path $env:ProgramData ('Patchbay\' + $request.task) }

# The task's folder holds the request, the worker script and its progress: only SYSTEM and Administrators may
# read or change it.
function New-PrivateFolder([string] $path) {
    $null = New-Item -ItemType Directory -Force -Path $path
    $acl = New-Object System.Security.AccessControl.DirectorySecurity
    $acl.SetAccessRuleProtection($true, $false)
    foreach ($who in @('NT AUTHORITY\SYSTEM', 'BUILTIN\Administrators')) {
        $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($who, 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')))
    }
    Set-Acl -Path $path -AclObject $acl
}

function Start-InstallTask([string] $folder) {
    New-PrivateFolder $folder
    $request | ConvertTo-Json -Compress -Depth 4 | Set-Content -Path (Join-Path $folder 'request.json') -Encoding UTF8
    $worker = @{ protocol = $PatchbayProtocol; operation = 'install-worker'; updates = @($request.updates); kbs = @($request.kbs); task = $request.task }
    $line = "`$PatchbayRequestBase64 = '" + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(($worker | ConvertTo-Json -Compress -Depth 4))) + "'"
    $body = $PatchbayScriptText.Substring($PatchbayScriptText.IndexOf("`n") + 1)
    Set-Content -Path (Join-Path $folder 'worker.ps1') -Value ($line + "`n" + $body) -Encoding ASCII
    $shell = Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe'
    $action = New-ScheduledTaskAction -Execute $shell -Argument ('-NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + (Join-Path $folder 'worker.ps1') + '"')
    if ($request.run_as -eq 's4u') {
        $principal = New-ScheduledTaskPrincipal -UserId ([Security.Principal.WindowsIdentity]::GetCurrent().Name) -LogonType S4U -RunLevel Highest
    } else {
        $principal = New-ScheduledTaskPrincipal -UserId 'NT AUTHORITY\SYSTEM' -LogonType ServiceAccount -RunLevel Highest
    }
    $settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -ExecutionTimeLimit (New-TimeSpan -Hours 6)
    $null = Register-ScheduledTask -TaskName $request.task -TaskPath $TaskPath -Action $action -Principal $principal -Settings $settings -Force
    Start-ScheduledTask -TaskName $request.task -TaskPath $TaskPath
}

# Copies the task's new progress lines to standard output until it has written its finished marker.
function Watch-InstallTask([string] $folder) {
    $progress = Join-Path $folder 'progress.jsonl'
    $finished = Join-Path $folder 'finished'
    $relayed = 0
    $idleSince = Get-Date
    while ($true) {
        $done = Test-Path $finished
        if (Test-Path $progress) {
            $lines = @(Get-Content -Path $progress -Encoding UTF8)
            for ($i = $relayed; $i -lt $lines.Count; $i++) {
                $line = $lines[$i]
                if ($line.Length -gt $MaxLineChars) { $line = ConvertTo-EventLine @{ event = 'error'; message = 'a progress line was too long' } }
                [Console]::Out.WriteLine($line)
            }
            [Console]::Out.Flush()
            if ($lines.Count -gt $relayed) { $idleSince = Get-Date }
            $relayed = $lines.Count
        }
        if ($done) { return }
        $task = Get-ScheduledTask -TaskName $request.task -TaskPath $TaskPath -ErrorAction SilentlyContinue
        if (-not $task -or ($task.State -ne 'Running' -and $task.State -ne 'Queued' -and ((Get-Date) - $idleSince).TotalSeconds -gt 60)) {
            $last = if ($task) { Format-HResult (Get-ScheduledTaskInfo -InputObject $task).LastTaskResult } else { 'none' }
            throw "the install task $($request.task) ended without writing its results (last task result $last); see the Task Scheduler history"
        }
        Start-Sleep -Milliseconds 500
    }
}

function Remove-InstallTask([string] $folder) {
    Unregister-ScheduledTask -TaskName $request.task -TaskPath $TaskPath -Confirm:$false -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force -Path $folder -ErrorAction SilentlyContinue
    Write-Event @{ event = 'task'; name = $request.task; state = 'removed' }
}

function Invoke-Install {
    Assert-UpdateList
    $folder = Get-TaskFolder
    if (Test-Path (Join-Path $folder 'request.json')) {
        $stored = Get-Content -Path (Join-Path $folder 'request.json') -Encoding UTF8 | ConvertFrom-Json
        if ((@($stored.updates) -join ',') -ne (@($request.updates) -join ',')) {
            throw "the task $($request.task) installs other updates ($(@($stored.kbs) -join ', ')); nothing was started"
        }
        $state = if (Test-Path (Join-Path $folder 'finished')) { 'collected' } else { 'attached' }
        Write-Event @{ event = 'task'; name = $request.task; state = $state; run_as = $stored.run_as }
    } else {
        $reasons = Get-RebootReasons
        if ($reasons.Count -gt 0) {
            Write-Event @{ event = 'reboot-required'; reasons = $reasons }
            Write-Event @{ event = 'done'; ok = $false; reboot_pending = $true; boot_time = (Get-BootTime) }
            return
        }
        Start-InstallTask $folder
        Write-Event @{ event = 'task'; name = $request.task; state = 'started'; run_as = $request.run_as }
    }
    Watch-InstallTask $folder
    $failed = @(Get-Content -Path (Join-Path $folder 'progress.jsonl') -Encoding UTF8 | ConvertFrom-Json |
                Where-Object { $_.event -eq 'error' -or ($_.event -eq 'result' -and $_.result -eq 'failed') }).Count
    Remove-InstallTask $folder
    Write-Event @{ event = 'done'; ok = ($failed -eq 0); reboot_pending = ((Get-RebootReasons).Count -gt 0); boot_time = (Get-BootTime) }
}

# WUA calls a progress callback through IDispatch's default member (DISPID 0), as it does for scripting
# languages; the worker only polls GetProgress, so the callbacks do nothing.
function New-WuaCallback {
    if (-not ('PatchbayWuaCallback' -as [type])) {
        Add-Type -TypeDefinition @'
using System.Runtime.InteropServices;
[ComVisible(true)]
[ClassInterface(ClassInterfaceType.AutoDispatch)]
public class PatchbayWuaCallback {
    [DispId(0)]
    public void Invoke(object job, object args) { }
}
'@
    }
    New-Object PatchbayWuaCallback
}

# Runs in the scheduled task: one search, one download and one install for the whole batch, every step
# appended to progress.jsonl as the events the ssh session relays.
function Invoke-InstallWorker {
    Assert-UpdateList
    $folder = Get-TaskFolder
    $progressFile = Join-Path $folder 'progress.jsonl'
    function Add-Event([hashtable] $fields) {
        Add-Content -Path $progressFile -Value (ConvertTo-EventLine $fields) -Encoding UTF8
    }
    # Polls a download or an install begun with Begin*, writing its progress about once a second.
    function Watch-WuaJob($job, $updates, [string] $stage) {
        while (-not $job.IsCompleted) {
            $p = $job.GetProgress()
            $current = $updates.Item([Math]::Min($p.CurrentUpdateIndex, $updates.Count - 1))
            Add-Event @{ event = 'progress'; stage = $stage; percent = $p.PercentComplete; update_id = $current.Identity.UpdateID
                         kb = $kbOf[$current.Identity.UpdateID.ToLowerInvariant()]; update_percent = $p.CurrentUpdatePercentComplete }
            Start-Sleep -Seconds 1
        }
    }
    try {
        $session = New-Object -ComObject Microsoft.Update.Session
        $session.ClientApplicationID = 'Patchbay'
        $kbOf = @{}
        for ($i = 0; $i -lt $request.updates.Count; $i++) { $kbOf[([guid] $request.updates[$i]).ToString()] = $request.kbs[$i] }
        Add-Event @{ event = 'progress'; stage = 'search'; percent = 0 }
        # One search over every UpdateID. IsInstalled is not part of the criteria, so installed updates are found too.
        $criteria = (@($request.updates) | ForEach-Object { "UpdateID='" + ([guid] $_).ToString() + "'" }) -join ' or '
        $found = $session.CreateUpdateSearcher().Search($criteria).Updates
        Add-Event @{ event = 'progress'; stage = 'search'; percent = 100 }
        $byId = @{}
        foreach ($update in $found) { $byId[$update.Identity.UpdateID.ToLowerInvariant()] = $update }
        $batch = New-Object -ComObject Microsoft.Update.UpdateColl
        foreach ($id in @($request.updates)) {
            $key = ([guid] $id).ToString()
            $update = $byId[$key]
            if (-not $update) {
                Add-Event @{ event = 'result'; update_id = $id; kb = $kbOf[$key]; result = 'not-applicable'; result_code = 0; reboot_required = $false }
            } elseif ($update.IsInstalled) {
                $pending = $update.RebootRequired
                Add-Event @{ event = 'result'; update_id = $id; kb = $kbOf[$key]; result = $(if ($pending) { 'pending-reboot' } else { 'installed' })
                             result_code = 2; reboot_required = $pending }
            } else {
                if (-not $update.EulaAccepted) { $update.AcceptEula() }
                $null = $batch.Add($update)
            }
        }
        if ($batch.Count -gt 0) {
            $callback = New-WuaCallback
            $downloader = $session.CreateUpdateDownloader()
            $downloader.Updates = $batch
            $download = $downloader.BeginDownload($callback, $callback, $null)
            Watch-WuaJob $download $batch 'download'
            $downloaded = $downloader.EndDownload($download)
            $ready = New-Object -ComObject Microsoft.Update.UpdateColl
            for ($i = 0; $i -lt $batch.Count; $i++) {
                $update = $batch.Item($i)
                $id = $update.Identity.UpdateID
                if ($update.IsDownloaded) { $null = $ready.Add($update); continue }
                $code = $downloaded.GetUpdateResult($i).HResult
                # 0x80244019: WSUS has no content for the update; 0x80246007: not downloaded.
                $result = if ($code -eq 0 -or $code -eq 0x80244019 -or $code -eq 0x80246007) { 'not-delivered' } else { 'failed' }
                Add-Event @{ event = 'result'; update_id = $id; kb = $kbOf[$id.ToLowerInvariant()]; result = $result
                             result_code = $downloaded.GetUpdateResult($i).ResultCode; hresult = (Format-HResult $code); reboot_required = $false }
            }
            if ($ready.Count -gt 0) {
                $installer = $session.CreateUpdateInstaller()
                $installer.Updates = $ready
                $install = $installer.BeginInstall($callback, $callback, $null)
                Watch-WuaJob $install $ready 'install'
                $installed = $installer.EndInstall($install)
                for ($i = 0; $i -lt $ready.Count; $i++) {
                    $id = $ready.Item($i).Identity.UpdateID
                    $one = $installed.GetUpdateResult($i)
                    # OperationResultCode: 2 succeeded, 3 succeeded with errors, 4 failed, 5 aborted.
                    $result = if ($one.ResultCode -eq 2 -or $one.ResultCode -eq 3) { $(if ($one.RebootRequired) { 'pending-reboot' } else { 'installed' }) } else { 'failed' }
                    $fields = @{ event = 'result'; update_id = $id; kb = $kbOf[$id.ToLowerInvariant()]; result = $result; result_code = $one.ResultCode
                                 reboot_required = $one.RebootRequired }
                    if ($one.HResult -ne 0) { $fields.hresult = Format-HResult $one.HResult }
                    Add-Event $fields
                }
            }
        }
        # Report the new states to WSUS now rather than at the next scheduled report.
        try { (New-Object -ComObject Microsoft.Update.AutoUpdate).DetectNow() } catch { }
        try { & (Join-Path $env:SystemRoot 'System32\UsoClient.exe') StartScan } catch { }
    } catch {
        Add-Event @{ event = 'error'; message = $_.Exception.Message; hresult = (Format-HResult $_.Exception.HResult) }
    } finally {
        Set-Content -Path (Join-Path $folder 'finished.tmp') -Value ((Get-Date).ToUniversalTime().ToString('o'))
        Move-Item -Force -Path (Join-Path $folder 'finished.tmp') -Destination (Join-Path $folder 'finished')
    }
}

function Invoke-Reboot {
    $before = Get-BootTime
    & (Join-Path $env:SystemRoot 'System32\shutdown.exe') /r /t 5 /c 'Patchbay: restart for patch installation' /d p:2:17
    $code = $LASTEXITCODE
    # 1115 (0x8007045B): a shutdown is already under way, which is the restart asked for.
    if ($code -ne 0 -and $code -ne 1115) { throw "shutdown.exe /r ended with exit code $code" }
    Write-Event @{ event = 'reboot'; initiated = $true; boot_time = $before; already = ($code -eq 1115) }
}

try {
    Write-Event @{ event = 'hello'; protocol = $PatchbayProtocol; agent = $PatchbayAgent }
    $request = Read-Request
    if ($request.protocol -ne $PatchbayProtocol) {
        throw "this agent speaks protocol $PatchbayProtocol but the request is protocol $($request.protocol); update Patchbay or its agent script"
    }
    switch ($request.operation) {
        'check'          { Invoke-Check }
        'script'         { Invoke-OperatorScript }
        'install'        { Invoke-Install }
        'install-worker' { Invoke-InstallWorker }
        'reboot'         { Invoke-Reboot }
        default          { Write-Event @{ event = 'error'; message = "unknown operation '$($request.operation)'" } }
    }
} catch {
    Write-Event @{ event = 'error'; message = $_.Exception.Message; hresult = (Format-HResult $_.Exception.HResult) }
    exit 1
}
