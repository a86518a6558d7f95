"""Reads the Patchbay WSUS simulator with zeep (a standard SOAP client) through the real WSDL, with NTLM
from requests-ntlm. Prints one JSON object with what it read; the Swift end-to-end test checks it.

usage: python3 zeep_reads_simulator.py BASE_URL USER PASSWORD
"""
import json
import sys

import requests
from requests_ntlm import HttpNtlmAuth
from zeep import Client
from zeep.transports import Transport


# zeep unwraps single-child arrays: a GenericReadableRow list comes back as a plain list of rows.
def cells(row):
    values = row["Values"]["anyType"] if row is not None and row["Values"] is not None else []
    return [str(v) if v is not None else None for v in values]


def main():
    base, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
    session = requests.Session()
    session.auth = HttpNtlmAuth(user, password)
    client = Client(f"{base}/ApiRemoting30/WebService.asmx?WSDL", transport=Transport(session=session, timeout=60))
    service = client.service
    groups = service.ExecuteSPGetAllTargetGroups()
    computers = service.ExecuteSPSearchComputers('<ComputerTargetScope IncludeDownstreamComputerTargets="false" />')
    updates = service.ExecuteSPSearchUpdates('<UpdateScope ApprovedStates="-1" />', "en", 2147483647)
    kbs = [cells(row)[1] for row in updates["kbArticles"]["GenericReadableRow"]]
    fault = None
    try:
        service.ExecuteSPGetUpdateInstallationInfoForComputer(None, '<UpdateScope ApprovedStates="-1" />', "en", 2147483647)
    except Exception as error:  # zeep raises zeep.exceptions.Fault
        fault = str(error)
    print(json.dumps({
        "version": service.GetServerVersion(),
        "role": service.GetCurrentUserRole(),
        "operations": len(client.wsdl.services["ApiRemoting"].ports["ApiRemotingSoap"].binding._operations),
        "group_names": sorted(cells(row)[1] for row in groups),
        "computer_names": sorted(cells(row)[4] for row in computers[0]["GenericReadableRow"]),
        "update_count": len(updates["minimalProperties"]["GenericReadableRow"]),
        "kbs": sorted(kbs),
        "fault": fault,
    }))


if __name__ == "__main__":
    main()
