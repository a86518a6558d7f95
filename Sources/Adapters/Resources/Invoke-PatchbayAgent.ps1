# Invoke-PatchbayAgent.ps1 - Patchbay's agent on a Windows business server.
#
# Patchbay's ssh agent runs this script through the Windows OpenSSH server:
#   ssh -T patchbay@SERVER powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass
#       -Command "& ([ScriptBlock]::Create([Console]::In.ReadToEnd()))"
# and writes to its standard input one line
#   $PatchbayRequestBase64 = '<base64 of the UTF-8 JSON request>'
# followed by this file. The request is JSON such as
#   {"operation":"install","updates":["<UpdateID>",...],"kbs":["KB..."],"script":""}
# It travels base64-encoded because PowerShell ends a '...' string at any of ' and U+2018-U+201B: a KB
# number or a script holding one of them would otherwise run as code here. The line holds only the base64
# alphabet, and this file is ASCII, so the console's code page cannot change what PowerShell parses.
# Nothing has to be installed on the server besides OpenSSH.
#
# Operations: check, script, install, reboot. Every step is written to standard output as one JSON object
# per line (see docs/operations.md, "Agents on real servers", for the fields):
#   {"event":"check","ok":true,"computer":"WEB01","os":"...","boot_time":"...","reboot_pending":false}
#   {"event":"progress","update_id":"...","kb":"KB...","stage":"download|install","percent":40}
#   {"event":"result","update_id":"...","kb":"KB...","result":"installed|pending-reboot|failed|not-applicable|not-delivered","hresult":"0x80070643"}
#   {"event":"script","exit_code":0,"output":"..."}
#   {"event":"reboot","initiated":true}
#   {"event":"done","ok":true}
#   {"event":"error","message":"...","hresult":"0x..."}
# Installing is idempotent: an update that is already installed is reported as installed and not touched,
# so Patchbay may repeat an install that was interrupted without applying anything twice.

$ErrorActionPreference = 'Stop'

function Read-Request {
    if (-not $PatchbayRequestBase64) { throw 'no request arrived: the first line must set $PatchbayRequestBase64' }
    [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($PatchbayRequestBase64)) | ConvertFrom-Json
}

function Write-Event([hashtable] $fields) {
    [Console]::Out.WriteLine(($fields | ConvertTo-Json -Compress -Depth 4))
    [Console]::Out.Flush()
}

function Format-HResult([int] $code) { '0x{0:X8}' -f $code }

