#!/usr/bin/env python3
"""Parses the .eml files of a maildir with Python's standard email parser and prints them as JSON:
[{"file", "from", "to", "subject", "date", "message_id", "mime_version", "content_type", "charset", "body"}], sorted by file."""
import email
import email.policy
import json
import os
import sys

folder = sys.argv[1]
messages = []
for name in sorted(n for n in os.listdir(folder) if n.endswith(".eml")):
    with open(os.path.join(folder, name), "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    messages.append({
        "file": name,
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "date": str(message["Date"]),
        "message_id": str(message["Message-ID"]),
        "mime_version": str(message["MIME-Version"]),
        "content_type": message.get_content_type(),
        "charset": message.get_content_charset(),
        # Text lines travel as CRLF; a mail reader shows them as lines.
        "body": message.get_content().replace("\r\n", "\n"),
    })
print(json.dumps(messages, ensure_ascii=False))
