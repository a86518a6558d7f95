# Invoke-PatchbayAgent.ps1 — Patchbay's agent on a Windows business server.
#
# Patchbay's ssh agent runs this script through the Windows OpenSSH server:
#   ssh -T patchbay@SERVER powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass
#       -Command "& ([ScriptBlock]::Create([Console]::In.ReadToEnd()))"
# and writes to its standard input one line
#   $PatchbayRequest = '{"operation":"install","updates":["<UpdateID>",...],"kbs":["KB..."],"script":""}'
# followed by this file. Nothing has to be installed on the server besides OpenSSH.
#
# Operations: check, script, install, reboot. Every step is written to standard output as one JSON object
# per line (see README.md, "Jobs and agents", for the fields):
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
$request = $PatchbayRequest | ConvertFrom-Json

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

function Invoke-Install {
    $session = New-Object -ComObject Microsoft.Update.Session
    $session.ClientApplicationID = 'Patchbay'
    $searcher = $session.CreateUpdateSearcher()
    $anyFailure = $false
    for ($i = 0; $i -lt $request.updates.Count; $i++) {
        $id = $request.updates[$i]
        $kb = $request.kbs[$i]
        # IsInstalled is not part of the criteria, so an installed update is found and reported as such.
        $found = $searcher.Search("UpdateID='$id'").Updates
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