function Get-BootTime {
    (Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')
}

function Test-RebootPending {
    (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') -or
    (Test-Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending')
}

function Invoke-Check {
    $service = Get-Service -Name wuauserv
    $os = Get-CimInstance Win32_OperatingSystem
    Write-Event @{ event = 'check'; ok = ($service.StartType -ne 'Disabled'); computer = $env:COMPUTERNAME
                   os = $os.Caption; boot_time = (Get-BootTime); reboot_pending = (Test-RebootPending)
                   message = "Windows Update service is $($service.Status) ($($service.StartType))" }
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
    Write-Event @{ event = 'script'; exit_code = $code; output = $output }
}

$guidPattern = '\A[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\z'

# Search criteria are a query language of their own: only a well-formed GUID may go into one. Patchbay
# checks this before sending; checking again here keeps a damaged request from reaching Windows Update.
function Assert-UpdateList {
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
}

function Invoke-Install {
    Assert-UpdateList
    $session = New-Object -ComObject Microsoft.Update.Session
    $session.ClientApplicationID = 'Patchbay'
    $searcher = $session.CreateUpdateSearcher()
    $anyFailure = $false
    for ($i = 0; $i -lt $request.updates.Count; $i++) {
        $id = $request.updates[$i]
        $kb = $request.kbs[$i]
        # IsInstalled is not part of the criteria, so an installed update is found and reported as such.
        $found = $searcher.Search("UpdateID='{0}'" -f ([guid] $id).ToString()).Updates
        if ($found.Count -eq 0) {
            Write-Event @{ event = 'result'; update_id = $id; kb = $kb; result = 'not-applicable' }
            continue
        }
        $update = $found.Item(0)
        if ($update.IsInstalled) {
            $state = if (Test-RebootPending) { 'pending-reboot' } else { 'installed' }
            Write-Event @{ event = 'result'; update_id = $id; kb = $kb; result = $state }
            continue
        }
        if (-not $update.EulaAccepted) { $update.AcceptEula() }
        $collection = New-Object -ComObject Microsoft.Update.UpdateColl
        [void] $collection.Add($update)
        if (-not $update.IsDownloaded) {
            Write-Event @{ event = 'progress'; update_id = $id; kb = $kb; stage = 'download'; percent = 0 }
            $downloader = $session.CreateUpdateDownloader()
            $downloader.Updates = $collection
            try {
                $download = $downloader.Download()
                $downloadCode = $download.GetUpdateResult(0).HResult
            } catch {
                $downloadCode = $_.Exception.HResult
            }
            if (-not $update.IsDownloaded) {
                # 0x80244019: WSUS has no content for the update; 0x80246007: not downloaded.
                $result = if ($downloadCode -eq 0x80244019 -or $downloadCode -eq 0 -or $downloadCode -eq 0x80246007) { 'not-delivered' } else { 'failed' }
                Write-Event @{ event = 'result'; update_id = $id; kb = $kb; result = $result; hresult = (Format-HResult $downloadCode) }
                $anyFailure = $true
                continue
            }
        }
        Write-Event @{ event = 'progress'; update_id = $id; kb = $kb; stage = 'install'; percent = 0 }
        $installer = $session.CreateUpdateInstaller()
        $installer.Updates = $collection
        try {
            $outcome = $installer.Install()
            $updateResult = $outcome.GetUpdateResult(0)
            # ResultCode 2 = succeeded, 3 = succeeded with errors.
            if ($updateResult.ResultCode -eq 2 -or $updateResult.ResultCode -eq 3) {
                $state = if ($updateResult.RebootRequired) { 'pending-reboot' } else { 'installed' }
                Write-Event @{ event = 'result'; update_id = $id; kb = $kb; result = $state }
            } else {
                Write-Event @{ event = 'result'; update_id = $id; kb = $kb; result = 'failed'; hresult = (Format-HResult $updateResult.HResult) }
                $anyFailure = $true
            }
        } catch {
            Write-Event @{ event = 'result'; update_id = $id; kb = $kb; result = 'failed'; hresult = (Format-HResult $_.Exception.HResult) }
            $anyFailure = $true
        }
    }
    # Report the new states to WSUS now rather than at the next scheduled report.
    try { (New-Object -ComObject Microsoft.Update.AutoUpdate).DetectNow() } catch { }
    try { & "$env:SystemRoot\System32\UsoClient.exe" StartScan } catch { }
    Write-Event @{ event = 'done'; ok = (-not $anyFailure); reboot_pending = (Test-RebootPending) }
}

function Invoke-Reboot {
    Write-Event @{ event = 'reboot'; initiated = $true; boot_time = (Get-BootTime) }
    & "$env:SystemRoot\System32\shutdown.exe" /r /t 5 /c 'Patchbay: restart after patch installation' /d p:2:17
}

try {
    $request = Read-Request
    switch ($request.operation) {
        'check'   { Invoke-Check }
        'script'  { Invoke-OperatorScript }
        'install' { Invoke-Install }
        'reboot'  { Invoke-Reboot }
        default   { Write-Event @{ event = 'error'; message = "unknown operation '$($request.operation)'" } }
    }
} catch {
    Write-Event @{ event = 'error'; message = $_.Exception.Message; hresult = (Format-HResult $_.Exception.HResult) }
    exit 1
}
